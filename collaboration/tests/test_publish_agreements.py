"""Publishing a newer wave carries agreements reported again over to it, ends those it omits, and leaves one
a person edited standing as a conflict."""

from __future__ import annotations

import pytest

from clusters.models import Cluster
from collaboration.models import Agreement, AgreementStatus
from surveys.models import Response, ResponseStatus, Survey
from surveys.schema import AnswerValue, schema_load
from surveys.services import responses_apply, responses_diff
from surveys.services_loaders import survey_load_demo
from surveys.services_publish import survey_publish
from surveys.services_waves import survey_start_next

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished(reference_data) -> Survey:
    survey_load_demo()
    return Survey.objects.select_related("questionnaire", "period").get(slug="klyngesurvey-2023")


def _answer(survey: Survey, cluster: Cluster, answers: dict) -> None:
    schema = schema_load(survey.questionnaire)
    response = Response.objects.get(survey=survey, cluster=cluster)
    wanted = {response: (ResponseStatus.COMPLETED, answers)}
    responses_apply(responses_diff(schema=schema, wanted=wanted), schema=schema)


def _newer_wave(older: Survey, cluster: Cluster, agreements: frozenset[str]) -> Survey:
    """The 2024 wave, started as an administrator starts one; only `cluster` completes it."""
    newer = survey_start_next(survey=older, period=older.period, year=2024)
    _answer(
        newer,
        cluster,
        {
            "presence": AnswerValue("none"),
            "members_nj": AnswerValue(90),
            "agreements": AnswerValue(agreements),
        },
    )
    return newer


def _survey_agreements(cluster: Cluster):
    return Agreement.objects.filter(clusters=cluster, source_choice__isnull=False).order_by("pk")


def test_a_newer_wave_carries_over_agreements_reported_again_and_ends_the_others(unpublished):
    survey_publish(survey=unpublished)
    energy = Cluster.objects.get(slug="energy-cluster-denmark")
    older = list(_survey_agreements(energy).select_related("source_choice__option"))
    assert len(older) >= 2, "the demo answers give Energy Cluster Denmark several agreements"
    kept, ended = older[0], older[1:]
    newer = _newer_wave(unpublished, energy, frozenset({kept.source_choice.option.code}))
    (preview,) = survey_publish(survey=newer, dry_run=True).clusters
    assert len(preview.superseded) >= len(ended) and not [line for line in preview.added if "aftale" in line]
    assert _survey_agreements(energy).filter(status=AgreementStatus.ACTIVE).count() == len(older)  # dry run

    survey_publish(survey=newer)
    assert _survey_agreements(energy).count() == len(older)  # carried over, not duplicated
    kept.refresh_from_db()
    assert kept.status == AgreementStatus.ACTIVE and kept.source_choice.answer.response.survey == newer
    assert {agreement.status for agreement in _survey_agreements(energy).exclude(pk=kept.pk)} == {
        AgreementStatus.ENDED
    }
    assert not survey_publish(survey=newer).has_changes  # idempotent


def test_an_agreement_a_person_edited_stands_when_the_newer_wave_omits_it(unpublished, admin_user):
    survey_publish(survey=unpublished)
    energy = Cluster.objects.get(slug="energy-cluster-denmark")
    edited = _survey_agreements(energy).first()
    edited.description = "Forlænget til 2026 efter møde med kommunen."
    edited._history_user = admin_user
    edited.save()
    newer = _newer_wave(unpublished, energy, frozenset())
    (preview,) = survey_publish(survey=newer).clusters
    edited.refresh_from_db()
    assert edited.status == AgreementStatus.ACTIVE
    assert any("redigeret af en person" in line for line in preview.conflicts)
