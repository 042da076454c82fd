"""The Excel import: round trip, idempotence, dry run, and every kind of bad input changing nothing."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from openpyxl.xml import functions as xml_functions

from surveys.excel_template import CODE_ROW
from surveys.key_figures import key_figures
from surveys.models import Answer, AnswerChoice, Response, ResponseStatus
from surveys.services_import import survey_import

ENERGY = "energy-cluster-denmark"
CLEAN = "clean"
COMPLETE_ENERGY = {
    "status": "Gennemført",
    "dialog": "ja",
    "presence": "own_office",
    "office_municipality": 851,
    "partners:aau": "x",
    "partners:brn": 1,
    "members_nj": 40,
    "members_nj_large": 10,
    "members_nj_small": 30,
    "members_nj_small:estimate": "x",
    "unique_companies": "120",
    "activity_types:events": "ja",
    "agreements:851": 1,
    "agreements:860": 1,
    "comments": "Godt samarbejde",
}


def database_state() -> tuple:
    """Everything an import may change, to prove that a refused file changed nothing."""
    return (
        sorted(Response.objects.values_list("pk", "status", "version", "updated_at")),
        sorted(
            Answer.objects.values_list(
                "pk", "question_id", "value_bool", "value_int", "value_text", "option_id", "is_estimate"
            )
        ),
        sorted(AnswerChoice.objects.values_list("pk", "answer_id", "option_id")),
        Response.history.count() + Answer.history.count() + AnswerChoice.history.count(),
    )


def test_round_trip_template_filled_imported_gives_the_key_figures(survey, fill):
    data = fill(survey, {ENERGY: COMPLETE_ENERGY, CLEAN: {"status": "partial", "members_nj": 5}})
    result = survey_import(survey=survey, file=data)
    assert result.ok, [str(error) for error in result.errors]
    assert len(result.changes) == 2
    figures = key_figures(survey=survey)
    assert figures["completed"].value == 1  # the partial response does not count
    assert figures["members_total"].value == 40
    assert figures["members_small"].estimated_by == 1
    assert figures["unique_companies"].value == 120
    assert figures["municipal_agreements"].value == 2
    assert figures["own_office"].value == 1
    assert figures["with_nj_partner"].value == 1
    assert Response.objects.get(cluster__slug=CLEAN).status == ResponseStatus.PARTIAL


def test_reimporting_the_same_file_changes_nothing(survey, fill):
    data = fill(survey, {ENERGY: COMPLETE_ENERGY})
    survey_import(survey=survey, file=data)
    before = database_state()
    again = survey_import(survey=survey, file=data)
    assert again.ok and again.changes == []
    assert database_state() == before


def test_import_replaces_the_answers_of_a_cluster_and_leaves_blank_rows_alone(survey, fill):
    survey_import(
        survey=survey,
        file=fill(survey, {ENERGY: COMPLETE_ENERGY, CLEAN: {"status": "partial", "members_nj": 5}}),
    )
    changed = {**COMPLETE_ENERGY, "members_nj": 50, "comments": None, "agreements:860": None}
    # The template comes pre-filled: CLEAN's row is cleared to a blank row, which leaves CLEAN untouched.
    blank_row = {"status": None, "members_nj": None}
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: changed, CLEAN: blank_row}))
    assert result.ok
    (diff,) = result.changes
    assert diff.changed == ["members_nj", "agreements"] and diff.removed == ["comments"]
    assert CLEAN in result.skipped
    assert Response.objects.get(cluster__slug=CLEAN).answers.get(question__code="members_nj").value_int == 5
    assert key_figures(survey=survey)["municipal_agreements"].value == 1


def test_dry_run_reports_changes_and_writes_nothing(survey, fill):
    before = database_state()
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}), dry_run=True)
    assert result.ok and result.dry_run
    assert [diff.response.cluster.slug for diff in result.changes] == [ENERGY]
    assert database_state() == before


def test_command_dry_run_and_import(survey, fill, tmp_path):
    path = tmp_path / "svar.xlsx"
    path.write_bytes(fill(survey, {ENERGY: COMPLETE_ENERGY}))
    out = io.StringIO()
    call_command("import_survey", survey.slug, str(path), "--dry-run", stdout=out)
    assert "ville blive ændret" in out.getvalue()
    assert key_figures(survey=survey)["completed"].value == 0
    call_command("import_survey", survey.slug, str(path), stdout=io.StringIO())
    assert key_figures(survey=survey)["completed"].value == 1


def test_command_lists_every_error_and_exits_non_zero(survey, fill, tmp_path):
    path = tmp_path / "svar.xlsx"
    path.write_bytes(
        fill(
            survey,
            {
                ENERGY: {**COMPLETE_ENERGY, "members_nj": -1},
                CLEAN: {"status": "completed", "participants": "mange"},
            },
        )
    )
    err = io.StringIO()
    before = database_state()
    with pytest.raises(CommandError, match="2 fejl"):
        call_command("import_survey", survey.slug, str(path), stdout=io.StringIO(), stderr=err)
    assert "ark Svar · række 8 · kolonne members_nj · værdi «-1»: Må ikke være negativt." in err.getvalue()
    assert "kolonne participants · værdi «mange»: Er ikke et tal." in err.getvalue()
    assert database_state() == before


def test_openpyxl_parses_xml_with_defusedxml():
    """defusedxml is installed, so openpyxl refuses entity-expansion and external-entity attacks."""
    assert openpyxl.DEFUSEDXML is True
    assert xml_functions.fromstring.__module__.startswith("defusedxml")


# --- Bad input: one test per kind, each proving nothing changed ---------------------------------------


def _refused(survey, data, *, name: str = "", expect: str) -> list:
    before = database_state()
    result = survey_import(survey=survey, file=data, name=name)
    assert not result.ok
    assert any(expect in error.message for error in result.errors), [str(error) for error in result.errors]
    assert database_state() == before
    return result.errors


def _rename_header(old: str, new: str | None):
    def edit(sheet):
        for cell in sheet[CODE_ROW]:
            if cell.value == old:
                cell.value = new

    return edit


def test_wrong_file_type_is_refused(survey):
    _refused(survey, b"cluster;status\nclean;completed\n", name="svar.csv", expect=".xlsx")


def test_xlsx_that_is_really_something_else_is_refused(survey):
    _refused(
        survey, b"cluster;status\nclean;completed\n", name="svar.xlsx", expect="ikke en rigtig Excel-fil"
    )


def test_zip_that_is_not_a_workbook_is_refused(survey):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("word/document.xml", "<w/>")
    _refused(survey, archive.getvalue(), name="svar.xlsx", expect="ikke en Excel-projektmappe")


def test_broken_workbook_is_refused(survey):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("xl/workbook.xml", "<not-a-workbook")
    _refused(survey, archive.getvalue(), name="svar.xlsx", expect="kunne ikke læses")


def test_oversized_file_is_refused(survey, fill, settings):
    data = fill(survey, {ENERGY: COMPLETE_ENERGY})
    settings.SURVEY_IMPORT_MAX_BYTES = len(data) - 1
    _refused(survey, data, expect="for stor")


@pytest.mark.slow
def test_zip_bomb_is_refused_before_it_is_opened(survey, settings, monkeypatch):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
        out.writestr("xl/worksheets/sheet1.xml", b"\0" * (settings.SURVEY_IMPORT_MAX_UNCOMPRESSED_BYTES + 1))
    data = archive.getvalue()
    assert len(data) < settings.SURVEY_IMPORT_MAX_BYTES
    monkeypatch.setattr("openpyxl.load_workbook", lambda *args, **kwargs: pytest.fail("opened a zip bomb"))
    _refused(survey, data, expect="udpakket")


def test_archive_with_too_many_entries_is_refused(survey, settings):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for number in range(settings.SURVEY_IMPORT_MAX_ENTRIES + 1):
            out.writestr(f"xl/part{number}.xml", "")
        out.writestr("xl/workbook.xml", "<workbook/>")
    _refused(survey, archive.getvalue(), expect="for mange dele")


def test_empty_sheet_is_refused(survey):
    workbook = openpyxl.Workbook()
    out = io.BytesIO()
    workbook.save(out)
    _refused(survey, out.getvalue(), expect="Arket er tomt")


def test_sheet_without_cluster_rows_is_refused(survey):
    workbook = openpyxl.Workbook()
    workbook.active.append(["cluster", "status", "dialog"])
    out = io.BytesIO()
    workbook.save(out)
    _refused(survey, out.getvalue(), expect="ingen rækker")


def test_missing_cluster_column_is_refused(survey, fill):
    data = fill(survey, {ENERGY: COMPLETE_ENERGY}, header_edit=_rename_header("cluster", None))
    _refused(survey, data, expect="«cluster» mangler")


def test_unknown_column_is_refused(survey, fill):
    data = fill(survey, {ENERGY: COMPLETE_ENERGY}, header_edit=_rename_header("comments", "kommentar"))
    errors = _refused(survey, data, expect="Ukendt kolonne")
    assert errors[0].column == "kommentar" and errors[0].row == CODE_ROW


def test_unknown_cluster_is_refused(survey, fill):
    errors = _refused(survey, fill(survey, {"ingen-klynge": COMPLETE_ENERGY}), expect="Ukendt klynge")
    assert errors[0].value == "ingen-klynge" and errors[0].row == 16


def test_cluster_not_invited_is_refused(survey, fill):
    _refused(survey, fill(survey, {"marlog": {"status": "completed"}}), expect="ikke inviteret")


def test_duplicate_cluster_is_refused(survey, fill):
    def duplicate(sheet):
        sheet.append([ENERGY, "", "partial"])

    _refused(survey, fill(survey, {ENERGY: COMPLETE_ENERGY}, header_edit=duplicate), expect="også i række")


def test_text_in_number_column_is_refused(survey, fill):
    _refused(
        survey, fill(survey, {ENERGY: {**COMPLETE_ENERGY, "members_nj": "cirka 40"}}), expect="Er ikke et tal"
    )


def test_negative_number_is_refused(survey, fill):
    _refused(survey, fill(survey, {ENERGY: {**COMPLETE_ENERGY, "participants": -5}}), expect="negativt")


@pytest.mark.parametrize("value", [12.5, "12,5", "1.740"])
def test_fractional_number_is_refused(survey, fill, value):
    _refused(survey, fill(survey, {ENERGY: {**COMPLETE_ENERGY, "participants": value}}), expect="helt tal")


def test_size_bands_above_the_total_break_the_rule(survey, fill):
    errors = _refused(
        survey,
        fill(survey, {ENERGY: {**COMPLETE_ENERGY, "members_nj_large": 30}}),
        expect="må tilsammen ikke overstige",
    )
    assert errors[0].column == "members_nj"


def test_office_municipality_without_presence_breaks_the_rule(survey, fill):
    _refused(
        survey,
        fill(survey, {ENERGY: {**COMPLETE_ENERGY, "presence": "none"}}),
        expect="kun, når klyngen er fysisk",
    )


def test_answers_without_status_are_refused(survey, fill):
    _refused(survey, fill(survey, {ENERGY: {**COMPLETE_ENERGY, "status": None}}), expect="ingen status")


def test_unknown_status_and_option_are_refused(survey, fill):
    errors = _refused(
        survey,
        fill(survey, {ENERGY: {**COMPLETE_ENERGY, "status": "done", "presence": "kontor"}}),
        expect="Ukendt status",
    )
    assert any("Ukendt svarmulighed" in error.message for error in errors)


def test_every_error_is_reported_at_once(survey, fill):
    data = fill(
        survey,
        {
            ENERGY: {**COMPLETE_ENERGY, "members_nj": -1, "dialog": "måske"},
            CLEAN: {"status": "completed", "participants": 2.5},
            "ingen-klynge": {"status": "completed"},
        },
    )
    errors = _refused(survey, data, expect="negativt")
    # Rows follow the template's order by cluster name, under the text and code rows: CLEAN is row 3,
    # Energy Cluster Denmark row 8.
    assert {(error.row, error.column) for error in errors} >= {
        (8, "members_nj"),
        (8, "dialog"),
        (3, "participants"),
        (16, "cluster"),
    }


def test_labels_and_words_are_accepted_case_insensitively(survey, fill):
    row = {
        **COMPLETE_ENERGY,
        "status": "gennemført",
        "presence": "Samlokation med Erhvervshuset",
        "dialog": "YES",
        "office_municipality": "Aalborg",
    }
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: row}))
    assert result.ok, [str(error) for error in result.errors]
    assert key_figures(survey=survey)["co_located"].value == 1


def test_import_writes_history_rows_for_answers_choices_and_statuses(survey, fill, django_user_model):
    user = django_user_model.objects.create(username="importer")
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}), user=user)
    assert result.ok
    response = Response.objects.get(survey=survey, cluster__slug=ENERGY)
    created = Answer.history.filter(response_id=response.pk, history_type="+")
    assert created.count() == response.answers.count() == 11
    assert set(created.values_list("history_user", "history_change_reason").distinct()) == {
        (user.pk, "import")
    }
    assert AnswerChoice.history.filter(answer__response_id=response.pk, history_type="+").count() == 5
    last = response.history.first()
    assert (last.status, last.version, last.history_type, last.history_user) == ("completed", 2, "~", user)
    assert last.instance.updated_by == user

    changed = {**COMPLETE_ENERGY, "members_nj": 41, "partners:brn": None}
    survey_import(survey=survey, file=fill(survey, {ENERGY: changed}), user=user)
    members = response.answers.get(question__code="members_nj")
    assert [row.value_int for row in members.history.order_by("history_date", "history_id")] == [40, 41]
    assert AnswerChoice.history.filter(history_type="-").count() == 1
