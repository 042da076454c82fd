"""The benchmark's synthetic data: seeded, replaceable, marked, and valid under the questionnaire's rules."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from clusters.models import Activity, Cluster
from collaboration.models import Agreement, FitRating
from portal.synthetic import CLUSTERS_PER_SCALE, SURVEY_SLUG, synthetic_data_generate
from surveys.models import Answer, AnswerChoice, Survey
from surveys.schema import schema_load, stored_value


def _fingerprint() -> list[tuple]:
    answers = Answer.objects.filter(response__survey__slug=SURVEY_SLUG)
    return [
        *Cluster.objects.filter(is_synthetic=True).values_list(
            "slug", "area_da", "development_stage", "ecei_label", "national_member_count"
        ),
        *answers.order_by("response__cluster__slug", "question__code").values_list(
            "response__cluster__slug",
            "question__code",
            "value_bool",
            "value_int",
            "option__code",
            "is_estimate",
        ),
        *Activity.objects.filter(cluster__is_synthetic=True)
        .order_by("cluster__slug", "title")
        .values_list("cluster__slug", "title", "municipality__code", "participants"),
    ]


def _generate(scale: int, seed: int = 2023) -> None:
    call_command("generate_synthetic_data", scale=scale, seed=seed, stdout=io.StringIO())


def test_same_seed_gives_the_same_data_and_a_rerun_replaces_it(reference_data):
    _generate(2)
    first = _fingerprint()
    _generate(2)
    assert _fingerprint() == first
    assert Cluster.objects.filter(is_synthetic=True).count() == 2 * CLUSTERS_PER_SCALE
    assert Survey.objects.filter(slug=SURVEY_SLUG).count() == 1
    _generate(2, seed=7)
    assert _fingerprint() != first


def test_scale_multiplies_the_volume_and_leaves_real_data_alone(reference_data):
    real = set(Cluster.objects.values_list("slug", flat=True))
    _generate(1)
    small = Activity.objects.count(), FitRating.objects.count()
    _generate(3)
    assert Cluster.objects.filter(is_synthetic=True).count() == 3 * CLUSTERS_PER_SCALE
    assert Activity.objects.count() == 3 * small[0]
    assert FitRating.objects.count() > 2 * small[1]
    survey = Survey.objects.get(slug=SURVEY_SLUG)
    assert survey.is_demo
    assert set(survey.invited.values_list("is_synthetic", flat=True)) == {True}
    assert survey.invited.count() == 3 * CLUSTERS_PER_SCALE
    assert set(Cluster.objects.filter(is_synthetic=False).values_list("slug", flat=True)) == real
    for agreement in Agreement.objects.filter(title__startswith="Syntetisk").prefetch_related("clusters"):
        assert {cluster.is_synthetic for cluster in agreement.clusters.all()} == {True}

    call_command("generate_synthetic_data", clear=True, stdout=io.StringIO())
    assert not Cluster.objects.filter(is_synthetic=True).exists()
    assert not Survey.objects.filter(slug=SURVEY_SLUG).exists()
    assert set(Cluster.objects.values_list("slug", flat=True)) == real


def test_synthetic_answers_keep_the_questionnaire_rules(reference_data):
    synthetic_data_generate(scale=4)
    survey = Survey.objects.get(slug=SURVEY_SLUG)
    schema = schema_load(survey.questionnaire)
    chosen = defaultdict(set)
    for answer_id, code in AnswerChoice.objects.filter(answer__response__survey=survey).values_list(
        "answer_id", "option__code"
    ):
        chosen[answer_id].add(code)
    by_response = defaultdict(dict)
    for answer in Answer.objects.filter(response__survey=survey).select_related("question"):
        question = schema.by_code[answer.question.code]
        by_response[answer.response_id][question.code] = stored_value(
            question, answer, frozenset(chosen[answer.pk])
        )
    assert len(by_response) > 40
    broken = {
        pk: schema.violations(answers) for pk, answers in by_response.items() if schema.violations(answers)
    }
    assert not broken


def test_generator_needs_the_reference_data(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_reference_data"):
        _generate(1)
