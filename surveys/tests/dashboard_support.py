"""Shared by the dashboard, export and meeting-pack tests: the demo survey and the contract's 2023 column."""

from __future__ import annotations

import re

import pytest

from clusters.models import Cluster, ProgrammeMembership, ProgrammePeriod
from surveys.models import Answer, Option, Question, Response, ResponseStatus, Survey

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
def demo(demo_data):
    return Survey.objects.get(slug=SLUG)


def tile_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="tile__value" data-key="([a-z_]+)">([^<]*)</div>', html))


def grow(survey: Survey, factor: int) -> None:
    """Invite `factor` × as many clusters again, each with a completed response and a few answers."""
    period = ProgrammePeriod.objects.get(code="2021-2024")
    questions = {q.code: q for q in Question.objects.filter(questionnaire=survey.questionnaire)}
    own_office = Option.objects.get(question=questions["presence"], code="own_office")
    start = Cluster.objects.count()
    for index in range(start, start + factor * 12):
        cluster = Cluster.objects.create(
            name=f"Vækstklynge {index}", slug=f"vaekst-{index}", area_da="Energi"
        )
        ProgrammeMembership.objects.create(cluster=cluster, period=period)
        response = Response.objects.create(survey=survey, cluster=cluster, status=ResponseStatus.COMPLETED)
        Answer.objects.create(response=response, question=questions["presence"], option=own_office)
        Answer.objects.create(response=response, question=questions["members_nj"], value_int=10)
        Answer.objects.create(response=response, question=questions["dialog"], value_bool=True)
