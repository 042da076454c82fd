"""The suggested fit score follows the documented weights, and the best model follows the models' rules."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from clusters.models import SizeBand
from clusters.tests.factories import (
    ActivityFactory,
    ClusterFactory,
    MemberCountFactory,
    MunicipalityFactory,
    OfficeFactory,
)
from collaboration.models import AgreementStatus
from collaboration.scoring import DEFAULT_WEIGHTS
from collaboration.selectors_fit import best_model_for, fit_ranking, fit_rows, strategy_support
from collaboration.tests.factories import (
    AgreementFactory,
    CollaborationModelFactory,
    FitRatingFactory,
    StrategyEffortFactory,
)
from surveys.services_publish import survey_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def energy_cluster():
    """Area 'Energi', 25 NJ members, one office, two activities, one active and one ended agreement."""
    aalborg = MunicipalityFactory(code=851, name="Aalborg")
    cluster = ClusterFactory(name="Energiklyngen", area_da="Energi", area_en="Energy")
    OfficeFactory(cluster=cluster, municipality=aalborg)
    MemberCountFactory(cluster=cluster, year=2023, size_band=SizeBand.TOTAL, count=25)
    ActivityFactory.create_batch(2, cluster=cluster, municipality=aalborg)
    AgreementFactory(clusters=[cluster], status=AgreementStatus.ACTIVE)
    AgreementFactory(clusters=[cluster], status=AgreementStatus.ENDED)
    return cluster


@pytest.fixture
def survey_with_partners(reference_data):
    """A completed answer to the shipped survey choosing the given `partners` options."""
    from surveys.models import Answer, AnswerChoice, Option, Response, ResponseStatus, Survey

    def make(cluster, *, partners):
        survey = Survey.objects.get(slug="klyngesurvey-2023")
        response, _created = Response.objects.update_or_create(
            survey=survey, cluster=cluster, defaults={"status": ResponseStatus.COMPLETED}
        )
        answer = Answer.objects.create(
            response=response, question=survey.questionnaire.questions.get(code="partners")
        )
        for code in partners:
            AnswerChoice.objects.create(
                answer=answer, option=Option.objects.get(question=answer.question, code=code)
            )
        return survey

    return make


def _row(cluster, efforts, weights=DEFAULT_WEIGHTS, survey=None):
    """The cluster's row with the cells of `efforts` only, in that order."""
    ranking = fit_ranking(weights=weights, survey=survey)
    (row,) = fit_rows(ranking=ranking, cluster_ids=[cluster.pk])
    return replace(row, cells=[row.cells[ranking.efforts.index(effort)] for effort in efforts])


def _cell(cluster, effort, weights=DEFAULT_WEIGHTS):
    return _row(cluster, [effort], weights).cells[0]


def test_worked_example_with_default_weights(energy_cluster):
    # Default weights: area 3, members 2, offices 2, activities 1, agreements 1, survey 1 (sum 10).
    # Components: area 1 ("energi"), members 25/50 = 0.5, offices 1, activities 2/5 = 0.4,
    # agreements 1/2 = 0.5 (the ended agreement does not count), survey 0 (no survey).
    # score = 3 × (3×1 + 2×0.5 + 2×1 + 1×0.4 + 1×0.5 + 1×0) / 10 = 3 × 6.9 / 10 = 2.07
    effort = StrategyEffortFactory(keywords="energi, grøn")
    cell = _cell(energy_cluster, effort)
    assert cell.suggestion.score == Decimal("2.07")
    assert cell.suggestion.matched_keyword == "energi"
    points = {part.component.key: part.points for part in cell.suggestion.parts}
    assert points == {
        "area": Decimal("0.90"),  # 3 × 3 × 1 / 10
        "members": Decimal("0.30"),  # 3 × 2 × 0.5 / 10
        "offices": Decimal("0.60"),
        "activities": Decimal("0.12"),
        "agreements": Decimal("0.15"),
        "survey": Decimal("0.00"),
    }


def test_changing_a_weight_changes_the_score_as_documented(energy_cluster):
    effort = StrategyEffortFactory(keywords="digital")  # no area match
    only_members = {key: 0 for key in DEFAULT_WEIGHTS} | {"members": 1}
    # Only members count: 3 × 1 × 0.5 / 1 = 1.50
    assert _cell(energy_cluster, effort, only_members).suggestion.score == Decimal("1.50")
    # With default weights the missing area match costs its points: 3 × 3.9 / 10 = 1.17
    assert _cell(energy_cluster, effort).suggestion.score == Decimal("1.17")


