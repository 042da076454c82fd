"""The disclosure rule (surveys.disclosure) on every surface: tiles, charts, JSON, Excel and the meeting pack.

The board sees every unfiltered aggregate; a filter is applied for it only where the filtered group, its
complement and every neighbouring group hold at least `board_min_group` completed responses; cluster-level
answers only where the survey allows them.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clusters.models import Cluster, Municipality, ProgrammePeriod
from portal.core.testing import committed
from surveys.disclosure import REFUSED, board_view, group_sizes
from surveys.filters_dashboard import DashboardFilterSet
from surveys.models import ResponseStatus, Survey
from surveys.services_waves import survey_start_next
from surveys.tests import dashboard_support
from surveys.tests.dashboard_support import SLUG, grow, tile_values

demo = dashboard_support.demo  # the fixture
DASHBOARD = reverse("surveys:dashboard", kwargs={"slug": SLUG})
JSON = reverse("surveys:key-figures", kwargs={"slug": SLUG})
EXCEL = reverse("surveys:export", kwargs={"slug": SLUG})
PACK = reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": "bestyrelse"})
ANSWER_SHEETS = ("Nøgletal", "Medlemmer", "Aktiviteter", "Aftaler")
PRESENCE = ("own_office", "co_located", "none")


def _book(client, query: dict | None = None):
    response = client.get(EXCEL, query or {})
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(sheet) -> list[tuple]:
    first = int(sheet.auto_filter.ref.split(":")[0][1:])
    return list(sheet.iter_rows(min_row=first + 1, values_only=True))


def _key_figures(book) -> dict:
    return {row[5]: row[1] for row in _rows(book["Nøgletal"])}


def test_the_boards_unfiltered_view_shows_the_decks_numbers_on_every_surface(demo, board_client):
    tiles = tile_values(board_client.get(DASHBOARD).content.decode())
    assert (tiles["co_located"], tiles["max_municipal_agreements_one_cluster"]) == ("2", "4")
    figures = board_client.get(JSON).json()["figures"]
    assert (figures["co_located"]["value"], figures["max_municipal_agreements_one_cluster"]["value"]) == (
        2,
        4,
    )
    assert figures["co_located"]["reported_by"] == 12
    _response, book = _book(board_client)
    excel = _key_figures(book)
    assert (excel["co_located"], excel["max_municipal_agreements_one_cluster"]) == (2, 4)
    findings = " ".join(board_client.get(PACK).context["key_findings"])
    assert "Én klynge har 4 ud af de 7 aftaler." in findings


@pytest.mark.parametrize("presence", PRESENCE)
def test_a_filter_beside_a_group_of_two_is_refused_for_the_board_on_every_surface(
    demo, board_client, staff_client, presence
):
    query = {"presence": presence}
    page = board_client.get(DASHBOARD, query)
    html = page.content.decode()
    assert str(REFUSED) in html
    assert tile_values(html) == {} and page.context["charts"] == []
    payload = board_client.get(JSON, query).json()
    assert payload["refused"] == str(REFUSED)
    assert all(figure == {"value": None, "label": figure["label"]} for figure in payload["figures"].values())
    assert "reported_by" not in str(payload)
    _response, book = _book(board_client, query)
    for title in ANSWER_SHEETS:
        assert _rows(book[title]) == [(str(REFUSED),)], title
    pack = board_client.get(PACK, query)
    assert str(REFUSED) in pack.content.decode() and "key_findings" not in pack.context
    assert tile_values(staff_client.get(DASHBOARD, query).content.decode())  # staff see every filter


def test_no_filter_and_its_neighbours_let_the_board_subtract_a_small_groups_figure(demo, board_client):
    """375 − 238 − 75 = 62: the co-located clusters' members, if both other presence groups were shown."""
    shown = {
        presence: board_client.get(JSON, {"presence": presence}).json()["figures"]["members_total"]["value"]
        for presence in PRESENCE
    }
    assert shown["co_located"] is None
    assert shown["own_office"] is None or shown["none"] is None


def test_group_sizes_count_the_filter_its_complement_and_its_neighbours(demo):
    filterset = DashboardFilterSet({"presence": "own_office"}, survey=demo)
    assert filterset.is_valid()
    with CaptureQueriesContext(connection) as queries:
        inside, outside, neighbours = group_sizes(survey=demo, filterset=filterset)
    assert len(queries) == 1
    assert (inside, outside) == (5, 7)
    assert sorted(neighbours) == [0, 2, 5, 5]  # own office, co-located, none, and no answer
    assert board_view(survey=demo, filterset=filterset).refused
    assert not board_view(survey=demo, filterset=DashboardFilterSet(None, survey=demo)).refused


def test_a_filter_whose_groups_all_hold_the_minimum_is_applied_for_the_board(demo, board_client):
    Survey.objects.filter(pk=demo.pk).update(board_min_group=2)
    query = {"presence": "own_office"}
    assert tile_values(board_client.get(DASHBOARD, query).content.decode())["completed"] == "5"
    assert board_client.get(JSON, query).json()["figures"]["completed"]["value"] == 5
    _response, book = _book(board_client, query)
    assert _key_figures(book)["completed"] == 5
    # The registry sheets ignore an answer filter for the board: listing the five would attach the answer.
    assert len(_rows(book["Klynger"])) == Cluster.objects.filter(survey_responses__survey=demo).count()


def test_a_filter_that_leaves_out_no_completed_response_is_applied(demo, board_client):
    everyone = {"stage": ""}  # bound but empty: narrows nothing
    assert tile_values(board_client.get(DASHBOARD, everyone).content.decode())["completed"] == "12"


