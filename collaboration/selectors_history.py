"""The agreement page's "Historik": changes to the agreement, its documents, goals, KPIs and measurements,
its meeting log and its follow-up meetings (staff and administrators only)."""

from __future__ import annotations

from django.utils.formats import date_format

from collaboration.models import (
    Agreement,
    AgreementDocument,
    CollaborationModel,
    Goal,
    Interaction,
    Kpi,
    Measurement,
)
from collaboration.models_followup import FollowUpMeeting
from portal.core.history import HistorySource, history_section


def agreement_history(*, agreement: Agreement) -> dict:
    goal_ids = Goal.history.filter(agreement_id=agreement.pk).values("id")
    kpi_ids = Kpi.history.filter(goal_id__in=goal_ids).values("id")
    models = {"model_id": dict(CollaborationModel.objects.values_list("pk", "name"))}
    sources = [
        HistorySource(Agreement.history.filter(id=agreement.pk), names=models),
        *[
            HistorySource(model.history.filter(agreement_id=agreement.pk))
            for model in (AgreementDocument, Goal, Interaction, FollowUpMeeting)
        ],
        HistorySource(Kpi.history.filter(goal_id__in=goal_ids)),
        HistorySource(
            Measurement.history.filter(kpi_id__in=kpi_ids), label=lambda row: date_format(row.measured_on)
        ),
    ]
    return history_section(sources=sources)
