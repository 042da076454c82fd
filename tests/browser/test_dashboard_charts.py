"""In real Chromium: the board opens the dashboard, every chart is drawn from our own files only, and
print gets static images; the landscape map draws offline."""

from __future__ import annotations

import pytest

from portal.core.permissions import Role
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


def _charts_drawn(page) -> None:
    charts = page.locator("[data-chart]")
    assert charts.count() > 0
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(el => el.querySelector('svg.main-svg'))"
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.chart-print')].every(img => img.src.startsWith('data:image/png'))"
    )


def test_board_dashboard_draws_every_chart_and_prints_them_as_images(visit, person, demo_data):
    visit.sign_in(person(Role.BOARD))
    visit.open("/surveys/klyngesurvey-2023/dashboard/")
    page = visit.page
    _charts_drawn(page)
    assert page.locator("#tile-unique_companies .tile__value").inner_text() == "1.740"
    visit.screenshot("survey-dashboard-board")
    page.emulate_media(media="print")
    first = page.locator("figure.chart-block").first
    assert first.locator("img.chart-print").is_visible()
    assert not first.locator(".chart").is_visible()
    assert page.locator(".print-header").is_visible()
    visit.assert_clean()


def test_board_sees_the_refusal_instead_of_numbers_for_a_small_group(visit, person, demo_data):
    visit.sign_in(person(Role.BOARD))
    visit.open("/surveys/klyngesurvey-2023/dashboard/")
    assert visit.page.locator("#tile-co_located .tile__value").inner_text() == "2"  # as the deck showed
    page = visit.page
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        visit.open("/surveys/klyngesurvey-2023/dashboard/?presence=co_located")
        assert page.locator(".refusal").inner_text() == "for få besvarelser i udsnittet til at vise tal"
        assert page.locator(".tile").count() == 0 and page.locator("[data-chart]").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert [violation.describe() for violation in axe_violations(page)] == []
        visit.screenshot(f"survey-dashboard-board-refused-{width}")
    visit.assert_clean()


def test_landscape_map_draws_offline(visit, person, demo_data):
    visit.sign_in(person(Role.STAFF))
    visit.open("/klynger/landskab/")
    _charts_drawn(visit.page)
    visit.screenshot("landscape")
    visit.open("/surveys/klyngesurvey-2023/moedepakke/direktion/")
    _charts_drawn(visit.page)
    visit.screenshot("meeting-pack-direktion")
    visit.assert_clean()
