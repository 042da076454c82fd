"""Bad input the Excel import refuses plainly: formulas, a hopeless file's error list, far too many rows."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from surveys import excel_import
from surveys.excel_template import CODE_ROW
from surveys.models import Answer
from surveys.services_import import rows_allowed, survey_import
from surveys.tests.test_import import COMPLETE_ENERGY, ENERGY, database_state


def _sheet(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_formula_cell_is_an_error_naming_the_cell(survey, fill):
    def formula(sheet):
        header = [cell.value for cell in sheet[CODE_ROW]]
        row = next(
            number
            for number in range(CODE_ROW + 1, sheet.max_row + 1)
            if sheet.cell(number, 1).value == ENERGY
        )
        sheet.cell(row, header.index("members_nj") + 1, "=30+10")

    before = database_state()
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}, header_edit=formula))
    assert len(result.errors) == 1, [str(error) for error in result.errors]
    (issue,) = result.errors
    assert issue.column == "members_nj"
    assert "formler er ikke tilladt; skriv værdien" in issue.message
    assert issue.value in issue.message  # the cell, e.g. L4
    assert database_state() == before


def test_a_text_cell_starting_with_equals_is_text_not_a_formula(survey, fill):
    def quoted(sheet):
        header = [cell.value for cell in sheet[CODE_ROW]]
        row = next(
            number
            for number in range(CODE_ROW + 1, sheet.max_row + 1)
            if sheet.cell(number, 1).value == ENERGY
        )
        cell = sheet.cell(row, header.index("comments") + 1, "=ja")
        cell.data_type = "s"

    result = survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}, header_edit=quoted))
    assert result.ok, [str(issue) for issue in result.errors]
    assert Answer.objects.get(question__code="comments").value_text == "=ja"


def test_the_error_list_stops_at_the_cap_and_counts_the_rest(survey, monkeypatch, tmp_path):
    monkeypatch.setattr(excel_import, "MAX_ERRORS", 5)
    rows = [["cluster", "status", "members_nj"]]
    rows += [[ENERGY if number == 0 else f"x{number}", "completed", "mange"] for number in range(8)]
    result = survey_import(survey=survey, file=_sheet(rows))
    assert len(result.errors) == 5
    assert result.errors_not_shown == 3 + 7  # the other number errors, and the seven unknown clusters
    path = tmp_path / "fejl.xlsx"
    path.write_bytes(_sheet(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="15 fejl"):
        call_command("import_survey", survey.slug, str(path), stderr=err)
    assert "… og 10 fejl mere." in err.getvalue()


def test_a_sheet_with_far_more_rows_than_invited_clusters_is_refused_before_it_is_read(survey):
    limit = rows_allowed(survey)
    rows = [["cluster", "status"]] + [[f"klynge-{number}", ""] for number in range(limit + 500)]
    (issue,) = survey_import(survey=survey, file=_sheet(rows)).errors
    assert "langt flere end de inviterede klynger" in issue.message and issue.row is None
    at_the_limit = [["cluster", "status"]] + [[f"klynge-{number}", ""] for number in range(limit)]
    assert all(
        "langt flere" not in issue.message
        for issue in survey_import(survey=survey, file=_sheet(at_the_limit)).errors
    )


def test_codes_in_row_two_under_question_texts_are_read(survey):
    rows = [
        ["Klynge", "Status", "Antal medlemmer"],
        ["cluster", "status", "members_nj"],
        [ENERGY, "Delvist besvaret", 12],
    ]
    result = survey_import(survey=survey, file=_sheet(rows))
    assert result.ok, [str(issue) for issue in result.errors]
    assert Answer.objects.get(question__code="members_nj").value_int == 12


def test_unknown_code_in_row_two_names_row_two(survey):
    rows = [["Klynge", "Status", "?"], ["cluster", "status", "medlemmer"], [ENERGY, "partial", 1]]
    result = survey_import(survey=survey, file=_sheet(rows))
    assert len(result.errors) == 1, [str(error) for error in result.errors]
    (issue,) = result.errors
    assert issue.row == 2 and issue.column == "medlemmer"


def test_a_danish_template_imports_while_the_pages_are_in_english(survey, fill):
    with translation.override("en"):
        result = survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}))
    assert result.ok, [str(issue) for issue in result.errors]