def test_survey_partners_count_from_the_published_answer(energy_cluster, survey_with_partners):
    survey = survey_with_partners(energy_cluster, partners=["aau", "ucn"])
    effort = StrategyEffortFactory(keywords="energi")
    unpublished = _row(energy_cluster, [effort], survey=survey).cells[0]
    assert next(p for p in unpublished.suggestion.parts if p.component.key == "survey").points == 0
    survey_publish(survey=survey)
    cell = _row(energy_cluster, [effort], survey=survey).cells[0]
    # survey component 2/3 → + 3 × 1 × 0.667 / 10 = 0.20; 3 × (6.9 + 0.6667) / 10 = 2.27
    assert next(p for p in cell.suggestion.parts if p.component.key == "survey").points == Decimal("0.20")
    assert cell.suggestion.score == Decimal("2.27")


def test_components_are_capped_at_one(energy_cluster):
    MemberCountFactory(cluster=energy_cluster, year=2024, size_band=SizeBand.TOTAL, count=500)
    footprint = _row(energy_cluster, []).footprint
    assert footprint.nj_members == 500
    assert footprint.shares["members"] == 1


def test_staff_rating_outranks_the_suggestion(energy_cluster):
    effort = StrategyEffortFactory(keywords="energi")
    other = ClusterFactory(name="Anden klynge", area_da="Lyd")
    FitRatingFactory(cluster=other, effort=effort, score=3)
    ranking = fit_ranking(weights=DEFAULT_WEIGHTS)
    assert ranking.cluster_ids(effort.code) == [other.pk, energy_cluster.pk]
    rows = fit_rows(ranking=ranking, cluster_ids=ranking.cluster_ids(effort.code))
    assert [row.cluster for row in rows] == [other, energy_cluster]
    assert rows[0].cells[0].effective_score == 3


def test_best_model_is_the_first_whose_rule_holds(energy_cluster):
    effort = StrategyEffortFactory(keywords="energi")
    needs_office_and_fit = CollaborationModelFactory(
        position=1, rule_requires_nj_office=True, rule_min_score=3
    )
    no_office_only = CollaborationModelFactory(position=2, rule_requires_nj_office=False)
    members_20 = CollaborationModelFactory(position=3, rule_min_nj_members=20)
    CollaborationModelFactory(position=0, rule_uncovered_effort=True)
    models = [needs_office_and_fit, no_office_only, members_20]
    cell = _cell(energy_cluster, effort)
    footprint = _row(energy_cluster, [effort]).footprint
    assert best_model_for(models=models, footprint=footprint, cell=cell) == members_20  # score 2.30 < 3
    FitRatingFactory(cluster=energy_cluster, effort=effort, score=3)
    assert best_model_for(models=models, footprint=footprint, cell=_cell(energy_cluster, effort)) == (
        needs_office_and_fit
    )


def test_an_effort_no_cluster_matches_suggests_the_uncovered_models(energy_cluster):
    blue = StrategyEffortFactory(keywords="maritim")
    new_cluster = CollaborationModelFactory(rule_uncovered_effort=True)
    support = {item.effort: item for item in strategy_support(weights=DEFAULT_WEIGHTS)}
    assert support[blue].covered is False
    assert support[blue].uncovered_models == [new_cluster]
    assert all(model != new_cluster for _row, _cell, model in support[blue].ranked)


def test_all_zero_weights_fall_back_to_the_defaults(client_for_role, energy_cluster):
    StrategyEffortFactory(keywords="energi")
    client = client_for_role("staff")
    zero = "&".join(f"{key}=0" for key in DEFAULT_WEIGHTS)
    response = client.get(f"/samarbejde/match/?{zero}")
    assert response.status_code == 200
    assert "Mindst én vægt skal være større end 0." in response.content.decode()
    assert response.context["weights"] == DEFAULT_WEIGHTS


def test_uncovered_model_is_only_suggested_for_its_own_efforts(energy_cluster):
    blue, climate = StrategyEffortFactory(keywords="maritim"), StrategyEffortFactory(keywords="klima")
    new_cluster = CollaborationModelFactory(rule_uncovered_effort=True)
    new_cluster.rule_efforts.set([blue])
    support = {item.effort: item for item in strategy_support(weights=DEFAULT_WEIGHTS)}
    assert support[blue].uncovered_models == [new_cluster]
    assert support[climate].uncovered_models == []


def test_an_unknown_sort_is_reported_not_guessed(client_for_role, energy_cluster):
    StrategyEffortFactory(code="gron", keywords="energi")
    html = client_for_role("board").get("/samarbejde/match/?sort=findes-ikke").content.decode()
    assert "Sorteringen »findes-ikke« er ikke en aktiv indsats" in html
    assert (
        "er ikke en aktiv indsats"
        not in client_for_role("staff").get("/samarbejde/match/?sort=gron").content.decode()
    )
