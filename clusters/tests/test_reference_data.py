"""The shipped reference data: what it holds, and that loading it again changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from clusters.models import (
    Actor,
    Cluster,
    Municipality,
    Office,
    ProgrammeMembership,
    ProgrammePeriod,
    Verification,
)
from clusters.services import registry_load_reference

MODELS = (ProgrammePeriod, Cluster, ProgrammeMembership, Municipality, Actor, Office)
PLACEHOLDER = "uidentificeret-klynge-2021-2024"


def _snapshot() -> dict:
    return {model.__name__: sorted(model.objects.values_list(flat=False).order_by("pk")) for model in MODELS}


def test_loading_reference_data_twice_creates_and_updates_nothing(reference_data):
    before = _snapshot()
    assert registry_load_reference() == {"created": 0, "updated": 0}
    assert _snapshot() == before


def test_the_command_reports_nothing_new_on_a_second_run(reference_data):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "register: 0 oprettet, 0 opdateret" in out.getvalue()


def test_an_administrators_rename_of_the_unidentified_cluster_survives_a_reload(reference_data):
    cluster = Cluster.objects.get(slug=PLACEHOLDER)
    cluster.name = "Navngivet af administrator"
    cluster.area_da = "Et område"
    cluster.verification = Verification.PARTLY_VERIFIED
    cluster.save()

    call_command("load_reference_data", stdout=io.StringIO())

    cluster.refresh_from_db()
    assert (cluster.name, cluster.area_da, cluster.verification) == (
        "Navngivet af administrator",
        "Et område",
        Verification.PARTLY_VERIFIED,
    )
    assert Cluster.objects.count() == 14


def test_a_fact_left_empty_is_filled_in_by_a_reload_but_a_corrected_one_is_kept(reference_data):
    Cluster.objects.filter(slug="clean").update(hq_city="")
    Cluster.objects.filter(slug="digitallead").update(hq_city="Aalborg")

    assert registry_load_reference() == {"created": 0, "updated": 1}
    assert Cluster.objects.get(slug="clean").hq_city == "Sønderborg"
    assert Cluster.objects.get(slug="digitallead").hq_city == "Aalborg"


def test_thirteen_clusters_were_active_in_2021_2024_including_the_unidentified_one(reference_data):
    active = Cluster.objects.active_in("2021-2024")
    assert active.count() == 13
    assert active.filter(slug=PLACEHOLDER, verification=Verification.UNIDENTIFIED).exists()
    assert Cluster.objects.in_period("2021-2024").count() == 14  # the 14 designated


def test_marlog_ended_in_april_2022_and_is_not_active(reference_data):
    marlog = Cluster.objects.get(slug="marlog")
    assert (marlog.ended_on.year, marlog.ended_on.month) == (2022, 4)
    assert not Cluster.objects.active_in("2021-2024").filter(slug="marlog").exists()
    assert not Cluster.objects.present_in_nj().filter(slug="marlog").exists()


def test_made_is_in_both_programme_periods(reference_data):
    made = Cluster.objects.get(slug="made")
    assert sorted(made.periods.values_list("code", flat=True)) == ["2021-2024", "2025-2028"]
    assert list(Cluster.objects.active_in("2025-2028").values_list("slug", flat=True)) == ["made"]


def test_programme_periods_carry_the_verified_figures(reference_data):
    first, second = ProgrammePeriod.objects.order_by("start_year")
    assert (first.code, first.designated_count, first.designated_on) == (
        "2021-2024",
        14,
        dt.date(2020, 10, 1),
    )
    assert (second.code, second.designated_count, second.public_funding_dkk) == ("2025-2028", 11, 662_000_000)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (851, "Aalborg"),
        (810, "Brønderslev"),
        (813, "Frederikshavn"),
        (860, "Hjørring"),
        (849, "Jammerbugt"),
        (825, "Læsø"),
        (846, "Mariagerfjord"),
        (773, "Morsø"),
        (840, "Rebild"),
        (787, "Thisted"),
        (820, "Vesthimmerland"),
    ],
)
def test_the_eleven_municipalities_have_their_kommunekode(reference_data, code, name):
    assert Municipality.objects.get(code=code).name == name


def test_there_are_exactly_eleven_municipalities_with_coordinates(reference_data):
    assert Municipality.objects.count() == 11
    assert not Municipality.objects.filter(latitude__isnull=True).exists()


def test_region_and_actors_are_loaded_with_their_verification(reference_data):
    assert Actor.objects.get(slug="region-nordjylland").kind == "region"
    assert Actor.objects.get(slug="brainsbusiness").verification == Verification.UNVERIFIED
    assert Actor.objects.get(slug="marcod").is_defunct
    assert (
        Actor.objects.filter(slug__in=["brn", "aau", "ucn", "green-hub-denmark", "hydrogen-valley"]).count()
        == 5
    )


def test_unknown_facts_stay_empty_rather_than_invented(reference_data):
    made = Cluster.objects.get(slug="made")
    assert made.hq_city == ""
    assert not Cluster.objects.exclude(development_stage="").exists()
    assert not Cluster.objects.filter(cvr__gt="").exists()
    assert not Cluster.objects.filter(verified_on__isnull=False).exists()
