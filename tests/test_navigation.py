"""The header marks one section per page, and the board's pages lead only where the board may go."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

SLUG = "klyngesurvey-2023"


def active_sections(html: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("url", "section"),
    [
        (reverse("surveys:dashboard", kwargs={"slug": SLUG}), "Dashboards"),
        (reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": "bestyrelse"}), "Dashboards"),
        (reverse("clusters:landscape"), "Dashboards"),
        (reverse("surveys:survey-list"), "Surveys"),
        (reverse("surveys:survey-detail", kwargs={"slug": SLUG}), "Surveys"),
        (reverse("clusters:cluster-list"), "Klynger"),
        (reverse("home"), "Forside"),
    ],
)
def test_the_header_marks_exactly_one_section(demo_data, staff_client, url, section):
    assert active_sections(staff_client.get(url).content.decode()) == [section]


BOARD_OUTPUTS = (
    ("surveys:dashboard", {"slug": SLUG}),
    ("surveys:meeting-pack", {"slug": SLUG, "audience": "bestyrelse"}),
    ("surveys:deck", {"slug": SLUG, "audience": "bestyrelse"}),
    ("surveys:export", {"slug": SLUG}),
)


def test_the_boards_survey_page_leads_to_dashboard_pack_deck_and_excel(demo_data, board_client):
    html = board_client.get(reverse("surveys:survey-detail", kwargs={"slug": SLUG})).content.decode()
    for name, kwargs in BOARD_OUTPUTS:
        assert f'href="{reverse(name, kwargs=kwargs)}"' in html
    for name in ("surveys:meeting-pack", "surveys:deck"):
        assert reverse(name, kwargs={"slug": SLUG, "audience": "direktion"}) not in html
    assert reverse("surveys:import", kwargs={"slug": SLUG}) not in html


def test_the_boards_home_promises_nothing_the_board_cannot_use(demo_data, board_client, staff_client):
    home = board_client.get(reverse("home")).content.decode()
    assert "Excel-skabelon og import" not in home
    for name, kwargs in BOARD_OUTPUTS:  # and leads to everything the board may use
        assert f'href="{reverse(name, kwargs=kwargs)}"' in home
    assert "Excel-skabelon og import" in staff_client.get(reverse("home")).content.decode()
