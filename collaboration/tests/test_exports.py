from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from clusters.models import Cluster
from clusters.tests.factories import ActorFactory, ClusterFactory, MunicipalityFactory
from collaboration import exports, selectors_fit
from collaboration.exports import collaboration_sheets
from collaboration.models import StrategyEffort
from collaboration.tests.factories import (
    AgreementFactory,
    CollaborationModelFactory,
    FitRatingFactory,
    KpiFactory,
    MeasurementFactory,
    StrategyEffortFactory,
)
from portal.core.xlsx import write_workbook

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


def _fit_sheet_rows() -> tuple[list[tuple], int]:
    fit_sheet = collaboration_sheets()[1]
    with CaptureQueriesContext(connection) as queries:
        rows = [(row[0], row[1], row[2]) for row in fit_sheet.rows]
    return rows, len(queries)


def test_fit_sheet_streams_clusters_in_name_order_a_chunk_at_a_time(monkeypatch):
    monkeypatch.setattr(selectors_fit, "NAME_ORDER_CHUNK", 2)
    effort = StrategyEffortFactory(name="Grøn")
    names = ["Østklyngen", "Bklyngen", "Aklyngen", "Dklyngen", "Cklyngen", "Fklyngen"]
    clusters = {name: ClusterFactory(name=name) for name in names[:2]}
    FitRatingFactory(cluster=clusters["Østklyngen"], effort=effort, score=1)
    one_chunk, one_chunk_queries = _fit_sheet_rows()
    assert one_chunk == [("Bklyngen", "Grøn", None), ("Østklyngen", "Grøn", 1)]
    for name in names[2:4]:
        ClusterFactory(name=name)
    _rows, two_chunks_queries = _fit_sheet_rows()
    for name in names[4:]:
        ClusterFactory(name=name)
    rows, three_chunks_queries = _fit_sheet_rows()
    assert [name for name, _effort, _score in rows] == sorted(names)
    # The same few queries for every chunk of clusters, however many chunks there are.
    assert three_chunks_queries - two_chunks_queries == two_chunks_queries - one_chunk_queries <= 6


def _agreement_sheet_rows() -> tuple[list[tuple], int]:
    agreement_sheet = collaboration_sheets()[2]
    with CaptureQueriesContext(connection) as queries:
        rows = [tuple(row[:6]) for row in agreement_sheet.rows]
    return rows, len(queries)


def test_agreement_sheet_names_every_party_in_name_order_a_chunk_at_a_time(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    model = CollaborationModelFactory(name="Klyngepartnerskab")
    agreement = AgreementFactory(
        title="Aftale A",
        model=model,
        clusters=[ClusterFactory(name="Zeta"), ClusterFactory(name="Alfa")],
        municipalities=[MunicipalityFactory(name="Thisted"), MunicipalityFactory(name="Brønderslev")],
    )
    agreement.actors.set([ActorFactory(name="Universitet"), ActorFactory(name="Erhvervshus")])
    AgreementFactory(title="Aftale B", model=model)
    one_chunk, one_chunk_queries = _agreement_sheet_rows()
    assert one_chunk == [
        (
            "Aftale A",
            "Aktiv",
            "Klyngepartnerskab",
            "Alfa, Zeta",
            "Erhvervshus, Universitet",
            "Brønderslev, Thisted",
        ),
        ("Aftale B", "Aktiv", "Klyngepartnerskab", "", "", ""),
    ]
    AgreementFactory.create_batch(2, clusters=[ClusterFactory()], model=model)
    _rows, two_chunks_queries = _agreement_sheet_rows()
    AgreementFactory.create_batch(2, clusters=[ClusterFactory()], model=model)
    rows, three_chunks_queries = _agreement_sheet_rows()
    assert len(rows) == 6
    # One query per kind of party for each chunk of agreements, however many parties they have (the model's
    # name comes with the agreements).
    assert three_chunks_queries - two_chunks_queries == two_chunks_queries - one_chunk_queries == 3
