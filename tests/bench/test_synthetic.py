"""The benchmark's synthetic data: seeded, replaceable, marked, and valid under the questionnaire's rules."""

from __future__ import annotations

from collections import defaultdict

import pytest

from clusters.models import Activity, Cluster
from collaboration.models import Agreement, FitRating
from surveys.models import Answer, AnswerChoice, Survey
from surveys.schema import schema_load, stored_value
from tests.bench.inprocess import import_
from tests.bench.synthetic import (
    CLUSTERS_PER_SCALE,
    SLUG_PREFIX,
    SURVEY_SLUG,
    main,
    real_clusters,
    synthetic_clusters,
    synthetic_data_generate,
)


def _fingerprint() -> list[tuple]:
    answers = Answer.objects.filter(response__survey__slug=SURVEY_SLUG)
    return [
        *synthetic_clusters().values_list(
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
        *Activity.objects.filter(cluster__in=synthetic_clusters())
        .order_by("cluster__slug", "title")
        .values_list("cluster__slug", "title", "municipality__code", "participants"),
    ]


def _generate(scale: int, seed: int = 2023) -> None:
    main([f"--scale={scale}", f"--seed={seed}"])


@pytest.mark.slow
def test_same_seed_gives_the_same_data_and_a_rerun_replaces_it(reference_data):
    _generate(2)
    first = _fingerprint()
    _generate(2)
    assert _fingerprint() == first
    assert synthetic_clusters().count() == 2 * CLUSTERS_PER_SCALE
    assert Survey.objects.filter(slug=SURVEY_SLUG).count() == 1
    _generate(2, seed=7)
    assert _fingerprint() != first


@pytest.mark.slow
def test_scale_multiplies_the_volume_and_leaves_real_data_alone(reference_data):
    real = set(Cluster.objects.values_list("slug", flat=True))
    _generate(1)
    small = Activity.objects.count(), FitRating.objects.count()
    _generate(3)
    assert synthetic_clusters().count() == 3 * CLUSTERS_PER_SCALE
    assert Activity.objects.count() == 3 * small[0]
    assert FitRating.objects.count() > 2 * small[1]
    survey = Survey.objects.get(slug=SURVEY_SLUG)
    assert survey.is_demo
    assert set(survey.invited.all()) == set(synthetic_clusters())
    assert survey.invited.count() == 3 * CLUSTERS_PER_SCALE
    assert set(real_clusters().values_list("slug", flat=True)) == real
    for agreement in Agreement.objects.filter(title__startswith="Syntetisk").prefetch_related("clusters"):
        assert {cluster.slug.startswith(SLUG_PREFIX) for cluster in agreement.clusters.all()} == {True}

    main(["--clear"])
    assert not synthetic_clusters().exists()
    assert not Survey.objects.filter(slug=SURVEY_SLUG).exists()
    assert set(Cluster.objects.values_list("slug", flat=True)) == real


@pytest.mark.slow
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
    with pytest.raises(SystemExit, match="load_reference_data"):
        _generate(1)


@pytest.mark.slow
def test_the_benchmarks_import_file_imports_every_answer(reference_data):
    """The file the benchmark times the import with is one the import takes whole, or it would time the
    refusal (every completed answer, "none chosen" included, round-trips)."""
    synthetic_data_generate(scale=2)
    result = import_(rows="20")
    assert result["ok"], result["errors"]
    assert result["answers_written"] == result["answers_in_file"] > 20
