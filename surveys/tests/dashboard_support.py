"""Shared by the dashboard, export and meeting-pack tests: the demo survey and the contract's 2023 column."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from surveys.models import Survey

SLUG = "klyngesurvey-2023"

# The contract's 2023 column (survey-2023.md), as the dashboard shows it in Danish.
CONTRACT_2023 = {
    "invited": "13",
    "completed": "12",
    "response_rate": "92,3 %",
    "willing_dialogue": "12",
    "physically_present": "7",
    "own_office": "5",
    "co_located": "2",
    "with_nj_partner": "12",
    "with_nj_members": "12",
    "members_total": "375",
    "members_large": "123",
    "members_small": "252",
    "unique_companies": "1.740",
    "participants": "4.324",
    "with_activities": "12",
    "without_agreement": "4",
    "municipal_agreements": "7",
    "municipalities_with_agreement": "5",
    "clusters_with_municipal_agreement": "3",
    "max_municipal_agreements_one_cluster": "4",
}


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=io.StringIO())
    return Survey.objects.get(slug=SLUG)


def tile_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="tile__value" data-key="([a-z_]+)">([^<]*)</div>', html))
