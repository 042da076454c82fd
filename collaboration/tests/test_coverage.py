"""The coverage matrix matches the registry, and shows each municipality's gaps."""

from __future__ import annotations

import pytest

from clusters.models import Activity, Municipality, Office, SizeBand, present_offices
from clusters.tests.factories import (
    ActivityFactory,
    ClusterFactory,
    MemberCountFactory,
    MunicipalityFactory,
    OfficeFactory,
)
from collaboration.models import Agreement
from collaboration.selectors_coverage import coverage, coverage_clusters
from collaboration.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _coverage() -> dict:
    """The whole matrix on one page."""
    return coverage(clusters=list(coverage_clusters()))


def _cells(result) -> dict:
    return {
        (cluster.slug, municipality.code): cell
        for cluster, cells in result["rows"]
        for municipality, cell in zip(result["municipalities"], cells, strict=True)
    }


def test_each_cell_counts_what_the_registry_holds():
    aalborg, thisted = (
        MunicipalityFactory(code=851, name="Aalborg"),
        MunicipalityFactory(code=787, name="Thisted"),
    )
    cluster = ClusterFactory(slug="a")
    OfficeFactory(cluster=cluster, municipality=aalborg)
    MemberCountFactory(cluster=cluster, municipality=aalborg, year=2022, size_band=SizeBand.TOTAL, count=99)
    MemberCountFactory(cluster=cluster, municipality=aalborg, year=2023, size_band=SizeBand.LARGE, count=3)
    MemberCountFactory(
        cluster=cluster, municipality=aalborg, year=2023, size_band=SizeBand.SMALL, count=7, is_estimate=True
    )
    ActivityFactory.create_batch(2, cluster=cluster, municipality=thisted)
    AgreementFactory(clusters=[cluster], municipalities=[aalborg, thisted])
    cells = _cells(_coverage())
    assert (cells[("a", 851)].offices, cells[("a", 851)].members, cells[("a", 851)].agreements) == (1, 10, 1)
    assert cells[("a", 851)].members_estimate is True
    assert (cells[("a", 787)].activities, cells[("a", 787)].offices, cells[("a", 787)].members) == (
        2,
        0,
        None,
    )


def test_ended_clusters_and_planned_or_ended_offices_do_not_count():
    aalborg = MunicipalityFactory(code=851, name="Aalborg")
    ended = ClusterFactory(slug="ended", ended_on="2022-04-01")
    OfficeFactory(cluster=ended, municipality=aalborg)
    live = ClusterFactory(slug="live")
    OfficeFactory(cluster=live, municipality=aalborg, kind="planned")
    OfficeFactory(cluster=live, municipality=aalborg, ended_on="2023-01-01")
    result = _coverage()
    assert [cluster.slug for cluster, _cells in result["rows"]] == ["live"]
    assert result["totals"][0].offices == 0
    assert result["totals"][0].gaps == ["intet kontor", "ingen aftale", "ingen lokaliseret aktivitet"]


def test_shipped_registry_totals_match_the_registry(reference_data):
    result = _coverage()
    live = {cluster.pk for cluster, _cells in result["rows"]}
    for total in result["totals"]:
        municipality: Municipality = total.municipality
        assert total.offices == present_offices().filter(municipality=municipality, cluster__in=live).count()
        assert (
            total.activities == Activity.objects.filter(municipality=municipality, cluster__in=live).count()
        )
        assert total.agreements == (
            Agreement.clusters.through.objects.filter(
                cluster__in=live, agreement__municipalities=municipality
            ).count()
        )
    assert len(result["totals"]) == 11
    assert (
        sum(t.offices for t in result["totals"])
        == Office.objects.filter(
            cluster__ended_on__isnull=True, ended_on__isnull=True, municipality__isnull=False
        )
        .exclude(kind="planned")
        .count()
    )


def test_page_lists_the_gaps(client_for_role, reference_data):
    html = client_for_role("board").get("/samarbejde/daekning/").content.decode()
    assert "Læsø" in html
    assert "ingen aftale" in html


def test_page_cells_escape_names_and_mark_estimates(client_for_role):
    aalborg = MunicipalityFactory(code=851, name="Aalborg")
    cluster = ClusterFactory(name="<b>Klynge</b>")
    OfficeFactory(cluster=cluster, municipality=aalborg)
    MemberCountFactory(
        cluster=cluster, municipality=aalborg, size_band=SizeBand.TOTAL, count=1740, is_estimate=True
    )
    html = client_for_role("board").get("/samarbejde/daekning/").content.decode()
    assert "<b>Klynge</b>" not in html and "&lt;b&gt;Klynge&lt;/b&gt;" in html
    assert '<abbr title="kontorer">K</abbr> 1<br><abbr title="medlemmer">M</abbr> ~1.740<br></td>' in html


def test_page_shows_the_clusters_of_its_page_in_name_order(client_for_role):
    names = [f"Klynge {n:02}" for n in range(55)]
    for name in reversed(names):
        ClusterFactory(name=name)
    client = client_for_role("board")
    first, second = client.get("/samarbejde/daekning/"), client.get("/samarbejde/daekning/?page=2")
    shown = [
        row.split("</a>")[0].split('">', 1)[1]
        for page in (first, second)
        for row in page.content.decode().split('<th scope="row"><a href="/klynger/')[1:]
    ]
    assert shown == names


def test_page_maps_the_eleven_municipalities_by_the_chosen_measure(client_for_role, reference_data):
    response = client_for_role("board").get("/samarbejde/daekning/", {"measure": "agreements"})
    choropleth = response.context["map_chart"].figure["data"][0]
    assert len(choropleth["locations"]) == 11
    assert set(choropleth["locations"]) == {
        str(code) for code in Municipality.objects.values_list("code", flat=True)
    }
    assert response.context["map_measure"].code == "agreements"
    assert "Geodatastyrelsen &amp; Danske Kommuner" in response.content.decode()
