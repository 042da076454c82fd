"""Publishing a survey wave into the clusters' footprint: the round trip to every page, idempotence,
supersession by a newer wave, administrators' facts standing as conflicts, and who sees what."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster, MemberCount, Office, OfficeKind, ProgrammeMembership, SizeBand
from clusters.provenance import FactOrigin, FactStatus
from clusters.selectors_footprint import cluster_footprints
from clusters.tests.factories import ClusterFactory, MunicipalityFactory, cluster_with_footprint
from portal.core.testing import committed
from surveys.models import Response, ResponseStatus, Survey
from surveys.schema import AnswerValue, schema_load
from surveys.services import responses_apply, responses_diff
from surveys.services_loaders import survey_load_demo
from surveys.services_publish import PublishError, survey_publish
from surveys.services_waves import survey_invite

pytestmark = pytest.mark.django_db

SLUG = "klyngesurvey-2023"


@pytest.fixture
def unpublished(reference_data) -> Survey:
    """The demo answers, not yet published."""
    survey_load_demo()
    return Survey.objects.select_related("questionnaire", "period").get(slug=SLUG)


def _figures(client) -> dict[str, int]:
    body = client.get(reverse("surveys:key-figures", kwargs={"slug": SLUG})).json()
    return {key: figure["value"] for key, figure in body["figures"].items()}


def _answer(survey: Survey, cluster: Cluster, status: str, answers: dict) -> None:
    schema = schema_load(survey.questionnaire)
    response = Response.objects.get(survey=survey, cluster=cluster)
    responses_apply(responses_diff(schema=schema, wanted={response: (status, answers)}), schema=schema)


def test_every_page_shows_the_dashboards_figures_after_load_demo_data(demo_survey, staff_client):
    figures = _figures(staff_client)
    assert (figures["physically_present"], figures["own_office"], figures["co_located"]) == (7, 5, 2)
    assert figures["members_total"] == 375

    landscape = staff_client.get(reverse("clusters:landscape")).context["region"]
    assert (landscape.physically_present, landscape.own_office, landscape.co_located) == (7, 5, 2)
    assert landscape.members_total == figures["members_total"]
    assert landscape.active_clusters == figures["with_activities"] == 12

    listed = staff_client.get(reverse("clusters:cluster-list")).context["clusters"]
    assert sum(cluster.nj_members or 0 for cluster in listed) == figures["members_total"]
    present = staff_client.get(reverse("clusters:cluster-list") + "?nj=ja").context["page_obj"]
    assert present.paginator.count == figures["physically_present"]

    profile = staff_client.get(reverse("clusters:cluster-detail", kwargs={"slug": "energy-cluster-denmark"}))
    assert "(survey 2023, estimat)" in profile.content.decode()
    assert profile.context["member_table"][0]["total"] == 80
    made = staff_client.get(reverse("clusters:cluster-detail", kwargs={"slug": "made"}))
    assert "Planlagt kontor" in made.content.decode()  # a planned office with no place yet still renders

    aalborg = staff_client.get(reverse("clusters:municipality-detail", kwargs={"code": 851})).context
    assert len({office.cluster_id for office in aalborg["offices"] if office.kind != OfficeKind.PLANNED}) == 7

    coverage = staff_client.get(reverse("collaboration:coverage"))
    assert coverage.context["region"].active_clusters == 12
    assert "Aktive i hele regionen: 12 klynger" in coverage.content.decode()
    assert next(t for t in coverage.context["totals"] if t.municipality.code == 851).offices == 7
    assert sum(total.agreements for total in coverage.context["totals"]) > 0

    fit = staff_client.get(reverse("collaboration:fit-matrix")).context["rows"]
    assert sum(row.footprint.nj_members for row in fit) == figures["members_total"]
    assert sum(1 for row in fit if row.footprint.nj_offices) == figures["physically_present"]
    assert all(
        row.footprint.survey_partners for row in fit if row.cluster.slug != "uidentificeret-klynge-2021-2024"
    )

    region = staff_client.get(reverse("clusters:footprint")).json()["region"]
    assert region == {
        "physically_present": 7,
        "own_office": 5,
        "co_located": 2,
        "members_total": 375,
        "active_clusters": 12,
        "clusters": 13,
    }


def test_the_json_lists_each_cluster_with_its_sources(demo_survey, staff_client):
    body = staff_client.get(reverse("clusters:footprint")).json()
    clusters = {row["slug"]: row for row in body["clusters"]}
    assert len(clusters) == 12  # the not-started thirteenth has no fact
    energy = clusters["energy-cluster-denmark"]
    assert energy["members"] == {
        "year": 2023,
        "total": 80,
        "large": 30,
        "small": 50,
        "estimate": True,
        "source": f"survey:{SLUG}",
    }
    assert energy["offices"][0]["municipality"] == "851"
    assert energy["offices"][0]["source"] == "reference"  # the reference office agrees; no second office
    assert "events" in energy["activity_types"] and "aau" in energy["partners"]
    assert set(energy["agreements"]["municipalities"]) >= {"851", "860", "813", "846"}


def test_publishing_twice_changes_nothing(unpublished):
    first = survey_publish(survey=unpublished)
    assert first.total("added") > 0
    counts = [model.objects.count() for model in (Office, MemberCount)]
    again = survey_publish(survey=unpublished)
    assert not again.has_changes
    assert again.total("conflicts") == 0
    assert [model.objects.count() for model in (Office, MemberCount)] == counts


def test_a_dry_run_writes_nothing(unpublished):
    report = survey_publish(survey=unpublished, dry_run=True)
    assert report.total("added") > 0
    assert not MemberCount.objects.filter(origin=FactOrigin.SURVEY).exists()


def test_the_command_previews_and_publishes(unpublished):
    out = io.StringIO()
    call_command("survey_publish", SLUG, "--dry-run", stdout=out)
    assert "Tørkørsel" in out.getvalue()
    assert not MemberCount.objects.filter(origin=FactOrigin.SURVEY).exists()
    call_command("survey_publish", SLUG, stdout=io.StringIO())
    assert MemberCount.objects.filter(origin=FactOrigin.SURVEY, survey_slug=SLUG).count() == 36


def test_partial_and_not_started_responses_publish_nothing(unpublished):
    energy = Cluster.objects.get(slug="energy-cluster-denmark")
    Response.objects.filter(survey=unpublished, cluster=energy).update(status=ResponseStatus.PARTIAL)
    survey_publish(survey=unpublished)
    assert not MemberCount.objects.filter(cluster=energy).exists()
    assert not MemberCount.objects.filter(cluster__slug="uidentificeret-klynge-2021-2024").exists()


def test_a_wave_without_completed_responses_is_refused_and_changes_nothing(unpublished):
    Response.objects.filter(survey=unpublished).update(status=ResponseStatus.PARTIAL)
    with pytest.raises(PublishError, match="ingen gennemførte besvarelser"):
        survey_publish(survey=unpublished)
    assert not MemberCount.objects.exists()


def test_a_cluster_outside_the_period_is_refused_by_name(unpublished):
    ProgrammeMembership.objects.filter(cluster__slug="made", period=unpublished.period).delete()
    with pytest.raises(PublishError, match="MADE"):
        survey_publish(survey=unpublished)
    assert not MemberCount.objects.exists()


def test_a_renamed_cluster_still_resolves(unpublished):
    Cluster.objects.filter(slug="clean").update(name="CLEAN – Danmarks miljøklynge")
    survey_publish(survey=unpublished)
    assert MemberCount.objects.get(cluster__slug="clean", size_band=SizeBand.TOTAL).count == 25


def test_a_newer_wave_supersedes_the_older_ones_facts(unpublished):
    survey_publish(survey=unpublished)
    energy = Cluster.objects.get(slug="energy-cluster-denmark")
    newer = Survey.objects.create(
        title="Klyngesurvey 2024",
        slug="klyngesurvey-2024",
        year=2024,
        period=unpublished.period,
        questionnaire=unpublished.questionnaire,
    )
    survey_invite(survey=newer, clusters=[energy])
    _answer(
        newer,
        energy,
        ResponseStatus.COMPLETED,
        {
            "presence": AnswerValue("co_located"),
            "office_municipality": AnswerValue("813"),
            "members_nj": AnswerValue(90),
            "agreements": AnswerValue(frozenset()),
        },
    )
    report = survey_publish(survey=newer)
    (preview,) = report.clusters
    assert any("2023" in line for line in preview.superseded)
    footprint = cluster_footprints(clusters=Cluster.objects.filter(pk=energy.pk), for_board=False)[energy.pk]
    assert (footprint.members.year, footprint.members.total) == (2024, 90)
    assert footprint.members.source.survey_slug == "klyngesurvey-2024"
    assert not footprint.activity_types  # the 2023 activity types are superseded, 2024 gave none
    assert {(office.kind, office.municipality.code) for office in footprint.offices} == {
        (OfficeKind.OWN_OFFICE, 851),  # the reference office stands
        (OfficeKind.CO_LOCATED, 813),
    }
    assert (
        MemberCount.objects.filter(cluster=energy, year=2023, superseded_by="klyngesurvey-2024").count() == 3
    )
    assert not survey_publish(survey=unpublished).has_changes  # the older wave no longer applies here


def test_an_administrators_fact_stands_and_is_reported_as_a_conflict(unpublished):
    energy = Cluster.objects.get(slug="energy-cluster-denmark")
    clean = Cluster.objects.get(slug="clean")
    MemberCount.objects.create(cluster=energy, year=2023, size_band=SizeBand.TOTAL, count=95)
    aalborg = Office.objects.get(cluster=energy).municipality
    Office.objects.create(cluster=clean, municipality=aalborg, kind=OfficeKind.OWN_OFFICE)
    report = survey_publish(survey=unpublished)
    conflicts = {preview.cluster.slug: preview.conflicts for preview in report.clusters}
    assert any("95" in line and "80" in line for line in conflicts["energy-cluster-denmark"])
    assert any("ingen fysisk tilstedeværelse" in line for line in conflicts["clean"])
    assert MemberCount.objects.get(cluster=energy, year=2023, size_band=SizeBand.TOTAL).count == 95
    assert Office.objects.filter(cluster=clean, origin=FactOrigin.ADMIN).exists()
    # A published fact an administrator verified is protected as well.
    MemberCount.objects.filter(cluster=clean, size_band=SizeBand.TOTAL).update(
        fact_status=FactStatus.VERIFIED
    )
    _answer(
        unpublished,
        clean,
        ResponseStatus.COMPLETED,
        {
            "presence": AnswerValue("none"),
            "members_nj": AnswerValue(30),
            "agreements": AnswerValue(frozenset()),
        },
    )
    survey_publish(survey=unpublished)
    assert MemberCount.objects.get(cluster=clean, size_band=SizeBand.TOTAL).count == 25


def test_the_board_sees_published_facts_only_where_the_survey_allows(demo_survey, board_client, staff_client):
    url = reverse("clusters:cluster-detail", kwargs={"slug": "danish-life-science-cluster"})
    assert board_client.get(url).context["member_table"] == []
    assert staff_client.get(url).context["member_table"][0]["total"] == 35
    board_list = board_client.get(reverse("clusters:cluster-list")).context["clusters"]
    assert all(cluster.nj_members is None for cluster in board_list)
    board_json = board_client.get(reverse("clusters:footprint")).json()
    assert board_json["region"]["members_total"] == 375  # aggregates stay
    assert all(row["members"] is None for row in board_json["clusters"])
    assert board_client.get(reverse("clusters:landscape")).context["region"].physically_present == 7

    with committed():
        Survey.objects.filter(pk=demo_survey.pk).update(board_sees_cluster_answers=True)
        demo_survey.refresh_from_db()
        assert survey_publish(survey=demo_survey).total("changed") > 0
    assert board_client.get(url).context["member_table"][0]["total"] == 35


@pytest.mark.slow
def test_the_footprint_reads_in_constant_queries_as_clusters_grow(demo_survey, staff_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("clusters:footprint")).status_code == 200
        return len(captured)

    before = queries()
    municipality = MunicipalityFactory(code=9001)
    for _ in range(10):
        cluster_with_footprint(municipality=municipality)
    ClusterFactory()
    assert queries() == before


def test_administrators_preview_then_publish_from_the_survey_overview(unpublished, admin_client):
    url = reverse("surveys:publish", kwargs={"slug": SLUG})
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "Energy Cluster Denmark" in preview.content.decode()
    assert not MemberCount.objects.filter(origin=FactOrigin.SURVEY).exists()
    assert admin_client.post(url).status_code == 302
    assert MemberCount.objects.filter(origin=FactOrigin.SURVEY).exists()
