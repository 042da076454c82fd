"""Follow-up that reminds: due dates from reporting frequencies (month ends), the "Til opfølgning" list on
its page and the home page, the digest that never sends an item twice a day, and KPI status in the packs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster, ProgrammePeriod
from collaboration.followup import add_months, kpi_on_track, next_measurement_due
from collaboration.models import Agreement, AgreementStatus, Goal, Kpi, Measurement
from collaboration.models_followup import DigestDelivery, DigestSubscription, FollowUpMeeting
from collaboration.models_interviews import Interview, InterviewFollowUp
from collaboration.selectors_followup import agreement_kpi_status, followup_items
from surveys.models import Questionnaire, Survey

TODAY = dt.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 2, 28), 1, dt.date(2025, 3, 31)),
        (dt.date(2025, 6, 30), 3, dt.date(2025, 9, 30)),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2025, 1, 15), 3, dt.date(2025, 4, 15)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2025, 11, 30), 1, dt.date(2025, 12, 31)),
        (dt.date(2025, 1, 30), 1, dt.date(2025, 2, 28)),
    ],
)
def test_adding_months_keeps_month_ends_and_clamps_to_short_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        ("monthly", dt.date(2025, 2, 28)),
        ("quarterly", dt.date(2025, 4, 30)),
        ("half_yearly", dt.date(2025, 7, 31)),
        ("yearly", dt.date(2026, 1, 31)),
    ],
)
def test_the_next_measurement_is_due_one_reporting_period_after_the_last(frequency, expected):
    assert (
        next_measurement_due(frequency=frequency, last_measured=dt.date(2025, 1, 31), start=None) == expected
    )


def test_without_a_measurement_the_period_runs_from_the_agreements_start():
    start = dt.date(2024, 12, 1)
    assert next_measurement_due(frequency="quarterly", last_measured=None, start=start) == dt.date(2025, 3, 1)
    assert next_measurement_due(frequency="quarterly", last_measured=None, start=None) is None


def test_on_track_compares_progress_with_the_time_that_has_passed():
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    mid = dt.date(2025, 7, 2)
    assert kpi_on_track(progress=Decimal("0.6"), start=start, end=end, today=mid) is True
    assert kpi_on_track(progress=Decimal("0.3"), start=start, end=end, today=mid) is False
    assert kpi_on_track(progress=Decimal("1.2"), start=None, end=None, today=mid) is True
    assert kpi_on_track(progress=Decimal("0.3"), start=None, end=None, today=mid) is None
    assert kpi_on_track(progress=None, start=start, end=end, today=mid) is None


def _agreement(title: str = "Aftale", **fields) -> Agreement:
    values = {"status": AgreementStatus.ACTIVE, "start_date": dt.date(2024, 12, 1), **fields}
    return Agreement.objects.create(title=title, **values)


def _kpi(agreement: Agreement, name: str, frequency: str = "quarterly", target: str | None = "100") -> Kpi:
    goal = Goal.objects.create(agreement=agreement, title="Mål")
    return Kpi.objects.create(
        goal=goal, name=name, unit="stk.", baseline=0, target=target, frequency=frequency
    )


@pytest.fixture
def due_world(db):
    agreement = _agreement(end_date=dt.date(2025, 4, 1))
    _kpi(agreement, "Aldrig målt")  # due 1 March 2025: overdue
    measured = _kpi(agreement, "Målt i januar", frequency="yearly")
    Measurement.objects.create(
        kpi=measured, measured_on=dt.date(2025, 1, 31), value=10
    )  # due 2026: not listed
    _kpi(_agreement("Idé", status=AgreementStatus.IDEA), "Ikke aktiv")
    _kpi(_agreement("Uden start", start_date=None), "Uden dato")
    FollowUpMeeting.objects.create(agreement=agreement, scheduled_on=dt.date(2025, 3, 20), title="Statusmøde")
    FollowUpMeeting.objects.create(
        agreement=agreement, scheduled_on=dt.date(2025, 3, 1), title="Holdt møde", held_on=dt.date(2025, 3, 1)
    )
    cluster = Cluster.objects.create(name="Klynge", slug="klynge")
    interview = Interview.objects.create(
        held_on=dt.date(2025, 2, 1), cluster=cluster, interviewee_role="Direktør", key_points="x"
    )
    InterviewFollowUp.objects.create(interview=interview, description="Send tal", due_on=dt.date(2025, 4, 5))
    InterviewFollowUp.objects.create(interview=interview, description="Langt ude", due_on=dt.date(2025, 6, 1))
    return agreement


def test_the_list_holds_what_is_overdue_or_due_within_30_days(due_world):
    items = followup_items(today=TODAY)
    assert [(item.kind, item.title, item.due, item.overdue) for item in items] == [
        ("kpi", "Aldrig målt (Aftale)", dt.date(2025, 3, 1), True),
        ("meeting", "Statusmøde", dt.date(2025, 3, 20), False),
        ("agreement_end", "Aftale", dt.date(2025, 4, 1), False),
        ("interview", "Send tal", dt.date(2025, 4, 5), False),
        ("kpi", "Uden dato (Uden start)", None, False),
    ]


def _survey(slug: str, closes_on: dt.date | None) -> Survey:
    period = ProgrammePeriod.objects.get_or_create(
        code="2021-2024", defaults={"start_year": 2021, "end_year": 2024}
    )[0]
    questionnaire = Questionnaire.objects.get_or_create(slug="q", defaults={"title_da": "Q"})[0]
    return Survey.objects.create(
        title=slug, slug=slug, year=2025, period=period, questionnaire=questionnaire, closes_on=closes_on
    )


def test_surveys_closing_within_30_days_are_listed_and_those_without_a_date_are_not(due_world):
    closing = _survey("lukker", dt.date(2025, 3, 25))
    _survey("uden-frist", None)
    _survey("lukket", dt.date(2025, 3, 1))
    surveys = [item for item in followup_items(today=TODAY) if item.kind == "survey"]
    assert [item.title for item in surveys] == [str(closing)]
    assert Survey.objects.count() == 3


def test_the_page_filters_by_kind_and_overdue(due_world, staff_client):
    url = reverse("collaboration:followup-list")
    response = staff_client.get(url, {"kind": ["meeting", "interview"]})
    assert {item.kind for item in response.context["items"]} == {"meeting", "interview"}
    overdue = staff_client.get(url, {"overdue": "on"}).context["items"]
    assert all(item.overdue for item in overdue)
    bad = staff_client.get(url, {"kind": "nonsense"})
    assert bad.context["items"] == []
    assert "field-error" in bad.content.decode()


def test_the_home_page_shows_the_list_to_staff_but_not_to_the_board(due_world, staff_client, board_client):
    assert "Til opfølgning" in staff_client.get(reverse("home")).content.decode()
    assert "Statusmøde" in staff_client.get(reverse("home")).content.decode()
    board_html = board_client.get(reverse("home")).content.decode()
    assert "Statusmøde" not in board_html and 'id="followup"' not in board_html


def _subscribe(client, email: str) -> None:
    client.user.email = email
    client.user.save()
    client.post(reverse("collaboration:digest-subscription"), {"subscribe": "1"})


def test_the_digest_prints_the_list_without_sending(due_world):
    out = io.StringIO()
    call_command("followup_digest", "--date", "2025-03-10", stdout=out)
    assert "Aldrig målt" in out.getvalue() and "(overskredet)" in out.getvalue()
    assert mail.outbox == []


def test_the_digest_mails_opted_in_staff_once_per_item_per_day(
    due_world, staff_client, admin_client, board_client
):
    _subscribe(staff_client, "svend@example.org")
    admin_client.user.email = "anne@example.org"  # not opted in
    admin_client.user.save()
    DigestSubscription.objects.create(user=board_client.user)  # the board never gets it
    board_client.user.email = "bodil@example.org"
    board_client.user.save()

    call_command("followup_digest", "--send", "--date", "2025-03-10", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["svend@example.org"]]
    assert "Aldrig målt" in mail.outbox[0].body and "Statusmøde" in mail.outbox[0].body

    call_command("followup_digest", "--send", "--date", "2025-03-10", stdout=io.StringIO())
    assert len(mail.outbox) == 1, "nothing new today: no second mail"

    FollowUpMeeting.objects.create(agreement=due_world, scheduled_on=dt.date(2025, 3, 12), title="Nyt møde")
    call_command("followup_digest", "--send", "--date", "2025-03-10", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert "Nyt møde" in mail.outbox[1].body and "Statusmøde" not in mail.outbox[1].body

    call_command("followup_digest", "--send", "--date", "2025-03-11", stdout=io.StringIO())
    assert len(mail.outbox) == 3, "a new day: the open items again"
    assert DigestDelivery.objects.filter(sent_on=dt.date(2025, 3, 10)).count() == 6


def test_opting_out_stops_the_digest(due_world, staff_client):
    _subscribe(staff_client, "svend@example.org")
    staff_client.post(reverse("collaboration:digest-subscription"), {"subscribe": "0"})
    call_command("followup_digest", "--send", "--date", "2025-03-10", stdout=io.StringIO())
    assert mail.outbox == []


def test_a_bad_date_is_refused_clearly():
    with pytest.raises(CommandError, match="er ikke en dato på formen ÅÅÅÅ-MM-DD"):
        call_command("followup_digest", "--date", "10-03-2025", stdout=io.StringIO())


def test_kpi_status_per_agreement_shows_progress_latest_date_and_track(db):
    agreement = _agreement(start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31))
    kpi = _kpi(agreement, "Virksomheder")
    Measurement.objects.create(kpi=kpi, measured_on=dt.date(2025, 6, 30), value=20)
    _kpi(agreement, "Uden mål", target=None)
    [(row_agreement, statuses)] = agreement_kpi_status(today=dt.date(2025, 7, 2))
    assert row_agreement == agreement
    first, second = statuses
    assert (first.percent, first.latest_on, first.on_track) == (Decimal("20.0"), dt.date(2025, 6, 30), False)
    assert second.on_track is None and second.note == "Ingen målinger endnu"


def _grow(count: int) -> None:
    for index in range(count):
        agreement = _agreement(f"Vækst {index}", end_date=dt.date(2025, 3, 30))
        kpi = _kpi(agreement, f"KPI {index}")
        Measurement.objects.create(kpi=kpi, measured_on=dt.date(2024, 12, 31), value=1)
        FollowUpMeeting.objects.create(agreement=agreement, scheduled_on=dt.date(2025, 3, 15), title="Møde")


@pytest.mark.slow
def test_the_follow_up_queries_do_not_grow_with_the_data(due_world, staff_client, django_assert_num_queries):
    with django_assert_num_queries(5):
        followup_items(today=TODAY)
    with django_assert_num_queries(4):
        agreement_kpi_status(today=TODAY)
    url = reverse("collaboration:followup-list")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as small:
        staff_client.get(url)
    _grow(20)
    with CaptureQueriesContext(connection) as large:
        response = staff_client.get(url)
    assert len(response.context["items"]) > 20
    assert len(large) == len(small)
    with django_assert_num_queries(5):
        followup_items(today=TODAY)
