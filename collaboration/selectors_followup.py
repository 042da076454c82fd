"""The "Til opfølgning" list: what is overdue or due within the horizon (30 days), from five sources in
five queries whatever the data size. The home page, the follow-up page and the digest all read it here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collaboration.followup import kpi_on_track, next_measurement_due
from collaboration.models import Agreement, AgreementStatus, Kpi
from collaboration.models_followup import FollowUpMeeting
from collaboration.models_interviews import InterviewFollowUp
from collaboration.selectors import kpi_progress
from surveys.models import Survey

HORIZON_DAYS = 30

KINDS = {
    "kpi": gettext_lazy("KPI-måling"),
    "agreement_end": gettext_lazy("Aftale udløber"),
    "meeting": gettext_lazy("Opfølgningsmøde"),
    "interview": gettext_lazy("Opfølgning på interview"),
    "survey": gettext_lazy("Survey lukker"),
}


@dataclass(frozen=True)
class FollowUpItem:
    kind: str
    key: str  # stable per item and due date: what the digest remembers having sent
    due: dt.date | None
    title: str
    detail: str
    url: str
    overdue: bool

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def followup_items(
    *, today: dt.date, kinds: set[str] | None = None, overdue_only: bool = False
) -> list[FollowUpItem]:
    """Everything overdue or due by today + HORIZON_DAYS, soonest first; undated KPIs (never measured, no
    start date) last. Surveys count from their closing date (`Survey.closes_on`); one without is left out."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    wanted = kinds or set(KINDS)
    readers = {
        "kpi": _kpi_items,
        "agreement_end": _agreement_end_items,
        "meeting": _meeting_items,
        "interview": _interview_items,
        "survey": _survey_items,
    }
    items = [item for kind in KINDS if kind in wanted for item in readers[kind](today, horizon)]
    if overdue_only:
        items = [item for item in items if item.overdue]
    return sorted(items, key=lambda item: (item.due is None, item.due or today, item.kind, item.title))


def _item(
    kind: str, key: str, due: dt.date | None, today: dt.date, title: str, detail: str, url: str
) -> FollowUpItem:
    return FollowUpItem(kind, key, due, title, detail, url, overdue=due is not None and due < today)


def _kpi_items(today: dt.date, horizon: dt.date) -> list[FollowUpItem]:
    kpis = (
        Kpi.objects.filter(goal__agreement__status=AgreementStatus.ACTIVE)
        .select_related("goal__agreement")
        .annotate(last_measured=Max("measurements__measured_on"))
    )
    items = []
    for kpi in kpis:
        agreement = kpi.goal.agreement
        due = next_measurement_due(
            frequency=kpi.frequency, last_measured=kpi.last_measured, start=agreement.start_date
        )
        if due is not None and due > horizon:
            continue
        detail = (
            _("Seneste måling %(date)s") % {"date": date_format(kpi.last_measured, "SHORT_DATE_FORMAT")}
            if kpi.last_measured
            else _("Ingen målinger endnu")
        )
        key = f"kpi:{kpi.pk}:{due.isoformat() if due else 'uden-dato'}"
        items.append(
            _item(
                "kpi",
                key,
                due,
                today,
                f"{kpi.name} ({agreement.title})",
                detail,
                agreement.get_absolute_url(),
            )
        )
    return items


def _agreement_end_items(today: dt.date, horizon: dt.date) -> list[FollowUpItem]:
    agreements = Agreement.objects.filter(status=AgreementStatus.ACTIVE, end_date__lte=horizon)
    return [
        _item(
            "agreement_end",
            f"agreement-end:{agreement.pk}:{agreement.end_date.isoformat()}",
            agreement.end_date,
            today,
            agreement.title,
            _("Aktiv aftale"),
            agreement.get_absolute_url(),
        )
        for agreement in agreements
    ]


def _meeting_items(today: dt.date, horizon: dt.date) -> list[FollowUpItem]:
    meetings = FollowUpMeeting.objects.filter(held_on__isnull=True, scheduled_on__lte=horizon).select_related(
        "agreement"
    )
    return [
        _item(
            "meeting",
            f"meeting:{meeting.pk}:{meeting.scheduled_on.isoformat()}",
            meeting.scheduled_on,
            today,
            meeting.title,
            meeting.agreement.title,
            meeting.agreement.get_absolute_url(),
        )
        for meeting in meetings
    ]


def _interview_items(today: dt.date, horizon: dt.date) -> list[FollowUpItem]:
    follow_ups = InterviewFollowUp.objects.filter(done_on__isnull=True, due_on__lte=horizon).select_related(
        "interview__cluster", "interview__actor"
    )
    return [
        _item(
            "interview",
            f"interview:{follow_up.pk}:{follow_up.due_on.isoformat()}",
            follow_up.due_on,
            today,
            follow_up.description,
            _("Interview med %(subject)s") % {"subject": follow_up.interview.organisation},
            follow_up.interview.get_absolute_url(),
        )
        for follow_up in follow_ups
    ]


def _survey_items(today: dt.date, horizon: dt.date) -> list[FollowUpItem]:
    surveys = Survey.objects.filter(closes_on__gte=today, closes_on__lte=horizon)
    return [
        _item(
            "survey",
            f"survey:{survey.pk}:{survey.closes_on.isoformat()}",
            survey.closes_on,
            today,
            str(survey),
            _("Svarfristen nærmer sig"),
            survey.get_absolute_url(),
        )
        for survey in surveys
    ]


@dataclass(frozen=True)
class KpiStatus:
    kpi: Kpi
    latest_value: object
    latest_on: dt.date | None
    percent: object
    on_track: bool | None
    note: str


def agreement_kpi_status(*, today: dt.date) -> list[tuple[Agreement, list[KpiStatus]]]:
    """Per active agreement, each KPI's progress against its target, latest measurement and on-track
    status (see `followup.kpi_on_track`), for the board's meeting pack. Four queries."""
    agreements = (
        Agreement.objects.filter(status=AgreementStatus.ACTIVE)
        .prefetch_related("goals__kpis__measurements")
        .order_by("title")
    )
    rows = []
    for agreement in agreements:
        statuses = []
        for goal in agreement.goals.all():
            for kpi in goal.kpis.all():
                progress = kpi_progress(kpi=kpi, measurements=list(kpi.measurements.all()))
                on_track = kpi_on_track(
                    progress=progress.progress,
                    start=agreement.start_date,
                    end=agreement.end_date,
                    today=today,
                )
                latest = progress.latest
                statuses.append(
                    KpiStatus(
                        kpi,
                        latest.value if latest else None,
                        latest.measured_on if latest else None,
                        progress.percent,
                        on_track,
                        progress.note,
                    )
                )
        if statuses:
            rows.append((agreement, statuses))
    return rows
