"""Cluster profile, municipality and actor pages: what each shows, and to whom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.hooks import profile_sections
from clusters.models import OfficeKind, SizeBand
from clusters.provenance import FactOrigin
from clusters.selectors import member_table
from clusters.tests.factories import (
    ActivityFactory,
    ClusterFactory,
    ContactPersonFactory,
    MemberCountFactory,
    MunicipalityFactory,
    OfficeFactory,
    cluster_with_footprint,
)

pytestmark = pytest.mark.django_db


def detail(client, cluster) -> str:
    response = client.get(reverse("clusters:cluster-detail", kwargs={"slug": cluster.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_board_members_never_see_contact_persons(board_client):
    cluster = ClusterFactory()
    contact = ContactPersonFactory(
        cluster=cluster, name="Hemmelig Kontaktperson", email="hemmelig@example.invalid"
    )
    html = detail(board_client, cluster)
    assert contact.name not in html
    assert contact.email not in html
    assert "Kontaktpersoner" not in html


@pytest.mark.parametrize("role_client", ["staff_client", "admin_client"])
def test_staff_and_admins_see_contact_persons(request, role_client):
    cluster = ClusterFactory()
    ContactPersonFactory(cluster=cluster, name="Synlig Kontaktperson", email="synlig@example.invalid")
    html = detail(request.getfixturevalue(role_client), cluster)
    assert "Synlig Kontaktperson" in html and "synlig@example.invalid" in html


def test_profile_shows_unknown_facts_visibly_and_no_verification_date(staff_client):
    cluster = ClusterFactory(cvr="", staff_count=None, verified_on=None)
    html = detail(staff_client, cluster)
    assert html.count('class="unknown"') >= 8
    assert "Sidst verificeret" in html


def test_profile_shows_known_facts_in_danish_formats(staff_client):
    cluster = ClusterFactory(
        national_member_count=1740,
        ecei_label="guld",
        ecei_valid_until=dt.date(2026, 6, 30),
        funding_projects_pct="62.5",
        verified_on=dt.date(2024, 1, 9),
    )
    html = detail(staff_client, cluster)
    assert "1.740" in html
    assert "Guld" in html and "gyldig til 30. juni 2026" in html
    assert "62,5 %" in html
    assert "9. januar 2024" in html


def test_profile_shows_members_by_size_band_per_year_and_the_footprint(staff_client):
    aalborg = MunicipalityFactory(code=851, name="Aalborg")
    cluster = cluster_with_footprint(municipality=aalborg, year=2023)
    MemberCountFactory(cluster=cluster, year=2022, size_band=SizeBand.TOTAL, count=8, is_estimate=True)
    html = detail(staff_client, cluster)
    assert "2023" in html and "2022" in html and "estimat" in html
    assert reverse("clusters:municipality-detail", kwargs={"code": 851}) in html
    assert "Testaktivitet" in html


def test_admins_get_a_link_to_edit_the_cluster_and_staff_do_not(admin_client, staff_client):
    cluster = ClusterFactory()
    edit = reverse("admin:clusters_cluster_change", args=[cluster.pk])
    assert edit in detail(admin_client, cluster)
    assert edit not in detail(staff_client, cluster)


def test_profile_shows_the_sections_higher_apps_add_in_their_order(staff_client):
    cluster = ClusterFactory()
    templates = [
        section.template for section in profile_sections.collect(cluster=cluster, user=staff_client.user)
    ]
    assert templates == [
        "collaboration/_cluster_agreements.html",
        "collaboration/_subject_interviews.html",
    ], "no survey: the survey adds no section"
    assert '<section aria-labelledby="agreements">' in detail(staff_client, cluster)


def test_unknown_cluster_is_404(staff_client):
    response = staff_client.get(reverse("clusters:cluster-detail", kwargs={"slug": "findes-ikke"}))
    assert response.status_code == 404


def test_member_table_prefers_a_reported_total_and_otherwise_adds_the_bands():
    cluster = ClusterFactory()
    rows = [
        MemberCountFactory.build(cluster=cluster, year=2023, size_band=SizeBand.LARGE, count=3),
        MemberCountFactory.build(cluster=cluster, year=2023, size_band=SizeBand.SMALL, count=7),
        MemberCountFactory.build(cluster=cluster, year=2022, size_band=SizeBand.LARGE, count=2),
        MemberCountFactory.build(
            cluster=cluster, year=2022, size_band=SizeBand.TOTAL, count=9, is_estimate=True
        ),
    ]
    assert member_table(rows) == [
        {"year": 2023, "large": 3, "small": 7, "total": 10, "is_estimate": False, "source": rows[0]},
        {"year": 2022, "large": 2, "small": None, "total": 9, "is_estimate": True, "source": rows[3]},
    ]


def test_municipality_list_counts_clusters_with_offices_members_and_activities(staff_client):
    aalborg, thisted = (
        MunicipalityFactory(code=851, name="Aalborg"),
        MunicipalityFactory(code=787, name="Thisted"),
    )
    cluster_with_footprint(municipality=aalborg)
    cluster_with_footprint(municipality=aalborg)
    ActivityFactory(municipality=thisted)
    OfficeFactory(municipality=thisted, ended_on=dt.date(2022, 4, 1))
    response = staff_client.get(reverse("clusters:municipality-list"))
    rows = {m.code: m for m in response.context["municipalities"]}
    assert (rows[851].office_clusters, rows[851].member_clusters, rows[851].activity_clusters) == (2, 2, 2)
    assert (rows[787].office_clusters, rows[787].member_clusters, rows[787].activity_clusters) == (0, 0, 1)


def test_municipality_detail_lists_clusters_present_there(staff_client):
    aalborg = MunicipalityFactory(code=851, name="Aalborg")
    cluster = cluster_with_footprint(municipality=aalborg, name="Nordjysk Testklynge")
    response = staff_client.get(reverse("clusters:municipality-detail", kwargs={"code": 851}))
    html = response.content.decode()
    assert html.count(cluster.get_absolute_url()) >= 3  # office, members, activity
    assert "Kontakt Testperson" not in html


def test_actor_pages_show_kind_and_verification(reference_data, board_client):
    html = board_client.get(reverse("clusters:actor-list")).content.decode()
    assert "Videninstitution" in html and "Aalborg Universitet" in html and "Ikke verificeret" in html
    html = board_client.get(reverse("clusters:actor-detail", kwargs={"slug": "marcod"})).content.decode()
    assert "ophørt" in html and "Frederikshavn" in html


def test_cluster_list_with_reference_data_shows_all_fourteen(reference_data, board_client):
    response = board_client.get(reverse("clusters:cluster-list"))
    assert response.context["page_obj"].paginator.count == 14
    response = board_client.get(reverse("clusters:cluster-list") + "?nj=ja")
    names = {cluster.slug for cluster in response.context["clusters"]}
    assert names == {
        "energy-cluster-denmark",
        "danish-life-science-cluster",
        "we-build-denmark",
        "odense-robotics",
    }


def test_area_follows_the_readers_language_and_falls_back_to_danish():
    cluster = ClusterFactory.build(area_da="Energi", area_en="Energy")
    danish_only = ClusterFactory.build(area_da="Lydteknologi", area_en="")
    with translation.override("en"):
        assert (cluster.area, danish_only.area) == ("Energy", "Lydteknologi")
    with translation.override("da"):
        assert cluster.area == "Energi"


def test_municipality_detail_sums_activities_per_cluster_instead_of_listing_them(staff_client):
    hjorring = MunicipalityFactory(code=860, name="Hjørring")
    cluster = ClusterFactory(name="Aktiv klynge")
    ActivityFactory(cluster=cluster, municipality=hjorring, participants=20, unique_companies=None)
    ActivityFactory(
        cluster=cluster, municipality=hjorring, participants=5, unique_companies=3, is_estimate=True
    )
    ActivityFactory(cluster=cluster, participants=1000)  # elsewhere
    response = staff_client.get(reverse("clusters:municipality-detail", kwargs={"code": 860}))
    [row] = response.context["activities"]
    assert (row["cluster_name"], row["count"], row["participants"], row["unique_companies"]) == (
        "Aktiv klynge",
        2,
        25,
        3,
    )
    assert row["estimates"] == 1
    assert "Testaktivitet" not in response.content.decode()


def test_a_survey_office_of_known_kind_replaces_the_reference_office_of_unknown_kind_there(
    staff_client, board_client
):
    aalborg = MunicipalityFactory(code=851, name="Aalborg")
    cluster = ClusterFactory()
    OfficeFactory(cluster=cluster, municipality=aalborg, kind=OfficeKind.UNKNOWN, origin=FactOrigin.REFERENCE)
    OfficeFactory(
        cluster=cluster,
        municipality=aalborg,
        kind=OfficeKind.OWN_OFFICE,
        origin=FactOrigin.SURVEY,
        survey_slug="klyngesurvey-2023",
        board_hidden=True,
    )
    url = reverse("clusters:municipality-detail", kwargs={"code": 851})
    staff_offices = staff_client.get(url).context["offices"]
    assert [office.kind for office in staff_offices] == [OfficeKind.OWN_OFFICE]  # each place once
    assert [office.kind for office in detail_context(staff_client, cluster)["offices"]] == [
        OfficeKind.OWN_OFFICE
    ]
    # The board may not see the survey's answer: the reference office stands for it.
    assert [office.kind for office in board_client.get(url).context["offices"]] == [OfficeKind.UNKNOWN]


def detail_context(client, cluster):
    return client.get(reverse("clusters:cluster-detail", kwargs={"slug": cluster.slug})).context
