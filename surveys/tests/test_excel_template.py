"""The Excel template: the contract's layout, pre-filled answers, drop-downs, and the command that writes it."""

from __future__ import annotations

import io

import openpyxl
from django.core.management import call_command

from surveys.excel_template import CODE_ROW, FIRST_CLUSTER_ROW, TEXT_ROW, survey_template_write
from surveys.models import Answer, AnswerChoice
from surveys.services_import import survey_import
from surveys.tests.test_import import database_state

ENERGY = "energy-cluster-denmark"


def _template(survey) -> openpyxl.Workbook:
    out = io.BytesIO()
    survey_template_write(survey=survey, file=out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def test_template_has_the_contract_layout(survey):
    workbook = _template(survey)
    assert workbook.sheetnames == ["Svar", "Spørgsmål"]
    header = [cell.value for cell in workbook["Svar"][CODE_ROW]]
    assert header[:4] == ["cluster", "cluster_name", "status", "dialog"]
    assert {"partners:aau", "agreements:851", "members_nj:estimate", "comments"} <= set(header)
    assert "office_municipality:estimate" not in header
    slugs = [row[0].value for row in workbook["Svar"].iter_rows(min_row=FIRST_CLUSTER_ROW)]
    assert len(slugs) == 13 and ENERGY in slugs


def test_row_one_holds_short_danish_question_texts(survey):
    texts = [cell.value for cell in _template(survey)["Svar"][TEXT_ROW]]
    codes = [cell.value for cell in _template(survey)["Svar"][CODE_ROW]]
    by_code = dict(zip(codes, texts, strict=True))
    assert by_code["status"] == "Status"
    assert by_code["presence"] == "Har klyngen fysisk tilstedeværelse i Nordjylland?"
    assert by_code["partners:aau"].endswith(": Aalborg Universitet")
    assert all(text and len(text) <= 60 for text in texts)


def test_status_and_choices_have_drop_downs_of_danish_labels(survey):
    workbook = _template(survey)
    sheet = workbook["Svar"]
    codes = [cell.value for cell in sheet[CODE_ROW]]
    letter = {code: openpyxl.utils.get_column_letter(index) for index, code in enumerate(codes, start=1)}

    def options(code: str) -> list[str]:
        (validation,) = [v for v in sheet.data_validations.dataValidation if f"{letter[code]}3" in v.sqref]
        formula = validation.formula1
        if formula.startswith('"'):
            return formula.strip('"').split(",")
        source, cells = formula.split("!")
        first, last = cells.replace("$", "").split(":")
        return [row[0].value for row in workbook[source.strip("'")][f"{first}:{last}"]]

    assert options("status") == ["Ikke besvaret", "Delvist besvaret", "Gennemført"]
    assert options("presence") == [
        "Selvstændigt fysisk kontor",
        "Samlokation med Erhvervshuset",
        "Ingen fysisk tilstedeværelse",
    ]
    assert "Aalborg" in options("office_municipality")
    assert options("dialog") == ["ja", "nej"]
    assert options("partners:aau") == ["ja", "nej"]  # «nej» in every cell: answered, none chosen
    assert options("members_nj:estimate") == ["ja"]


def test_questions_sheet_explains_every_column_in_danish(survey):
    workbook = _template(survey)
    codes = [cell.value for cell in workbook["Svar"][CODE_ROW]]
    documented = {row[0].value: row for row in workbook["Spørgsmål"].iter_rows() if row[0].value in codes}
    assert set(documented) == set(codes)
    assert all(row[1].value for row in documented.values())
    notes = " ".join(str(row[0].value) for row in workbook["Spørgsmål"].iter_rows(max_row=6))
    assert "En tom celle betyder intet svar" in notes and "fjernes svaret" in notes


def test_template_is_pre_filled_and_a_round_trip_changes_exactly_one_answer(demo_survey):
    workbook = _template(demo_survey)
    sheet = workbook["Svar"]
    codes = [cell.value for cell in sheet[CODE_ROW]]
    row = next(row for row in sheet.iter_rows(min_row=FIRST_CLUSTER_ROW) if row[0].value == ENERGY)
    values = {code: cell.value for code, cell in zip(codes, row, strict=False)}
    assert values["status"] == "Gennemført"
    assert values["dialog"] == "ja" and values["members_nj"] == 80 and values["agreements:851"] == "ja"
    assert values["presence"] == "Selvstændigt fysisk kontor" and values["partners:ucn"] is None
    before = database_state()
    row[codes.index("members_nj")].value = 81
    out = io.BytesIO()
    workbook.save(out)
    result = survey_import(survey=demo_survey, file=out.getvalue())
    assert result.ok, [str(error) for error in result.errors]
    (diff,) = result.changes
    assert (diff.added, diff.changed, diff.removed) == ([], ["members_nj"], [])
    after = database_state()
    assert len(set(after[1]) - set(before[1])) == 1  # one Answer row differs
    assert after[2] == before[2]  # no choice touched
    assert Answer.objects.get(response__cluster__slug=ENERGY, question__code="members_nj").value_int == 81
    assert AnswerChoice.objects.count() == len(before[2])


def test_template_command_writes_the_file(survey, tmp_path):
    path = tmp_path / "skabelon.xlsx"
    call_command("survey_template", survey.slug, str(path), stdout=io.StringIO())
    assert openpyxl.load_workbook(path).sheetnames == ["Svar", "Spørgsmål"]


def test_a_question_answered_with_none_chosen_survives_the_round_trip(demo_survey):
    """ "None chosen" is an answer: its option cells say «nej», so re-importing the template leaves it one
    (all blank would read as unanswered and remove it)."""
    answer = Answer.objects.get(
        response__survey=demo_survey, response__cluster__slug=ENERGY, question__code="partners"
    )
    AnswerChoice.objects.filter(answer=answer).delete()
    workbook = _template(demo_survey)
    sheet = workbook["Svar"]
    codes = [cell.value for cell in sheet[CODE_ROW]]
    row = next(row for row in sheet.iter_rows(min_row=FIRST_CLUSTER_ROW) if row[0].value == ENERGY)
    partner_cells = {
        code: cell.value for code, cell in zip(codes, row, strict=False) if code.startswith("partners:")
    }
    assert set(partner_cells.values()) == {"nej"}
    out = io.BytesIO()
    workbook.save(out)
    result = survey_import(survey=demo_survey, file=out.getvalue())
    assert result.ok, [str(error) for error in result.errors]
    assert all(not (diff.added or diff.changed or diff.removed) for diff in result.changes)
    assert Answer.objects.filter(pk=answer.pk).exists()
