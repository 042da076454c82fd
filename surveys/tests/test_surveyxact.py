"""The SurveyXact import (../shared/surveyxact.md): every dialect, the real sample exports, the mapping, errors."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from surveys.key_figures import key_figures
from surveys.models import Answer, Response, ResponseStatus
from surveys.schema import schema_load
from surveys.services_import import surveyxact_import
from surveys.surveyxact_export import export_read
from surveys.surveyxact_mapping import DEFAULT_STATUS_VALUES, mapping_propose
from surveys.tests.contract import CONTRACT_2023
from surveys.tests.surveyxact_support import (
    COMMENT,
    SAMPLES,
    SECRET_EMAIL,
    SECRET_NAME,
    export_tables,
    mapping_2023,
    write_folder,
    xlsx_bytes,
    zip_bytes,
)
from surveys.tests.test_import import database_state

needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(),
    reason="../shared/samples/surveyxact (the real SurveyXact exports) is not beside the project",
)
READSX = SAMPLES / "readSX"
CONTACT_VARIABLES = ["id", "orgnr", "forn", "ettern", "email"]


@pytest.fixture
def tables(survey):
    return export_tables(schema_load(survey.questionnaire))


@pytest.fixture
def mapping(survey):
    return mapping_2023(schema_load(survey.questionnaire))


def _figures(survey) -> dict:
    return {key: figure.value for key, figure in key_figures(survey=survey).items()}


def _assert_imported(result) -> None:
    assert result.ok, [str(error) for error in result.errors]


@pytest.mark.parametrize("dialect", ["utf16-tab", "ansi-semicolon", "ansi-comma", "utf8"])
def test_csv_export_in_a_zip_reproduces_the_contract_figures(survey, tables, mapping, dialect):
    result = surveyxact_import(
        survey=survey, file=zip_bytes(tables, dialect), mapping=mapping, name="eksport.zip"
    )
    _assert_imported(result)
    assert len(result.changes) == 12
    assert _figures(survey) == CONTRACT_2023
    assert (
        Answer.objects.get(response__cluster__slug="clean", question__code="comments").value_text == COMMENT
    )


def test_csv_export_in_a_folder_and_an_xlsx_give_the_same_state(survey, tables, mapping, tmp_path):
    _assert_imported(
        surveyxact_import(survey=survey, file=write_folder(tmp_path, tables, "utf16-tab"), mapping=mapping)
    )
    after_folder = database_state()[1:3]
    again = surveyxact_import(survey=survey, file=xlsx_bytes(tables), mapping=mapping, name="eksport.xlsx")
    _assert_imported(again)
    assert again.changes == []
    assert database_state()[1:3] == after_folder
    assert _figures(survey) == CONTRACT_2023


def test_xlsx_with_the_dataset_split_over_two_sheets_is_joined_side_by_side(survey, tables, mapping):
    result = surveyxact_import(
        survey=survey, file=xlsx_bytes(tables, split_at=20), mapping=mapping, name="e.xlsx"
    )
    _assert_imported(result)
    assert _figures(survey) == CONTRACT_2023


def test_estimates_and_history_name_surveyxact_and_the_respondent(survey, tables, mapping):
    _assert_imported(
        surveyxact_import(survey=survey, file=zip_bytes(tables, "utf8"), mapping=mapping, name="e.zip")
    )
    figures = key_figures(survey=survey)
    assert figures["unique_companies"].reported_by == 10
    assert figures["unique_companies"].estimated_by > 0
    latest = Response.history.filter(cluster__slug="energy-cluster-denmark").order_by("-history_id").first()
    assert latest.history_change_reason.startswith("SurveyXact · respondentid 7001 · ")


def test_dry_run_writes_nothing_and_reports_the_changes(survey, tables, mapping):
    before = database_state()
    result = surveyxact_import(
        survey=survey, file=zip_bytes(tables, "utf8"), mapping=mapping, dry_run=True, name="e.zip"
    )
    _assert_imported(result)
    assert len(result.changes) == 12
    assert database_state() == before


def test_no_personal_variable_of_the_export_is_stored_anywhere(survey, tables, mapping):
    _assert_imported(
        surveyxact_import(survey=survey, file=xlsx_bytes(tables), mapping=mapping, name="e.xlsx")
    )
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(str(cell) for cell in row)
                assert SECRET_EMAIL not in text and SECRET_NAME not in text, table


def test_import_command_with_mapping_file_and_dry_run(survey, tables, mapping, tmp_path):
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps(mapping), encoding="utf-8")
    folder = write_folder(tmp_path / "eksport", tables, "ansi-semicolon")
    out = io.StringIO()
    call_command(
        "import_surveyxact", survey.slug, str(folder), "--mapping", str(mapping_file), "--dry-run", stdout=out
    )
    assert "12 klynger ville blive ændret" in out.getvalue()
    assert not Answer.objects.exists()
    call_command(
        "import_surveyxact", survey.slug, str(folder), "--mapping", str(mapping_file), stdout=io.StringIO()
    )
    assert _figures(survey) == CONTRACT_2023
    survey.refresh_from_db()
    assert survey.surveyxact_mapping == mapping  # kept with the survey for the next import


def test_import_command_without_any_mapping_fails_and_changes_nothing(survey, tables, tmp_path):
    folder = write_folder(tmp_path, tables, "utf8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_surveyxact", survey.slug, str(folder), stderr=err)
    assert "ingen SurveyXact-mapping" in err.getvalue()


def _edit(tables, respondent: int, **cells) -> tuple:
    """The tables with cells of one dataset row (1 = the first respondent) replaced."""
    dataset, structure, labels = tables
    header = dataset[0]
    rows = [list(row) for row in dataset]
    for column, value in cells.items():
        rows[respondent][header.index(column)] = value
    return rows, structure, labels


@pytest.mark.parametrize(
    ("cells", "variable", "reason"),
    [
        ({"s_6": "90,5"}, "s_6", "helt tal uden decimaler"),
        ({"s_6": "-3"}, "s_6", "negativt"),
        ({"s_1": "7"}, "s_1", "kender ikke denne kodede værdi"),
        ({"stato_2": "1"}, "stato_2, stato_4", "Flere statusfelter"),
        ({"s_5_1": "2"}, "s_5_1", "1, 0 eller tom"),
        ({"klynge": "99"}, "klynge", "Ukendt klynge"),
        ({"s_7": "900"}, "s_6", "ikke overstige"),
    ],
)
def test_bad_cells_are_errors_naming_respondent_variable_and_value(
    survey, tables, mapping, cells, variable, reason
):
    before = database_state()
    result = surveyxact_import(
        survey=survey, file=zip_bytes(_edit(tables, 1, **cells), "utf8"), mapping=mapping, name="e.zip"
    )
    assert not result.ok
    assert database_state() == before
    (issue,) = result.errors
    assert issue.column == variable, str(issue)
    assert reason.lower() in str(issue).lower()
    assert issue.row == 2
    if variable != "klynge":
        assert issue.respondent.startswith("7001 (")


def test_integers_with_a_decimal_point_or_comma_zero_are_whole(survey, tables, mapping):
    edited = _edit(tables, 1, s_6="80.0")
    _assert_imported(
        surveyxact_import(survey=survey, file=zip_bytes(edited, "utf8"), mapping=mapping, name="e.zip")
    )
    assert _figures(survey)["members_total"] == CONTRACT_2023["members_total"]


def test_two_rows_for_a_cluster_use_the_completed_one_and_report_the_other(survey, tables, mapping):
    dataset, structure, labels = tables
    header = dataset[0]
    duplicate = list(dataset[1])
    duplicate[header.index("responde")] = "8001"
    for value in "12345":
        duplicate[header.index(f"stato_{value}")] = "1" if value == "2" else "0"
    result = surveyxact_import(
        survey=survey,
        file=zip_bytes(([*dataset, duplicate], structure, labels), "utf8"),
        mapping=mapping,
        name="e.zip",
    )
    _assert_imported(result)
    (note,) = result.notes
    assert note.respondent == "8001" and "bruges ikke" in note.message
    assert _figures(survey) == CONTRACT_2023
    both_completed = _edit(([*dataset, dataset[1]], structure, labels), 1)
    result = surveyxact_import(
        survey=survey, file=zip_bytes(both_completed, "utf8"), mapping=mapping, name="e.zip"
    )
    assert any("også i række 2" in issue.message for issue in result.errors)


def test_all_option_columns_blank_is_unanswered_and_all_zero_is_none_chosen(survey, tables, mapping):
    agreements = [f"s_12_{index}" for index in range(1, 19)]
    edited = _edit(tables, 1, **dict.fromkeys(agreements, "0"))
    _assert_imported(
        surveyxact_import(survey=survey, file=zip_bytes(edited, "utf8"), mapping=mapping, name="e.zip")
    )
    answer = Answer.objects.get(response__cluster__slug="energy-cluster-denmark", question__code="agreements")
    assert not answer.choices.exists()
    edited = _edit(tables, 1, **dict.fromkeys(agreements, ""))
    _assert_imported(
        surveyxact_import(survey=survey, file=zip_bytes(edited, "utf8"), mapping=mapping, name="e.zip")
    )
    response = Response.objects.get(cluster__slug="energy-cluster-denmark")
    assert not response.answers.filter(question__code="agreements").exists()
    assert response.status == ResponseStatus.COMPLETED


def test_a_variable_the_mapping_does_not_know_is_named_and_other_errors_still_reported(
    survey, tables, mapping
):
    dataset, structure, labels = tables
    dataset = [[*row, "hemmeligt" if index else "x_ny"] for index, row in enumerate(dataset)]
    structure = [*structure, ["x_ny", "x_ny", "Open", "String", "Ny variabel", "", ""]]
    edited = _edit((dataset, structure, labels), 2, s_6="mange")
    result = surveyxact_import(survey=survey, file=zip_bytes(edited, "utf8"), mapping=mapping, name="e.zip")
    messages = [(issue.column, issue.message) for issue in result.errors]
    assert any(column == "x_ny" and "kender ikke variablen" in message for column, message in messages)
    assert any(column == "s_6" and "Er ikke et tal" in message for column, message in messages)
    assert all("hemmeligt" not in str(issue) for issue in result.errors)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            lambda m: m["questions"].update(nonsense={"question": "s_1", "type": "yes_no"}),
            "ikke et spørgsmål",
        ),
        (lambda m: m["questions"]["dialog"].update(question="s_404"), "findes ikke i eksporten"),
        (lambda m: m["questions"]["dialog"]["values"].update({"8": True}), "findes ikke i eksportens Labels"),
        (lambda m: m["questions"]["partners"]["choices"].update({"77": "aau"}), "valgmuligheden «77»"),
        (lambda m: m["questions"]["presence"]["values"].update({"1": "castle"}), "ikke et gyldigt svar"),
        (lambda m: m["questions"]["dialog"].update(type="text"), "typen skal være"),
        (lambda m: m["questions"]["comments"].update(question="email"), "personlig variabel"),
    ],
)
def test_a_mapping_naming_unknown_things_is_refused_before_any_row_is_read(
    survey, tables, mapping, edit, problem
):
    edit(mapping)
    result = surveyxact_import(survey=survey, file=zip_bytes(tables, "utf8"), mapping=mapping, name="e.zip")
    assert not result.ok
    assert any(problem in issue.message for issue in result.errors), [str(issue) for issue in result.errors]
    assert all(issue.row is None for issue in result.errors)


def test_proposed_mapping_matches_questions_and_options_by_text(survey, tables, mapping, tmp_path):
    schema = schema_load(survey.questionnaire)
    export = export_read(write_folder(tmp_path, tables, "utf8"))
    proposal = mapping_propose(schema=schema, export=export, survey_slug=survey.slug)
    assert proposal["respondent_key"] == {"variable": "klynge"}
    assert {code: entry["question"] for code, entry in proposal["questions"].items()} == {
        code: entry["question"] for code, entry in mapping["questions"].items()
    }
    assert proposal["questions"]["partners"]["choices"] == mapping["questions"]["partners"]["choices"]
    assert proposal["questions"]["presence"]["values"] == mapping["questions"]["presence"]["values"]
    assert proposal["questions"]["dialog"]["values"] == {"1": True, "2": False, "3": None}
    assert proposal["personal_data"] == ["email", "name"]


@pytest.mark.slow
def test_an_xlsx_with_far_more_respondents_than_invited_clusters_is_refused_before_it_is_read(
    survey, tables, mapping
):
    dataset, structure, labels = tables
    many = [dataset[0], *(dataset[1:] * 40)]  # 520 respondents for 13 invitations
    result = surveyxact_import(
        survey=survey, file=xlsx_bytes((many, structure, labels)), mapping=mapping, name="e.xlsx"
    )
    (issue,) = result.errors
    assert "langt flere end de inviterede klynger" in issue.message
    split = xlsx_bytes((many, structure, labels), split_at=20)
    assert (
        "langt flere"
        in surveyxact_import(survey=survey, file=split, mapping=mapping, name="e.xlsx").errors[0].message
    )


def test_a_file_that_is_not_an_export_is_refused_with_one_clear_error(survey, mapping):
    result = surveyxact_import(survey=survey, file=b"not a zip", mapping=mapping, name="eksport.zip")
    (issue,) = result.errors
    assert "zip" in issue.message.lower() or "excel" in issue.message.lower()
    result = surveyxact_import(survey=survey, file=b"x", mapping=mapping, name="eksport.pdf")
    assert ".xlsx" in result.errors[0].message


# The real exports: readSX's sample survey in four dialects and laravel-sx's API export.


@pytest.mark.slow
@needs_samples
def test_all_four_readsx_dialects_give_the_same_dataset():
    exports = {
        "xlsx": export_read((READSX / "ex_survey2.xlsx").read_bytes(), "ex_survey2.xlsx"),
        **{
            folder: export_read(READSX / folder)
            for folder in ("ex_survey2_comma_ansi", "ex_survey2_semicolon_ansi", "ex_survey2_tab_utf16")
        },
    }
    reference = exports["xlsx"]
    assert len(reference.rows) == 999
    assert reference.by_question["statoverall"][3].name == "stato_4"
    for folder, export in exports.items():
        extra = [column for column in export.columns if column not in reference.columns]
        assert extra in ([], CONTACT_VARIABLES), folder  # the comma export adds the contact variables
        shared = [column for column in export.columns if column in reference.columns]
        assert shared == reference.columns, folder
        assert [{column: row[column] for column in shared} for row in export.rows] == reference.rows, folder
        assert [v for v in export.variables if v.question not in CONTACT_VARIABLES] == reference.variables
        assert all(
            export.labels[variable] == labels
            for variable, labels in reference.labels.items()
            if variable != "b_1_1"
        ), folder


@needs_samples
def test_readsx_labels_are_stripped_and_multiple_choice_options_keep_their_ids():
    export = export_read(READSX / "ex_survey2_semicolon_ansi")
    assert export.labels["s_6"]["1"] == "I løpet av ungdomsskolen"
    options = export.by_question["v_1"]
    assert [option.choice_value for option in options][:3] == ["1", "2", "3"]
    assert options[0].choice_text == "Design og redesign"


@needs_samples
def test_laravel_sx_system_variables_are_ignored_cleanly(survey, tmp_path):
    """laravel-sx's API export holds every system variable; with a cluster key added, only mapped answers land."""
    source = SAMPLES / "laravel-sx"
    shutil.copy(source / "labels_en.csv", tmp_path / "labels.csv")
    structure = (source / "structure_en.csv").read_bytes().decode("utf-16")
    structure = structure.rstrip("\r\n") + "\r\nklynge\tklynge\tOpen\tString\tKlynge\t\t\t\r\n"
    (tmp_path / "structure.csv").write_bytes(structure.encode("utf-16"))
    lines = (source / "dataset.csv").read_bytes().decode("utf-16").split("\n")
    clusters = ["klynge", "CLEAN", " Energy Cluster Denmark ", "we-build-denmark", "MADE"]
    dataset = "\n".join(
        f"{line.rstrip(chr(13))}\t{clusters[index]}" for index, line in enumerate(lines) if line.strip()
    )
    (tmp_path / "dataset.csv").write_bytes(dataset.encode("utf-16"))
    export = export_read(tmp_path)
    user_questions = sorted(
        name
        for name in export.by_question
        if name.startswith(
            ("s_", "gender", "social", "inclusion", "number", "still", "best", "validation", "trainer")
        )
    )
    mapping = {
        "respondent_key": {"variable": "klynge"},
        "status": {"question": "statoverall", "values": DEFAULT_STATUS_VALUES},
        "questions": {"comments": {"question": "s_9", "type": "text"}},
        "ignore": [name for name in user_questions if name != "s_9"] + ["fake"],
        "personal_data": ["email", "name", "s_1"],
    }
    result = surveyxact_import(survey=survey, file=tmp_path, mapping=mapping, dry_run=True)
    _assert_imported(result)
    statuses = {diff.response.cluster.slug: diff.new_status for diff in result.diffs}
    assert statuses == {
        "clean": "completed",
        "energy-cluster-denmark": "not_started",
        "we-build-denmark": "completed",
        "made": "not_started",
    }
    by_cluster = {diff.response.cluster.slug: diff for diff in result.diffs}
    assert by_cluster["clean"].answers == {"comments": by_cluster["clean"].answers["comments"]}
    unmapped = {**mapping, "ignore": []}
    result = surveyxact_import(survey=survey, file=tmp_path, mapping=unmapped, dry_run=True)
    named = {issue.column for issue in result.errors}
    assert "s_2" in named and "stat_1" not in named and "closetim" not in named
