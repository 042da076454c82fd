"""The landscape dashboard: registry figures, published ranges, the offline map and its coverage gaps."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from clusters.charts import MAP_MEASURES, coverage_map_picture
from clusters.models import (
    Cluster,
    MemberCount,
    Municipality,
    Office,
    OfficeKind,
    ProgrammeMembership,
    ProgrammePeriod,
    SizeBand,
)
from clusters.selectors_landscape import municipality_coverage
from portal.core.testing import external_resources

URL = reverse("clusters:landscape")


def _figure(response, key: str) -> dict:
    return next(
        chart for chart in [*response.context["charts"], response.context["map_chart"]] if chart.key == key
    ).figure


def test_landscape_shows_the_seed_ranges_beside_the_registry_with_their_source(reference_data, board_client):
    Cluster.objects.filter(slug="energy-cluster-denmark").update(staff_count=45, board_size=12)
    response = board_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for published in ("7 til 40-50", "85 til 450", "10 – 21"):
        assert published in html
    staff = response.context["ranges"][0]
    assert (staff.minimum, staff.maximum, staff.known, staff.total) == (45, 45, 1, 13)
    assert "Navigators" in html


def test_map_colours_the_eleven_municipalities_by_kommunekode_and_lists_those_without_an_office_as_gaps(
    reference_data, board_client
):
    response = board_client.get(URL)
    choropleth, names = _figure(response, "map")["data"]
    assert choropleth["type"] == "choropleth"
    assert choropleth["featureidkey"] == "properties.kommunekode"
    assert sorted(choropleth["locations"]) == sorted(
        str(code) for code in Municipality.objects.values_list("code", flat=True)
    )
    assert len(choropleth["locations"]) == 11
    assert choropleth["geojson"].endswith("geo/nordjylland-kommuner.geojson")
    assert len(names["text"]) == 11 and names["mode"] == "text"  # every name and number written on the map
    gaps = {row.municipality.name: row.gaps for row in response.context["gap_rows"]}
    assert "intet klyngekontor" in gaps["Læsø"]
    assert "intet klyngekontor" not in gaps.get("Aalborg", [])
    html = response.content.decode()
    assert "Læsø" in html
    assert "Geodatastyrelsen &amp; Danske Kommuner" in html


def test_map_is_coloured_by_the_chosen_measure(reference_data, board_client):
    response = board_client.get(URL, {"measure": "gaps"})
    rows = {row.municipality.code: len(row.gaps) for row in response.context["coverage"]}
    choropleth = _figure(response, "map")["data"][0]
    assert dict(zip(map(int, choropleth["locations"]), choropleth["z"], strict=True)) == rows
    assert response.context["map_measure"].code == "gaps"
    assert "»Huller i dækningen«" in response.context["map_chart"].summary


def test_map_names_an_unknown_measure_and_shows_offices(reference_data, board_client):
    response = board_client.get(URL, {"measure": "skatte", "period": "2021-2024"})
    assert response.context["map_measure"].code == "offices"
    assert "Kortet kan ikke vise »skatte«" in response.content.decode()
    assert ("period", "2021-2024") in response.context["map_keep"]


def test_landscape_loads_nothing_from_other_hosts(reference_data, board_client):
    html = board_client.get(URL).content.decode()
    assert 'data-chart="chart-map-figure"' in html
    assert html.count("vendor/plotly.min.js") == 1
    assert external_resources(html) == []


def _add_clusters(first: int, count: int) -> None:
    aalborg = Municipality.objects.get(code=851)
    period = ProgrammePeriod.objects.get(code="2021-2024")
    for index in range(first, first + count):
        cluster = Cluster.objects.create(
            name=f"Ekstra {index}", slug=f"ekstra-{index}", area_da=f"Område {index}"
        )
        ProgrammeMembership.objects.create(cluster=cluster, period=period)
        Office.objects.create(cluster=cluster, municipality=aalborg, kind=OfficeKind.OWN_OFFICE)
        MemberCount.objects.create(
            cluster=cluster, year=2023, size_band=SizeBand.TOTAL, municipality=aalborg, count=5
        )


@pytest.mark.slow
def test_landscape_query_count_does_not_grow_with_the_data(reference_data, board_client):
    _add_clusters(0, 3)
    board_client.get(URL)  # warm the session and role caches
    with CaptureQueriesContext(connection) as small:
        board_client.get(URL)
    _add_clusters(3, 30)
    with CaptureQueriesContext(connection) as large:
        response = board_client.get(URL)
    assert len(response.context["clusters"]) == 13 + 33
    assert len(large) == len(small)


def test_an_unknown_period_is_named_as_an_error(reference_data, board_client):
    html = board_client.get(URL, {"period": "1999-2002"}).content.decode()
    assert "Der findes ingen programperiode »1999-2002«; siden viser 2021-2024." in html


def test_area_and_stage_charts_show_real_distributions_or_say_there_is_none(reference_data, board_client):
    Cluster.objects.update(development_stage="")
    for index, cluster in enumerate(Cluster.objects.order_by("pk")):
        Cluster.objects.filter(pk=cluster.pk).update(area_da=f"Område {index}")
    charts = {chart.key: chart for chart in board_client.get(URL).context["charts"]}
    assert charts["stages"].figure == {} and charts["stages"].rows == []  # not one bar "Ukendt 13"
    assert "Ingen af de 13 klynger har fået registreret dette endnu." in charts["stages"].note
    areas = charts["areas"]  # every cluster its own area: a table, not 13 bars of length 1
    assert areas.figure == {} and "13 klynger med en værdi har sin egen" in areas.note
    Cluster.objects.filter(pk__in=Cluster.objects.order_by("pk")[:3].values("pk")).update(area_da="Energi")
    areas = next(chart for chart in board_client.get(URL).context["charts"] if chart.key == "areas")
    assert areas.rows[0] == ("Energi", 3)  # most first
    assert areas.figure["data"][0]["y"][0] == "Energi"


def test_map_picture_for_the_deck_is_a_png_of_the_region(reference_data):
    picture = Image.open(io.BytesIO(coverage_map_picture(municipality_coverage(), MAP_MEASURES["gaps"])))
    assert picture.format == "PNG"
    assert picture.width == 1400 and 0.6 < picture.height / picture.width < 0.9  # North Jutland's shape
