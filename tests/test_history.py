"""Every model users edit keeps a history with who acted: the signed-in user, or the command and the
operating-system user."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory
from simple_history.middleware import HistoryRequestMiddleware

from clusters import models as registry
from collaboration import models as collaboration
from collaboration import models_followup, models_interviews
from portal.core.history import command_reason, history_reason
from surveys import models as surveys
from surveys.services_links import link_get_or_create

EDITED_MODELS = [
    registry.ProgrammePeriod,
    registry.Cluster,
    registry.ProgrammeMembership,
    registry.Municipality,
    registry.Actor,
    registry.Office,
    registry.MemberCount,
    registry.Activity,
    registry.ActivityType,
    registry.Partnership,
    registry.ContactPerson,
    registry.BackgroundFact,
    collaboration.CollaborationModel,
    collaboration.RegionalStrategy,
    collaboration.FitRating,
    collaboration.Agreement,
    collaboration.AgreementDocument,
    collaboration.Goal,
    collaboration.Kpi,
    collaboration.Measurement,
    collaboration.Interaction,
    models_followup.FollowUpMeeting,
    models_interviews.Interview,
    models_interviews.InterviewQuote,
    models_interviews.InterviewFollowUp,
    surveys.Survey,
    surveys.Response,
    surveys.Answer,
    surveys.AnswerChoice,
    surveys.AnswerLink,
]


def _edit(instance: models.Model) -> None:
    """Change the first free text field there is (a plain save for models without one)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not (
            field.choices or field.unique or isinstance(field, models.SlugField | models.EmailField)
        ):
            value = f"{getattr(instance, field.attname)} (rettet)"
            setattr(instance, field.attname, value[: field.max_length] if field.max_length else value)
            return


def _save_as(user, instance: models.Model) -> None:
    """Save in a request signed in as `user`, through simple-history's middleware as a page would."""
    request = RequestFactory().post("/")
    request.user = user
    HistoryRequestMiddleware(lambda _request: instance.save() or HttpResponse())(request)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("redaktoer")


@pytest.fixture
def edited_rows(demo_data) -> None:
    """Rows of the models the demo data leaves empty."""
    cluster = registry.Cluster.objects.order_by("pk").first()
    agreement = collaboration.Agreement.objects.order_by("pk").first()
    registry.Activity.objects.create(cluster=cluster, kind=registry.ActivityKind.EVENTS, title="Temadag")
    contact = registry.ContactPerson.objects.create(cluster=cluster, name="Kontakt", email="k@example.org")
    collaboration.AgreementDocument.objects.create(agreement=agreement, title="Aftale", url="https://x.dk/a")
    models_followup.FollowUpMeeting.objects.create(agreement=agreement, scheduled_on=dt.date(2026, 1, 5))
    interview = models_interviews.Interview.objects.create(
        held_on=dt.date(2026, 1, 5), cluster=cluster, contact=contact, key_points="Pointer"
    )
    models_interviews.InterviewQuote.objects.create(interview=interview, text="Citat")
    models_interviews.InterviewFollowUp.objects.create(interview=interview, description="Ring tilbage")
    link_get_or_create(response=surveys.Response.objects.order_by("pk").first())


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model.__name__)
def test_editing_records_a_historical_row_with_the_user(edited_rows, editor, model):
    instance = model._default_manager.order_by("pk").first()
    assert instance is not None, f"the demo data has no {model.__name__}"
    _edit(instance)
    _save_as(editor, instance)
    latest = instance.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user) == ("~", editor)


def test_a_command_records_its_name_and_the_os_user(db, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "alice")
    call_command("load_reference_data", stdout=io.StringIO())
    reasons = set(registry.Cluster.history.values_list("history_change_reason", flat=True))
    assert reasons == {"kommando: load_reference_data (os-bruger: alice)"}
    assert (
        registry.Office.history.exists()
        and not registry.Office.history.filter(history_change_reason__isnull=True).exists()
    )


def test_history_reason_is_added_to_a_reason_already_given(demo_data, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "alice")
    response = surveys.Response.objects.order_by("pk").first()
    response._change_reason = "import"
    with history_reason(command_reason("import_survey")):
        response.save()
    latest = response.history.order_by("-history_id").first()
    assert latest.history_change_reason == "import · kommando: import_survey (os-bruger: alice)"
