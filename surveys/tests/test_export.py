"""The Excel summary: the contract's figures as real numbers, the board's edition, formula safety, logging."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from clusters.models import Cluster
from surveys import selectors
from surveys.disclosure import Disclosure
from surveys.exports import summary_sheets
from surveys.filters_dashboard import DashboardFilterSet
from surveys.key_figures import figures_payload, key_figures
from surveys.tests import dashboard_support
from surveys.tests.contract import CONTRACT_2023
from surveys.tests.dashboard_support import SLUG, grow, tile_values

demo = dashboard_support.demo  # the fixture
URL = reverse("surveys:export", kwargs={"slug": SLUG})


def workbook(client, query: dict | None = None):
    response = client.get(URL, query or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def data_rows(sheet) -> list[tuple]:
    """The rows under the header row (the header row is the one the autofilter starts on)."""
    first = int(sheet.auto_filter.ref.split(":")[0][1:])
    return [row for row in sheet.iter_rows(min_row=first + 1, values_only=True)]


def key_figure_cells(book) -> dict:
    sheet = book["Nøgletal"]
    first = int(sheet.auto_filter.ref.split(":")[0][1:])
    return {row[5].value: row for row in sheet.iter_rows(min_row=first + 1)}


def excel_value(row) -> float | int | None:
    """A Nøgletal value in the dashboard's terms: the percentage cell holds a real fraction."""
    value = row[1].value
    return round(value * 100, 1) if row[1].number_format == "0.0%" else value


def test_excel_holds_every_contract_figure_as_a_real_number(demo, staff_client):
    book = workbook(staff_client)
    assert book.sheetnames[:6] == ["Nøgletal", "Klynger", "Medlemmer", "Aktiviteter", "Aftaler", "Svar"]
    cells = key_figure_cells(book)
    assert {key: excel_value(row) for key, row in cells.items()} == CONTRACT_2023
    assert cells["unique_companies"][1].data_type == "n"
    assert cells["unique_companies"][1].number_format == "#,##0"
    assert cells["response_rate"][1].value == 0.923  # a real percentage, shown 92,3 %
    assert cells["response_rate"][1].number_format == "0.0%"
    assert (cells["unique_companies"][3].value, cells["participants"][3].value) == (10, 7)  # reported_by


def test_key_figures_lead_with_the_danish_label_and_end_with_the_code(demo, staff_client):
    sheet = workbook(staff_client)["Nøgletal"]
    header_row = int(sheet.auto_filter.ref.split(":")[0][1:])
    headers = [cell.value for cell in sheet[header_row]]
    assert headers == [
        "Nøgletal",
        "Værdi",
        "Enhed",
        "Grundlag (klynger, der svarede)",
        "Heraf estimater",
        "Kode",
    ]
    first = data_rows(sheet)[0]
    assert (first[0], first[1], first[5]) == ("Inviterede klynger", 13, "invited")


def test_answer_sheet_has_one_row_per_cluster_and_one_column_per_question(demo, staff_client):
    sheet = workbook(staff_client)["Svar"]
    header_row = int(sheet.auto_filter.ref.split(":")[0][1:])
    texts = [cell.value for cell in sheet[header_row - 1]]
    codes = [cell.value for cell in sheet[header_row]]
    assert codes[:3] == ["cluster", "slug", "status"] and codes[-1] == "estimates"
    assert texts[:3] == ["Klynge", "Kort navn", "Svarstatus"]
    questions = demo.questionnaire.questions.order_by("section__order", "order", "pk")
    assert codes[3:-1] == [question.code for question in questions]
    assert texts[3:-1] == [question.text_da for question in questions]
    assert sheet.print_title_rows == f"${header_row - 1}:${header_row}"
    rows = data_rows(sheet)
    assert len(rows) == len({row[1] for row in rows}) == 12
    column = {code: index for index, code in enumerate(codes)}
    assert sum(row[column["members_nj"]] for row in rows) == 375
    for cluster in Cluster.objects.filter(slug__in=[row[1] for row in rows]):
        row = next(row for row in rows if row[1] == cluster.slug)
        shown = {
            answer.question_code: answer.text
            for section in selectors.response_sections(response=demo.responses.get(cluster=cluster))
            for answer in section.answers
        }
        assert row[column["partners"]] == shown["partners"]  # the same labels as the cluster's answer page


def test_sheets_have_a_header_block_frozen_headers_and_filters(demo, staff_client):
    sheet = workbook(staff_client, {"presence": "own_office"})["Klynger"]
    header_row = int(sheet.auto_filter.ref.split(":")[0][1:])
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet["A1"].value.startswith("Klyngers engagement")
    assert sheet["A2"].value == "Filtre: Fysisk tilstedeværelse: Selvstændigt fysisk kontor"
    assert sheet["A3"].value.startswith("Dannet: ")
    # 34 characters wide; the file holds it as Excel does, with a character's margins (34.71).
    assert int(sheet.column_dimensions["A"].width) == 34
    assert len(data_rows(sheet)) == 5


