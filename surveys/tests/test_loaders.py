"""The reference survey and its demo answers: what loading gives, and that loading again changes nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from surveys.key_figures import key_figures
from surveys.models import Response, ResponseStatus, Survey


def test_reference_survey_has_thirteen_invitations_and_no_answers(reference_data):
    survey = Survey.objects.get(slug="klyngesurvey-2023")
    assert survey.responses.count() == 13
    assert set(survey.responses.values_list("status", flat=True)) == {ResponseStatus.NOT_STARTED}
    assert not survey.is_demo
    figures = key_figures(survey=survey)
    assert figures["completed"].value == 0
    assert figures["members_total"].value is None
    assert survey.questionnaire.questions.count() == 14


def test_demo_is_marked_and_loading_twice_changes_nothing(demo_survey):
    versions = dict(Response.objects.values_list("pk", "version"))
    call_command("load_demo_data", stdout=io.StringIO())
    assert Survey.objects.get(slug="klyngesurvey-2023").is_demo
    assert dict(Response.objects.values_list("pk", "version")) == versions
    assert key_figures(survey=demo_survey)["members_total"].value == 375


def test_reference_data_loads_idempotently(demo_survey):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "survey: 0 oprettet, 0 opdateret" in out.getvalue()
    assert Survey.objects.get(
        slug="klyngesurvey-2023"
    ).is_demo  # reference data leaves the demo answers alone
