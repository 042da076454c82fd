"""The board sees no cluster's own survey values in collaboration: fit components, strategy support, the
coverage matrix's cells and the board's Excel 'Match med strategien' sheet, unless the survey allows it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clusters.models import Office
from clusters.provenance import FactOrigin
from portal.core.testing import committed
from surveys.models import Survey
from surveys.services_publish import survey_publish

SLUG = "klyngesurvey-2023"


@pytest.fixture
def demo(demo_data):
    return Survey.objects.get(slug=SLUG)


def _fit_footprints(client) -> list:
    return [row.footprint for row in client.get(reverse("collaboration:fit-matrix")).context["rows"]]


def _support_footprints(client) -> list:
    support = client.get(reverse("collaboration:strategy-support")).context["support"]
    return [row.footprint for effort in support for row, _cell, _model in effort.ranked]


def _coverage(client) -> tuple[int, list[int]]:
    """Offices in the matrix's cells, and the municipalities' office totals."""
    context = client.get(reverse("collaboration:coverage")).context
    cells = sum(cell.offices for _cluster, row in context["rows"] for cell in row)
    return cells, [total.offices for total in context["totals"]]


def _board_fit_sheet_partners(board_client) -> list:
    response = board_client.get(reverse("surveys:export", kwargs={"slug": SLUG}))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Match med strategien"]
    first = int(sheet.auto_filter.ref.split(":")[0][1:])
    assert sheet[f"K{first}"].value == "Partnere (survey)"
    return [row[10] for row in sheet.iter_rows(min_row=first + 1, values_only=True)]


def test_the_board_sees_no_clusters_survey_values_in_fit_support_coverage_or_excel(
    demo, board_client, staff_client
):
    assert not demo.board_sees_cluster_answers
    assert any(footprint.survey_partners for footprint in _fit_footprints(staff_client))
    board_fit = _fit_footprints(board_client)
    assert not any(footprint.survey_partners or footprint.nj_members for footprint in board_fit)
    assert not any(footprint.survey_partners for footprint in _support_footprints(board_client))
    assert Office.objects.filter(origin=FactOrigin.SURVEY, board_hidden=True).exists()
    (board_cells, board_totals), (staff_cells, staff_totals) = (
        _coverage(board_client),
        _coverage(staff_client),
    )
    assert board_cells < staff_cells
    assert board_totals == staff_totals  # the municipalities' totals are aggregates: the board sees them
    assert set(_board_fit_sheet_partners(board_client)) <= {0, None}


def test_the_board_sees_them_when_the_survey_allows_it(demo, board_client):
    with committed():
        Survey.objects.filter(pk=demo.pk).update(board_sees_cluster_answers=True)
        demo.refresh_from_db()
        survey_publish(survey=demo)
    assert any(footprint.survey_partners for footprint in _fit_footprints(board_client))
