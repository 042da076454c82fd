"""KPI progress = (latest − baseline) / (target − baseline), across measurements and edge cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from collaboration.charts import kpi_chart
from collaboration.selectors import kpi_progress
from collaboration.tests.factories import KpiFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def _progress(kpi):
    return kpi_progress(kpi=kpi, measurements=list(kpi.measurements.all()))


def test_progress_uses_the_latest_measurement_by_date():
    kpi = KpiFactory(baseline=10, target=30)
    MeasurementFactory(kpi=kpi, measured_on=dt.date(2024, 12, 31), value=25)
    MeasurementFactory(kpi=kpi, measured_on=dt.date(2024, 6, 30), value=15)
    progress = _progress(kpi)
    assert progress.latest.value == 25
    assert progress.progress == Decimal("0.750")  # (25 − 10) / (30 − 10)
    assert [m.value for m in progress.measurements] == [15, 25]


def test_progress_for_a_target_below_the_baseline():
    kpi = KpiFactory(baseline=100, target=60, unit="ton CO2")
    MeasurementFactory(kpi=kpi, value=90)
    assert _progress(kpi).progress == Decimal("0.250")  # (90 − 100) / (60 − 100)


def test_progress_beyond_the_target_and_the_wrong_way():
    kpi = KpiFactory(baseline=0, target=40)
    MeasurementFactory(kpi=kpi, measured_on=dt.date(2024, 1, 1), value=50)
    assert _progress(kpi).progress == Decimal("1.250")
    MeasurementFactory(kpi=kpi, measured_on=dt.date(2025, 1, 1), value=-4)
    assert _progress(kpi).progress == Decimal("-0.100")


@pytest.mark.parametrize(
    ("target", "values", "note"),
    [
        (None, [5], "Intet mål sat"),
        (Decimal(10), [12], "Målet er lig udgangspunktet"),
        (Decimal(30), [], "Ingen målinger endnu"),
    ],
)
def test_progress_is_unknown_with_a_reason(target, values, note):
    kpi = KpiFactory(baseline=10, target=target)
    for value in values:
        MeasurementFactory(kpi=kpi, value=value)
    progress = _progress(kpi)
    assert progress.progress is None
    assert progress.note == note


def test_chart_has_baseline_target_and_measurements_and_a_table():
    kpi = KpiFactory(baseline=10, target=30)
    MeasurementFactory(kpi=kpi, measured_on=dt.date(2024, 6, 30), value=15)
    MeasurementFactory(kpi=kpi, measured_on=dt.date(2024, 12, 31), value=25)
    chart = kpi_chart(_progress(kpi))
    names = [trace["name"] for trace in chart.figure["data"]]
    assert names == ["Udgangspunkt", "Mål", "Målt"]
    assert chart.figure["data"][2]["y"] == [15.0, 25.0]
    assert [row[1] for row in chart.rows] == [15.0, 25.0]


def test_agreement_page_shows_progress_and_loads_the_chart_scripts(client_for_role):
    kpi = KpiFactory(baseline=10, target=30)
    MeasurementFactory(kpi=kpi, value=20)
    html = client_for_role("board").get(kpi.goal.agreement.get_absolute_url()).content.decode()
    assert "50 %" in html
    assert html.count("vendor/plotly.min.js") == 1
    assert "js/charts.js" in html
    assert f'id="chart-kpi-{kpi.pk}-figure"' in html
