"""A cluster answers through its personal link on a phone: draft, come back, submit; the dashboard changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.core.permissions import Role
from surveys.models import Response, ResponseStatus, Survey
from surveys.services_links import link_get_or_create, link_token

pytestmark = pytest.mark.browser

SURVEY = "/surveys/klyngesurvey-2023"
MISSING = "uidentificeret-klynge-2021-2024"  # the one invited cluster without an answer in the demo data


def test_respondent_on_a_phone_saves_a_draft_comes_back_submits_and_the_dashboard_changes(
    visit, person, demo_data
):
    Survey.objects.filter(slug="klyngesurvey-2023").update(closes_on=None)
    response = Response.objects.get(survey__slug="klyngesurvey-2023", cluster__slug=MISSING)
    path = reverse("surveys:answer", kwargs={"token": link_token(link_get_or_create(response=response))})
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})

    visit.open(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert page.locator(".main-nav").count() == 0
    page.locator("#q-dialog input[value=ja]").check()
    page.locator("#q-presence input[value=none]").check()
    page.fill("#id_members_nj", "25")
    page.locator("#q-agreements input[value=__none__]").check()  # a required question: "Ingen af disse"
    visit.screenshot("respondent-draft-390")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem kladde").click()
    assert "Kladden er gemt" in page.locator(".messages").inner_text()
    response.refresh_from_db()
    assert response.status == ResponseStatus.PARTIAL

    visit.open(path)  # coming back later through the same link
    assert page.input_value("#id_members_nj") == "25"
    with page.expect_navigation():
        page.get_by_role("button", name="Indsend besvarelsen").click()
    assert "kan ikke længere ændres" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    visit.screenshot("respondent-submitted-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    visit.sign_in(person(Role.ADMIN))
    visit.open(f"{SURVEY}/dashboard/")
    completed = page.locator("#tile-completed .tile__value").inner_text().strip()
    members = page.locator("#tile-members_total .tile__value").inner_text().strip()
    assert (completed, members) == ("13", "400")
    visit.assert_clean()