def test_the_board_never_sees_a_cluster_name_beside_an_answer(demo, board_client):
    Survey.objects.filter(pk=demo.pk).update(board_min_group=2)
    page = board_client.get(DASHBOARD, {"presence": "own_office"})
    assert "members_cluster" not in page.context["chart_map"]
    _response, book = _book(board_client, {"presence": "own_office"})
    assert "Svar" not in book.sheetnames
    names = set(Cluster.objects.values_list("name", flat=True))
    for title in ANSWER_SHEETS:
        for row in _rows(book[title]):
            assert not names & set(row), (title, row)


@pytest.mark.slow
@pytest.mark.parametrize(("min_group", "refused"), [(3, True), (2, False)])
def test_the_boards_filtered_dashboard_reads_constant_queries_as_the_data_grows(
    demo, board_client, min_group, refused
):
    Survey.objects.filter(pk=demo.pk).update(board_min_group=min_group)
    query = {"presence": "own_office"}
    board_client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as before:
        response = board_client.get(DASHBOARD, query)
    assert response.context["disclosure"].refused is refused
    with committed():
        grow(demo, 10)  # more own offices; the two co-located clusters stay two
    with CaptureQueriesContext(connection) as after:
        response = board_client.get(DASHBOARD, query)
    assert response.context["disclosure"].refused is refused
    assert len(after) == len(before)


def test_board_min_group_is_edited_with_the_survey_in_admin(demo, admin_client):
    url = reverse("admin:surveys_survey_change", args=[demo.pk])
    assert 'name="board_min_group"' in admin_client.get(url).content.decode()


def test_every_sheet_prints_landscape_one_page_wide_with_headers_and_page_numbers(demo, staff_client):
    _response, book = _book(staff_client)
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # One page wide: fitToWidth is 1 when the file leaves it out, as the spreadsheet format says.
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        header_row = int(sheet.auto_filter.ref.split(":")[0][1:])
        assert sheet.print_title_rows.endswith(f"${header_row}")
        assert sheet.oddHeader.left.text.startswith("Klyngers engagement")
        assert sheet.oddFooter.left.text == "&D"
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text


def test_file_names_say_survey_edition_and_date(demo, staff_client, board_client):
    today = timezone.localdate().isoformat()
    board, staff = _book(board_client)[0], _book(staff_client)[0]
    assert f'filename="{SLUG}-bestyrelse-{today}.xlsx"' in board["Content-Disposition"]
    assert f'filename="{SLUG}-direktion-{today}.xlsx"' in staff["Content-Disposition"]


def test_formula_like_names_stay_text_in_every_cell_header_rows_included(demo, staff_client):
    evil = '=HYPERLINK("http://evil.example","klik")'
    Municipality.objects.filter(code=851).update(name=evil)
    Cluster.objects.filter(slug="energy-cluster-denmark").update(name="+" + evil)
    _response, book = _book(staff_client)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    risky = [cell for cell in cells if isinstance(cell.value, str) and cell.value.lstrip("+") == evil]
    assert {cell.parent.title for cell in risky} >= {"Aftaler", "Klynger", "Svar"}
    assert all(cell.quotePrefix for cell in risky)
    header_row = int(book["Aftaler"].auto_filter.ref.split(":")[0][1:])
    assert evil in [cell.value for cell in book["Aftaler"][header_row]]


def test_the_board_compares_waves_unfiltered_only(demo, board_client, staff_client):
    """The other wave's filtered groups are not held to the minimum, so the board gets no filtered comparison."""
    Survey.objects.filter(pk=demo.pk).update(board_min_group=4)
    demo.refresh_from_db()
    earlier = survey_start_next(survey=demo, period=ProgrammePeriod.objects.get(code="2021-2024"), year=2022)
    assert earlier.board_min_group == 4  # a new wave keeps the board's minimum
    earlier.responses.update(status=ResponseStatus.COMPLETED)
    Survey.objects.filter(pk=demo.pk).update(board_min_group=2)
    url = reverse("surveys:dashboard", kwargs={"slug": SLUG})
    query = {"presence": "own_office"}
    assert board_client.get(url, query).context["wave"] is None
    assert board_client.get(url).context["wave"].survey.pk == earlier.pk
    assert staff_client.get(url, query).context["wave"].survey.pk == earlier.pk


def test_export_summary_command_refuses_a_small_group_in_the_boards_edition(demo, tmp_path):
    target = tmp_path / "bestyrelse.xlsx"
    args = (SLUG, str(target), "--presence", "co_located")
    call_command("export_summary", *args, "--bestyrelse", stdout=io.StringIO())
    assert _rows(load_workbook(target)["Nøgletal"]) == [(str(REFUSED),)]
    call_command("export_summary", *args, stdout=io.StringIO())  # the staff edition
    assert _key_figures(load_workbook(target))["completed"] == 2


def test_the_boards_pack_links_to_the_boards_edition_whoever_downloads_it(demo, staff_client):
    html = staff_client.get(PACK, {"presence": "own_office"}).content.decode()
    assert f"{EXCEL}?udgave=bestyrelse&amp;presence=own_office" in html
    response, book = _book(staff_client, {"udgave": "bestyrelse"})
    assert "-bestyrelse-" in response["Content-Disposition"]
    assert "Svar" not in book.sheetnames
    assert _rows(_book(staff_client, {"udgave": "bestyrelse", "presence": "co_located"})[1]["Aftaler"]) == [
        (str(REFUSED),)
    ]