def test_json_dashboard_and_excel_agree_for_a_filtered_view(demo, staff_client):
    query = {"presence": "own_office", "stage": ""}
    clusters = DashboardFilterSet(query, survey=demo).clusters()
    payload = json.loads(
        staff_client.get(reverse("surveys:key-figures", kwargs={"slug": SLUG}), query).content
    )["figures"]
    assert (
        payload
        == figures_payload(survey=demo, figures=key_figures(survey=demo, clusters=clusters))["figures"]
    )
    excel = {key: excel_value(row) for key, row in key_figure_cells(workbook(staff_client, query)).items()}
    shown = tile_values(
        staff_client.get(reverse("surveys:dashboard", kwargs={"slug": SLUG}), query).content.decode()
    )
    assert excel == {key: figure["value"] for key, figure in payload.items()}
    assert excel["completed"] == 5
    for key, value in excel.items():
        assert float(shown[key].replace(".", "").replace(",", ".").removesuffix(" %")) == value


def test_key_figures_json_gives_the_board_every_unfiltered_figure(demo, board_client):
    url = reverse("surveys:key-figures", kwargs={"slug": SLUG})
    figures = json.loads(board_client.get(url).content)["figures"]
    assert figures["co_located"]["value"] == 2
    assert figures["max_municipal_agreements_one_cluster"]["value"] == 4


def test_key_figures_json_reports_a_bad_filter_instead_of_ignoring_it(demo, staff_client):
    response = staff_client.get(reverse("surveys:key-figures", kwargs={"slug": SLUG}), {"presence": "mars"})
    assert response.status_code == 400
    assert "presence" in json.loads(response.content)["errors"]


def test_board_edition_has_no_cluster_level_answers_and_every_aggregate(demo, board_client):
    book = workbook(board_client)
    assert "Svar" not in book.sheetnames
    cells = key_figure_cells(book)
    assert cells["co_located"][1].value == 2  # every unfiltered aggregate, as the deck showed
    assert cells["own_office"][1].value == 5
    names = set(Cluster.objects.values_list("name", flat=True))
    for title in ("Medlemmer", "Aktiviteter", "Aftaler"):
        for row in data_rows(book[title]):
            assert not names & set(row), (title, row)


def test_cluster_names_that_look_like_formulas_stay_text(demo, staff_client):
    evil = '=HYPERLINK("http://evil.example","klik")'
    Cluster.objects.filter(slug="energy-cluster-denmark").update(name=evil)
    book = workbook(staff_client)
    cells = [
        cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value == evil
    ]
    assert len(cells) >= 3  # Klynger, Medlemmer, Aftaler, Svar
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert not [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_exports_with_cluster_level_answers_are_logged(demo, staff_client, board_client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.audit"):
        workbook(board_client)
        assert "survey export" not in caplog.text
        workbook(staff_client)
    assert f"survey export with cluster-level answers survey={SLUG} user=svend-staff" in caplog.text


def test_export_summary_command_writes_the_same_figures(demo, tmp_path):
    target = tmp_path / "opsummering.xlsx"
    call_command("export_summary", SLUG, str(target), "--bestyrelse", stdout=io.StringIO())
    cells = key_figure_cells(load_workbook(target))
    assert cells["members_total"][1].value == 375
    assert cells["co_located"][1].value == 2
    with pytest.raises(CommandError, match="Ugyldigt filter"):
        call_command("export_summary", SLUG, str(target), "--presence", "x", stdout=io.StringIO())
    with pytest.raises(CommandError, match="ingen survey"):
        call_command("export_summary", "nope", str(target), stdout=io.StringIO())


SURVEY_SHEETS = ("Nøgletal", "Klynger", "Medlemmer", "Aktiviteter", "Aftaler", "Svar")


@pytest.mark.slow
@pytest.mark.parametrize("cluster_level", [True, False])
def test_survey_sheets_read_the_same_number_of_queries_when_the_data_grows_tenfold(demo, cluster_level):
    """Each sheet aggregates in SQL or streams one query's rows: nothing is read once per cluster."""

    def queries_and_rows() -> tuple[int, int]:
        filterset = DashboardFilterSet(None, survey=demo)
        disclosure = Disclosure(cluster_level=cluster_level, for_board=not cluster_level)
        rows = 0
        with CaptureQueriesContext(connection) as queries:
            for sheet in summary_sheets(survey=demo, filterset=filterset, disclosure=disclosure):
                if sheet.title not in SURVEY_SHEETS:
                    break  # the collaboration sheets have tests of their own
                rows += sum(1 for _row in sheet.rows)
        return len(queries), rows

    before, rows_before = queries_and_rows()
    grow(demo, 10)
    after, rows_after = queries_and_rows()
    assert rows_after > rows_before
    assert after == before
