"""Agreements the clusters reported in the survey become agreement records in one step, linked to the answer."""

from __future__ import annotations

import pytest

from collaboration.models import Agreement
from collaboration.selectors import reported_agreements
from surveys.models import ResponseStatus, Survey
from surveys.services_loaders import survey_load_demo

pytestmark = pytest.mark.django_db

URL = "/samarbejde/survey/{slug}/aftaler/"


@pytest.fixture
def survey(reference_data) -> Survey:
    """The demo answers, not yet published (load_demo_data would publish them, converting every agreement)."""
    survey_load_demo()
    return Survey.objects.get(slug="klyngesurvey-2023")


def _from_survey():
    return Agreement.objects.filter(source_choice__isnull=False)


def test_reported_agreements_come_from_completed_responses_only(survey):
    reported = reported_agreements(survey=survey)
    assert reported
    assert {choice.answer.response.status for choice in reported} == {ResponseStatus.COMPLETED}
    municipal = [choice for choice in reported if choice.option.municipality_id]
    assert len(municipal) == 7  # the seed: 7 municipality agreements


def test_one_post_creates_the_chosen_agreements_linked_to_their_answers(client_for_role, survey):
    reported = reported_agreements(survey=survey)
    response = client_for_role("admin").post(
        URL.format(slug=survey.slug), {"choice": [choice.pk for choice in reported]}
    )
    assert response.status_code == 302
    agreements = list(_from_survey().prefetch_related("clusters", "municipalities"))
    assert len(agreements) == len(reported)
    for agreement in agreements:
        choice = agreement.source_choice
        assert list(agreement.clusters.all()) == [choice.answer.response.cluster]
        assert agreement.is_demo  # the survey's answers are demo answers
        if choice.option.municipality_id:
            assert list(agreement.municipalities.all()) == [choice.option.municipality]
    by_party = {(a.clusters.get().slug, a.source_choice.option.code): a for a in agreements}
    assert [actor.slug for actor in by_party[("made", "brn")].actors.all()] == ["brn"]
    assert by_party[("made", "brn")].title == "MADE – Business Region North Denmark"
    assert by_party[("we-build-denmark", "840")].title == "We Build Denmark – Rebild Kommune"


def test_converting_twice_or_an_unknown_answer_changes_nothing(client_for_role, survey):
    client = client_for_role("admin")
    first, second = reported_agreements(survey=survey)[:2]
    client.post(URL.format(slug=survey.slug), {"choice": [first.pk]})
    assert _from_survey().count() == 1
    response = client.post(URL.format(slug=survey.slug), {"choice": [second.pk, first.pk]}, follow=True)
    assert "Intet er oprettet" in response.content.decode()
    assert "er allerede oprettet" in response.content.decode()
    assert _from_survey().count() == 1
    response = client.post(URL.format(slug=survey.slug), {"choice": ["999999"]}, follow=True)
    assert "er ikke en rapporteret aftale" in response.content.decode()
    response = client.post(URL.format(slug=survey.slug), {"choice": ["x"]}, follow=True)
    assert "Ugyldigt valg" in response.content.decode()
    assert _from_survey().count() == 1


def test_board_and_staff_cannot_convert(client_for_role, survey):
    choice = reported_agreements(survey=survey)[0]
    for role in ("board", "staff"):
        assert (
            client_for_role(role).post(URL.format(slug=survey.slug), {"choice": [choice.pk]}).status_code
            == 403
        )
    assert not _from_survey().exists()


def test_a_changed_answer_keeps_the_agreement_and_its_note(client_for_role, survey):
    choice = reported_agreements(survey=survey)[0]
    client_for_role("admin").post(URL.format(slug=survey.slug), {"choice": [choice.pk]})
    choice.delete()
    agreement = Agreement.objects.get(source_note__contains=survey.title)
    assert agreement.source_choice is None


def test_a_converted_agreement_has_one_history_row_holding_its_links(client_for_role, survey):
    """One "+" row per new agreement, with its clusters and municipality in it, and the signed-in user as
    the one who acted (simple-history alone would add a row per link set)."""
    choice = next(choice for choice in reported_agreements(survey=survey) if choice.option.municipality_id)
    client = client_for_role("admin")
    client.post(URL.format(slug=survey.slug), {"choice": [choice.pk]})
    agreement = _from_survey().get()
    (row,) = agreement.history.all()
    assert row.history_type == "+"
    assert row.history_user == client.user
    assert [link.cluster for link in row.clusters.all()] == [choice.answer.response.cluster]
    assert [link.municipality for link in row.municipalities.all()] == [choice.option.municipality]
    assert not row.actors.exists()
