"""Wave comparison: the previous completed wave by default (never a later one), a choosable wave, each
figure's change, a warning for waves not far enough along, headline figures over all waves, and which wave
"Dashboards" opens."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import ProgrammePeriod
from portal.core.testing import committed
from surveys.dashboard import latest_survey
from surveys.models import ResponseStatus, Survey
from surveys.services_waves import survey_start_next
from surveys.tests import dashboard_support
from surveys.tests.dashboard_support import SLUG, grow

demo = dashboard_support.demo  # the fixture


@pytest.fixture
def wave_2024(demo) -> Survey:
    """A new wave for the same clusters with 3 of its 13 invitations completed."""
    wave = survey_start_next(survey=demo, period=ProgrammePeriod.objects.get(code="2021-2024"), year=2024)
    complete(wave, 3)
    return wave


def complete(wave: Survey, count: int) -> None:
    chosen = list(wave.responses.order_by("pk").values_list("pk", flat=True)[:count])
    wave.responses.filter(pk__in=chosen).update(status=ResponseStatus.COMPLETED)


def dashboard(slug: str) -> str:
    return reverse("surveys:dashboard", kwargs={"slug": slug})


def test_a_wave_is_compared_with_the_previous_completed_wave_never_a_later_one(wave_2024, staff_client):
    earlier = staff_client.get(dashboard(SLUG))
    assert earlier.context["wave"] is None  # 2024 is later: 2023 has nothing to compare with
    pack = staff_client.get(reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": "direktion"}))
    assert pack.context["wave"] is None
    later = staff_client.get(dashboard(wave_2024.slug))
    assert later.context["wave"].survey.slug == SLUG
    tiles = {tile.figure.key: tile for tile in later.context["tiles"]}
    assert tiles["invited"].compare_text == "2023: 13"
    assert tiles["invited"].change_text == "±0"
    assert tiles["completed"].change_text == "−9"
    assert tiles["response_rate"].change_text == "−69,2 %-point"


def test_a_wave_under_three_quarters_answered_is_flagged_as_not_comparable(wave_2024, staff_client):
    response = staff_client.get(dashboard(wave_2024.slug))
    assert response.context["wave_warnings"] == ["2024: 3 af 13 svar – tallene er ikke sammenlignelige endnu"]
    assert "2024: 3 af 13 svar – tallene er ikke sammenlignelige endnu" in response.content.decode()
    assert staff_client.get(dashboard(SLUG)).context["wave_warnings"] == []  # 12 of 13


def test_the_comparison_wave_can_be_chosen_and_a_bad_choice_changes_nothing(wave_2024, staff_client):
    chosen = staff_client.get(dashboard(wave_2024.slug), {"compare": SLUG})
    assert chosen.context["wave"].survey.slug == SLUG
    refused = staff_client.get(dashboard(wave_2024.slug), {"compare": "no-such-wave"})
    html = refused.content.decode()
    assert "Vælg en tidligere, gennemført runde at sammenligne med." in html
    assert "tiles" not in refused.context  # no figures guessed
    later = staff_client.get(dashboard(SLUG), {"compare": wave_2024.slug})
    assert "Vælg en tidligere, gennemført runde" in later.content.decode()  # never a later wave


def test_a_small_chart_follows_the_headline_figures_over_all_waves(wave_2024, staff_client):
    chart = staff_client.get(dashboard(wave_2024.slug)).context["chart_map"]["waves"]
    assert list(chart.headers) == ["Nøgletal", "2023", "2024"]
    rows = {row[0]: row[1:] for row in chart.rows}
    assert rows["Ønsker tæt dialog"][0] == 12
    assert all(trace["x"] == ["2023", "2024"] for trace in chart.figure["data"])
    assert "waves" not in staff_client.get(dashboard(SLUG)).context["chart_map"]  # one wave: no trend


def test_dashboards_open_the_newest_wave_with_three_quarters_answered(wave_2024, staff_client):
    assert latest_survey().slug == SLUG  # 2024 has 3 of 13
    assert staff_client.get(reverse("surveys:dashboard-latest")).url == dashboard(SLUG)
    assert f'href="{dashboard(wave_2024.slug)}"' in staff_client.get(dashboard(SLUG)).content.decode()
    complete(wave_2024, 10)
    assert latest_survey() == wave_2024


@pytest.mark.slow
def test_comparing_waves_costs_the_same_queries_however_many_answers(wave_2024, staff_client):
    url = dashboard(wave_2024.slug)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as before:
        staff_client.get(url, {"stage": ""})
    with committed():
        grow(wave_2024, 5)
        grow(Survey.objects.get(slug=SLUG), 5)
    with CaptureQueriesContext(connection) as after:
        response = staff_client.get(url, {"stage": ""})
    assert response.context["figures"]["completed"].value > 50
    assert response.context["wave"].figures["completed"].value > 50
    assert len(after) == len(before)


@pytest.mark.slow
def test_every_earlier_wave_is_counted_in_the_same_queries_however_many_waves(wave_2024, staff_client):
    """This wave's figures and each earlier wave's (the comparison and the chart over all waves) are counted
    together, so one more earlier wave adds no query."""
    period = ProgrammePeriod.objects.get(code="2021-2024")
    wave_2025 = survey_start_next(survey=wave_2024, period=period, year=2025)
    complete(wave_2025, 10)
    url = dashboard(wave_2025.slug)

    def shown() -> tuple[int, tuple]:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url, {"stage": ""})
        return len(queries), response.context["chart_map"]["waves"].headers[1:]

    staff_client.get(url)
    two_earlier = shown()
    with committed():
        wave_2024.responses.update(status=ResponseStatus.NOT_STARTED)  # no longer a wave to compare with
    one_earlier = shown()
    assert two_earlier[1] == ("2023", "2024", "2025") and one_earlier[1] == ("2023", "2025")
    assert two_earlier[0] == one_earlier[0]
