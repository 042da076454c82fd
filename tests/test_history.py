"""Every model users edit keeps a history with who acted: the signed-in user, or the command and the
operating-system user."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, models
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.middleware import HistoryRequestMiddleware

from clusters import models as registry
from collaboration import models as collaboration
from collaboration import models_followup, models_interviews
from portal.core.caching import data_version_raise
from portal.core.history import HistoryManager, command_reason, history_reason
from surveys import bulk
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
    collaboration.ChecklistItem,
    collaboration.RegionalStrategy,
    collaboration.StrategyEffort,
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
    surveys.Questionnaire,
    surveys.Section,
    surveys.Question,
    surveys.Option,
    surveys.Rule,
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


def _page(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode()


def test_cluster_profile_shows_history_to_staff_and_administrators_not_the_board(
    demo_data, editor, admin_client, staff_client, board_client
):
    cluster = registry.Cluster.objects.order_by("pk").first()
    old_note = cluster.note or "–"
    cluster.note = "Ny note om klyngen"
    _save_as(editor, cluster)
    url = cluster.get_absolute_url()
    for client in (admin_client, staff_client):
        page = _page(client, url)
        assert 'id="history"' in page and "redaktoer" in page
        assert f"<del>{old_note}</del> → <ins>Ny note om klyngen</ins>" in page
    assert 'id="history"' not in _page(board_client, url)


def test_cluster_history_tells_apart_the_parts_that_have_no_name_of_their_own(demo_data, staff_client):
    cluster = registry.Cluster.objects.order_by("pk").first()
    aalborg = registry.Municipality.objects.get(code=851)
    registry.ActivityType.objects.create(cluster=cluster, kind=registry.ActivityKind.EVENTS)
    registry.Office.objects.create(cluster=cluster, municipality=aalborg, kind=registry.OfficeKind.OWN_OFFICE)
    registry.MemberCount.objects.create(
        cluster=cluster, year=2031, size_band=registry.SizeBand.LARGE, municipality=aalborg, count=7
    )
    page = _page(staff_client, cluster.get_absolute_url())
    assert f"«{registry.ActivityKind.EVENTS.label}» oprettet" in page
    assert "«Aalborg» oprettet" in page
    assert "«2031, Over 50 ansatte, Aalborg» oprettet" in page


def test_agreement_page_shows_history_to_staff_not_the_board(demo_data, editor, staff_client, board_client):
    agreement = collaboration.Agreement.objects.order_by("pk").first()
    old_title = agreement.title
    agreement.title = "Omdøbt aftale"
    _save_as(editor, agreement)
    page = _page(staff_client, agreement.get_absolute_url())
    assert f"<del>{old_title}</del> → <ins>Omdøbt aftale</ins>" in page and "redaktoer" in page
    assert 'id="history"' not in _page(board_client, agreement.get_absolute_url())


def test_agreement_history_names_a_measurement_by_its_date_in_the_languages_format(demo_data, staff_client):
    kpi = collaboration.Kpi.objects.order_by("pk").first()
    collaboration.Measurement.objects.create(kpi=kpi, measured_on=dt.date(2026, 3, 5), value=4)
    page = _page(staff_client, kpi.goal.agreement.get_absolute_url())
    assert "«5. marts 2026» oprettet" in page


def test_response_page_shows_history_to_staff_never_the_board(demo_data, editor, staff_client, board_client):
    response = surveys.Response.objects.select_related("survey", "cluster").order_by("pk").first()
    survey = response.survey
    survey.board_sees_cluster_answers = True  # even where the board may read the answers
    survey.save()
    response.status = (
        surveys.ResponseStatus.PARTIAL if response.is_completed else surveys.ResponseStatus.COMPLETED
    )
    _save_as(editor, response)
    url = reverse("surveys:response-detail", kwargs={"slug": survey.slug, "cluster": response.cluster.slug})
    page = _page(staff_client, url)
    assert 'id="history"' in page and "redaktoer" in page and "→" in page
    assert 'id="history"' not in _page(board_client, url)


def test_response_history_names_answers_and_choices_as_the_response_page_does(demo_data, staff_client):
    choice = surveys.AnswerChoice.objects.select_related(
        "option", "answer__question", "answer__response__survey", "answer__response__cluster"
    ).get(answer__question__code="agreements", option__municipality__code=846)
    response = choice.answer.response
    url = reverse(
        "surveys:response-detail", kwargs={"slug": response.survey.slug, "cluster": response.cluster.slug}
    )
    page = _page(staff_client, url)
    assert f"«{choice.option.label}» oprettet" in page and "«846»" not in page


def _history_pages() -> list[tuple[models.Model, str]]:
    cluster = registry.Cluster.objects.order_by("pk").first()
    agreement = collaboration.Agreement.objects.order_by("pk").first()
    response = surveys.Response.objects.select_related("survey", "cluster").order_by("pk").first()
    response_url = reverse(
        "surveys:response-detail", kwargs={"slug": response.survey.slug, "cluster": response.cluster.slug}
    )
    return [
        (cluster, cluster.get_absolute_url()),
        (agreement, agreement.get_absolute_url()),
        (response, response_url),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("page", [0, 1, 2], ids=["profile", "agreement", "response"])
def test_history_section_queries_stay_the_same_as_history_grows(
    demo_data, editor, staff_client, page, django_assert_num_queries
):
    instance, url = _history_pages()[page]
    _edit(instance)
    _save_as(editor, instance)
    staff_client.get(url)  # warm per-session caches
    data_version_raise()  # as a commit would (the test's transaction never commits): no page from the cache
    with CaptureQueriesContext(connection) as captured:
        before = _page(staff_client, url)
    for _ in range(10):
        _edit(instance)
        _save_as(editor, instance)
    data_version_raise()
    with django_assert_num_queries(len(captured)):
        after = _page(staff_client, url)
    assert after.count("redaktoer") > before.count("redaktoer"), "rendered afresh, not from the page cache"


def test_bulk_history_copies_carry_the_command_too(demo_data, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "alice")
    response = surveys.Response.objects.order_by("pk").first()
    with history_reason(command_reason("import_survey")):
        bulk.history_copy(surveys.Response.objects.filter(pk=response.pk), history_type="~", reason="import")
    latest = response.history.order_by("-history_id").first()
    assert latest.history_change_reason == "import · kommando: import_survey (os-bruger: alice)"


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model.__name__)
def test_every_edited_model_uses_the_portals_history_manager(model):
    """portal.core.history's HistoricalRecords: the history manager's class is made once, not on every
    save (simple-history's own descriptor makes a new class each time `instance.history` is read)."""
    instance = model()
    assert type(instance.history) is type(model().history)
    assert isinstance(instance.history, HistoryManager)
