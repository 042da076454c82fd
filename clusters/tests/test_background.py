"""The landscape background: sourced facts from the project's fixture, loaded idempotently and shown
to every role, with the registry's own values beside the published ranges and the unknowns left unknown."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from clusters.models import (
    BackgroundFact,
    Cluster,
    LegalForm,
    ProgrammeMembership,
    ProgrammePeriod,
    Verification,
)
from clusters.models_background import BackgroundScope, BackgroundTopic
from clusters.selectors_background import landscape_background
from clusters.services import registry_load_reference
from clusters.services_background import BACKGROUND_FIXTURE

URL = reverse("clusters:background")
SEED_DOCUMENTS = {"000", "001", "002", "004", "reference"}


def _facts_snapshot() -> list[tuple]:
    return sorted(BackgroundFact.objects.values_list(flat=False).order_by("pk"))


def test_background_fixture_loads_twice_without_changing_anything(reference_data):
    before = _facts_snapshot()
    assert len(before) == len(json.loads(BACKGROUND_FIXTURE.read_text(encoding="utf-8"))["facts"])
    assert registry_load_reference() == {"created": 0, "updated": 0}
    assert _facts_snapshot() == before


def test_every_fixture_fact_cites_a_seed_file_and_a_section():
    data = json.loads(BACKGROUND_FIXTURE.read_text(encoding="utf-8"))
    assert set(data["sources"]) == SEED_DOCUMENTS
    for fact in data["facts"]:
        assert fact["sources"], fact["slug"]
        for cite in fact["sources"]:
            assert cite["document"] in data["sources"], fact["slug"]
            assert cite["section"].strip(), fact["slug"]


def test_every_loaded_fact_has_a_source_and_a_verification_status(reference_data):
    for fact in BackgroundFact.objects.all():
        assert "afsnit »" in fact.verification_source, fact.slug
        assert fact.verification in Verification.values, fact.slug


def test_an_administrators_correction_survives_a_reload(reference_data):
    fact = BackgroundFact.objects.get(slug="medarbejdere")
    fact.summary = "Rettet af en administrator."
    fact.save()
    registry_load_reference()
    fact.refresh_from_db()
    assert fact.summary == "Rettet af en administrator."
    assert fact.history.count() == 2


def test_the_timeline_is_in_year_order_and_covers_the_issues_milestones(reference_data, board_client):
    BackgroundFact.objects.create(
        slug="tidligt", topic=BackgroundTopic.TIMELINE, position=99, year=1999, title="Tidligt", summary="x"
    )
    timeline = board_client.get(URL).context["timeline"]
    years = [fact.year for fact in timeline]
    assert years == sorted(years)
    assert years[0] == 1999
    assert {2003, 2010, 2013, 2016, 2018, 2020, 2021, 2024, 2025} <= set(years)
    titles = " ".join(fact.title for fact in timeline)
    for name in ("Netmatch", "RegX", "Klyngeforum", "Klyngestrategi 2.0", "Klyngeprogrammet 2025-2028"):
        assert name in titles


def test_the_published_ranges_stand_beside_the_registrys_own_values(reference_data, board_client):
    Cluster.objects.filter(slug="energy-cluster-denmark").update(
        staff_count=45, board_size=12, legal_form=LegalForm.ASSOCIATION, chair_from_company=True
    )
    Cluster.objects.filter(slug="made").update(staff_count=9, legal_form=LegalForm.COMPANY)
    response = board_client.get(URL)
    html = response.content.decode()
    checks = {row.fact.slug: row.check for row in response.context["today"]}
    assert (checks["medarbejdere"].minimum, checks["medarbejdere"].maximum, checks["medarbejdere"].known) == (
        9,
        45,
        2,
    )
    assert checks["medarbejdere"].total == 13
    assert (checks["foreninger-med-cvr"].matching, checks["foreninger-med-cvr"].known) == (1, 2)
    assert checks["finansieringens-spaend"].in_registry is False
    for published in ("7 til 40-50", "85 til 450", "10-21", "mere end 25 gange", "forening"):
        assert published in html
    assert "fra 9 til 45 (kendt for 2 af 13 klynger)" in html
    assert "registret fører ikke dette tal." in html


def test_the_four_sightlines_and_the_national_figures_are_shown_and_marked_national(
    reference_data, board_client
):
    response = board_client.get(URL)
    html = response.content.decode()
    assert len(response.context["sightlines"]) == 4
    findings = response.context["national_findings"]
    assert {fact.scope for fact in findings} == {BackgroundScope.NATIONAL}
    assert "Over tre fjerdedele" in html
    assert "15.600" in html
    assert html.count("Nationalt, ikke Nordjylland") >= len(findings)


def test_the_north_jutland_networks_before_2020_link_to_the_registrys_actors(reference_data, board_client):
    response = board_client.get(URL)
    html = response.content.decode()
    for name in ("BrainsBusiness", "MARCOD", "Infnit", "Invio"):
        assert name in html
    assert reverse("clusters:actor-detail", kwargs={"slug": "marcod"}) in html
    assert "Hvorfor har Nordjylland ikke sat et større fingeraftryk" in html


def test_the_two_unknowns_stay_unknown_with_an_admin_link_to_add_them(
    reference_data, admin_client, board_client
):
    unknowns = {fact.slug: fact for fact in board_client.get(URL).context["unknowns"]}
    assert set(unknowns) == {"ukendt-seks-indsatser", "ukendt-klynger-2025-2028"}
    assert all(fact.is_unknown for fact in unknowns.values())
    board_html = board_client.get(URL).content.decode()
    assert "Tilføj i administrationen" not in board_html
    cache.clear()
    admin_html = admin_client.get(URL).content.decode()
    assert admin_html.count("Tilføj i administrationen") == 2
    assert reverse("admin:collaboration_strategyeffort_add") in admin_html
    assert reverse("admin:clusters_programmemembership_add") in admin_html


def test_an_unknown_admin_page_name_is_refused_with_a_clear_error(reference_data):
    fact = BackgroundFact.objects.get(slug="ukendt-seks-indsatser")
    fact.where_to_add = "admin:nowhere"
    with pytest.raises(Exception, match="er ikke en side i portalen"):
        fact.full_clean()


def test_the_background_page_is_readable_in_the_admin(reference_data, admin_client):
    fact = BackgroundFact.objects.get(slug="kerneopgave")
    assert (
        admin_client.get(reverse("admin:clusters_backgroundfact_change", args=[fact.pk])).status_code == 200
    )
    assert admin_client.get(reverse("admin:clusters_backgroundfact_changelist")).status_code == 200


def _grow(count: int) -> None:
    period = ProgrammePeriod.objects.get(code="2021-2024")
    for index in range(count):
        cluster = Cluster.objects.create(name=f"Vækst {index}", slug=f"vaekst-{index}", staff_count=index)
        ProgrammeMembership.objects.create(cluster=cluster, period=period)
        for topic in BackgroundTopic.values:
            BackgroundFact.objects.create(
                slug=f"{topic}-{index}",
                topic=topic,
                year=2000 + index,
                title="x",
                summary="y",
                registry_measure="cvr",
            )


@pytest.mark.slow
def test_background_queries_do_not_grow_with_the_data(reference_data, django_assert_num_queries):
    with django_assert_num_queries(2):
        landscape_background()
    _grow(20)
    with django_assert_num_queries(2):
        context = landscape_background()
    assert context["registry_total"] == 13 + 20
