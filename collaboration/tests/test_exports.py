from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from clusters.models import Cluster
from clusters.tests.factories import ClusterFactory
from collaboration.exports import collaboration_sheets
from collaboration.models import StrategyEffort
from collaboration.tests.factories import AgreementFactory, FitRatingFactory, KpiFactory, MeasurementFactory
from portal.xlsx import write_workbook

pytestmark = pytest.mark.django_db


def _workbook(**kwargs):
    target = io.BytesIO()
    write_workbook(target, collaboration_sheets(**kwargs))
    target.seek(0)
    return load_workbook(target)


def _data_rows(sheet) -> list[tuple]:
    """The rows under the column headers (the header block above them varies)."""
    rows = list(sheet.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if row[0] == "Klynge")
    return rows[header + 1 :]


def test_sheets_hold_models_fit_agreements_and_kpis(reference_data):
    cluster = Cluster.objects.get(slug="energy-cluster-denmark")
    agreement = AgreementFactory(title='=HYPERLINK("http://x")', clusters=[cluster], budget_dkk=250000)
    kpi = KpiFactory(goal__agreement=agreement, baseline=0, target=40)
    MeasurementFactory(kpi=kpi, value=10)
    FitRatingFactory(cluster=cluster, effort=StrategyEffort.objects.get(code="deb-green"), score=3)
    book = _workbook()
    assert book.sheetnames == ["Samarbejdsmodeller", "Match med strategien", "Samarbejdsaftaler", "KPI'er"]
    models = [row for row in book["Samarbejdsmodeller"].iter_rows(min_row=2, values_only=True)]
    assert len(models) == 5
    title_cell = book["Samarbejdsaftaler"]["A2"]
    assert title_cell.value == '=HYPERLINK("http://x")'
    assert title_cell.data_type == "s"  # text, never a formula
    kpi_row = next(book["KPI'er"].iter_rows(min_row=2, values_only=True))
    assert kpi_row[8] == 25  # progress in per cent: (10 − 0) / (40 − 0)
    fit = [row for row in _data_rows(book["Match med strategien"]) if row[2] == 3]
    assert [(row[0], row[1]) for row in fit] == [("Energy Cluster Denmark", "Det grønne")]


def test_cluster_filter_narrows_fit_and_agreements(reference_data):
    one, other = ClusterFactory(slug="en"), ClusterFactory(slug="anden")
    AgreementFactory(title="Kun den anden", clusters=[other])
    book = _workbook(clusters=Cluster.objects.filter(pk=one.pk))
    fit_clusters = {row[0] for row in _data_rows(book["Match med strategien"])}
    assert fit_clusters == {one.name}
    assert book["Samarbejdsaftaler"].max_row == 1
