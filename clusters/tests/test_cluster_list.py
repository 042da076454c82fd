"""The cluster list: each filter, search, sorting, and bad parameters shown as errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.urls import reverse

from clusters.filters import ClusterFilter
from clusters.models import DevelopmentStage, EceiLabel, OfficeKind, SizeBand
from clusters.selectors import cluster_overview
from clusters.tests.factories import (
    ActivityFactory,
    ClusterFactory,
    MemberCountFactory,
    MunicipalityFactory,
    OfficeFactory,
)

pytestmark = pytest.mark.django_db


def slugs(query: str) -> list[str]:
    filterset = ClusterFilter(QueryDict(query), queryset=cluster_overview(for_board=False))
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("slug", flat=True))


def test_period_filter_keeps_clusters_of_that_period():
    ClusterFactory(slug="only-first", periods=["2021-2024"])
    ClusterFactory(slug="both", periods=["2021-2024", "2025-2028"])
    ClusterFactory(slug="only-second", periods=["2025-2028"])
    assert sorted(slugs("period=2025-2028")) == ["both", "only-second"]
    assert len(slugs("")) == 3


def test_area_filter():
    ClusterFactory(slug="energy", area_da="Energi")
    ClusterFactory(slug="sound", area_da="Lydteknologi")
    assert slugs("area=Energi") == ["energy"]


def test_stage_filter_and_unknown_stage():
    ClusterFactory(slug="mature", development_stage=DevelopmentStage.MATURE)
    ClusterFactory(slug="new", development_stage=DevelopmentStage.NEW)
    ClusterFactory(slug="unknown", development_stage="")
    assert slugs("stage=moden") == ["mature"]
    assert slugs("stage=ukendt") == ["unknown"]


def test_label_filter():
    ClusterFactory(slug="gold", ecei_label=EceiLabel.GOLD)
    ClusterFactory(slug="silver", ecei_label=EceiLabel.SILVER)
    ClusterFactory(slug="none-known", ecei_label="")
    assert slugs("label=guld") == ["gold"]
    assert slugs("label=ukendt") == ["none-known"]


def test_presence_in_north_jutland_counts_only_current_real_offices():
    aalborg = MunicipalityFactory(code=851, name="Aalborg")
    OfficeFactory(cluster=ClusterFactory(slug="present"), municipality=aalborg)
    OfficeFactory(cluster=ClusterFactory(slug="closed"), municipality=aalborg, ended_on=dt.date(2022, 4, 1))
    OfficeFactory(cluster=ClusterFactory(slug="planned"), municipality=aalborg, kind=OfficeKind.PLANNED)
    ClusterFactory(slug="absent")
    assert slugs("nj=ja") == ["present"]
    assert sorted(slugs("nj=nej")) == ["absent", "closed", "planned"]


def test_municipality_filter_matches_an_office_members_or_an_activity_there():
    hjorring, thisted = MunicipalityFactory(code=860), MunicipalityFactory(code=787)
    OfficeFactory(cluster=ClusterFactory(slug="office"), municipality=hjorring)
    MemberCountFactory(cluster=ClusterFactory(slug="members"), municipality=hjorring)
    ActivityFactory(cluster=ClusterFactory(slug="activity"), municipality=hjorring)
    ActivityFactory(cluster=ClusterFactory(slug="elsewhere"), municipality=thisted)
    assert sorted(slugs("municipality=860")) == ["activity", "members", "office"]


@pytest.mark.parametrize("term", ["fintech", "FINANSIEL", "københavn", "financial"])
def test_search_looks_in_name_area_and_head_office_city(term):
    ClusterFactory(
        slug="fintech",
        name="Copenhagen FinTech",
        area_da="Finansiel teknologi",
        area_en="Financial technology",
        hq_city="København",
    )
    ClusterFactory(slug="other", name="Other", area_da="Energi", area_en="Energy", hq_city="Aalborg")
    assert slugs(f"q={term}") == ["fintech"]


def test_sort_by_name_both_ways():
    for name in ("Beta", "Alfa", "Gamma"):
        ClusterFactory(slug=name.lower(), name=name)
    assert slugs("sort=name") == ["alfa", "beta", "gamma"]
    assert slugs("sort=-name") == ["gamma", "beta", "alfa"]


def test_sort_by_stage_follows_maturity_with_unknown_last_both_ways():
    ClusterFactory(slug="mature", development_stage=DevelopmentStage.MATURE)
    ClusterFactory(slug="emerging", development_stage=DevelopmentStage.EMERGING)
    ClusterFactory(slug="unknown", development_stage="")
    assert slugs("sort=stage") == ["emerging", "mature", "unknown"]
    assert slugs("sort=-stage") == ["mature", "emerging", "unknown"]


def test_sort_by_label_puts_gold_first():
    ClusterFactory(slug="bronze", ecei_label=EceiLabel.BRONZE)
    ClusterFactory(slug="gold", ecei_label=EceiLabel.GOLD)
    assert slugs("sort=label") == ["gold", "bronze"]


def test_sort_by_area():
    ClusterFactory(slug="b", area_da="Byggeri")
    ClusterFactory(slug="a", area_da="Avanceret produktion")
    assert slugs("sort=area") == ["a", "b"]


def test_sort_by_north_jutland_offices_and_members():
    aalborg = MunicipalityFactory(code=851)
    two = ClusterFactory(slug="two-offices")
    OfficeFactory.create_batch(2, cluster=two, municipality=aalborg)
    OfficeFactory(cluster=ClusterFactory(slug="one-office"), municipality=aalborg)
    MemberCountFactory(cluster=ClusterFactory(slug="many-members"), year=2023, count=90)
    old = ClusterFactory(slug="few-members-now")
    MemberCountFactory(cluster=old, year=2022, count=500)
    MemberCountFactory(cluster=old, year=2023, size_band=SizeBand.LARGE, count=4)
    MemberCountFactory(cluster=old, year=2023, size_band=SizeBand.SMALL, count=1)
    assert slugs("sort=-nj_offices")[:2] == ["two-offices", "one-office"]
    # Latest year only; clusters without member counts come last either way.
    assert slugs("sort=-nj_members")[:2] == ["many-members", "few-members-now"]
    assert slugs("sort=nj_members")[:2] == ["few-members-now", "many-members"]


def test_the_list_shows_the_latest_member_count_and_badges(staff_client):
    cluster = ClusterFactory(name="Klynge med tal", ended_on=dt.date(2022, 4, 1))
    MemberCountFactory(cluster=cluster, year=2022, count=500)
    MemberCountFactory(cluster=cluster, year=2023, count=1740)
    ClusterFactory(name="Ukendt klynge", verification="unidentified")
    html = staff_client.get(reverse("clusters:cluster-list")).content.decode()
    assert "1.740" in html and "500" not in html
    assert "ophørt" in html
    assert "Ikke identificeret" in html


@pytest.mark.parametrize(
    "query", ["stage=zzz", "sort=password", "period=1999-2000", "municipality=abc", "nj=maybe"]
)
def test_invalid_parameters_are_shown_as_errors_not_dropped(staff_client, query):
    ClusterFactory(name="Synlig klynge")
    response = staff_client.get(reverse("clusters:cluster-list") + "?" + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "field-error" in html
    assert "Filteret indeholder ugyldige værdier" in html
    assert "Synlig klynge" not in html


def test_the_list_paginates_by_25_and_keeps_the_filters_in_page_links(staff_client):
    ClusterFactory.create_batch(30, area_da="Energi")
    response = staff_client.get(reverse("clusters:cluster-list") + "?area=Energi&page=2")
    assert len(response.context["clusters"]) == 5
    assert "area=Energi&amp;page=1" in response.content.decode()
