"""Reads for collaboration: the strategy, agreements, KPIs and the agreements reported in the survey.

The fit of clusters with the strategy is read in `selectors_fit` (the formula is in `scoring`), coverage in
`selectors_coverage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from collaboration.models import Agreement, FitRating, Interaction, Kpi, Measurement, RegionalStrategy
from collaboration.selectors_history import agreement_history
from portal.core.permissions import is_staff_or_admin
from surveys.models import Answer, AnswerChoice, Survey
from surveys.selectors import completed_responses


def strategy_clusters() -> QuerySet[Cluster]:
    """The clusters the strategy pages consider: every cluster that has not ended."""
    return Cluster.objects.filter(ended_on__isnull=True)


def demo_present() -> bool:
    """Whether illustrative demo agreements or ratings are mixed into the figures (pages then say so)."""
    return Agreement.objects.filter(is_demo=True).exists() or FitRating.objects.filter(is_demo=True).exists()


def current_strategy() -> RegionalStrategy | None:
    return RegionalStrategy.objects.order_by("pk").first()


# Agreements and KPIs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiProgress:
    kpi: Kpi
    measurements: list[Measurement]
    latest: Measurement | None
    progress: Decimal | None
    note: str

    @property
    def percent(self) -> Decimal | None:
        return None if self.progress is None else self.progress * 100


def kpi_progress(*, kpi: Kpi, measurements: list[Measurement]) -> KpiProgress:
    """progress = (latest − baseline) / (target − baseline).

    Works for targets below the baseline (a reduction) as well; 1 means the target is reached, above 1
    exceeded, below 0 moved away from it. No target, a target equal to the baseline, or no measurement
    leave progress unknown with a note saying why.
    """
    ordered = sorted(measurements, key=lambda m: m.measured_on)
    latest = ordered[-1] if ordered else None
    if latest is None:
        return KpiProgress(kpi, ordered, None, None, str(_("Ingen målinger endnu")))
    if kpi.target is None:
        return KpiProgress(kpi, ordered, latest, None, str(_("Intet mål sat")))
    if kpi.target == kpi.baseline:
        return KpiProgress(kpi, ordered, latest, None, str(_("Målet er lig udgangspunktet")))
    progress = (latest.value - kpi.baseline) / (kpi.target - kpi.baseline)
    return KpiProgress(kpi, ordered, latest, progress.quantize(Decimal("0.001")), "")


def agreement_list() -> QuerySet[Agreement]:
    return (
        Agreement.objects.select_related("model")
        .prefetch_related(Prefetch("clusters", queryset=Cluster.objects.order_by("name")))
        .order_by("-start_date", "title")
    )


def agreement_detail(*, pk: int, user) -> dict:
    """One agreement with parties, documents, goals and KPI progress; the log only for staff."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("model").prefetch_related(
            Prefetch("clusters", queryset=Cluster.objects.order_by("name")),
            "actors",
            "municipalities",
            "efforts",
            "documents",
            Prefetch(
                "goals__kpis",
                queryset=Kpi.objects.prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
                ),
            ),
        ),
        pk=pk,
    )
    staff = is_staff_or_admin(user)
    goals = [
        (goal, [kpi_progress(kpi=kpi, measurements=list(kpi.measurements.all())) for kpi in goal.kpis.all()])
        for goal in agreement.goals.all()
    ]
    return {
        "agreement": agreement,
        "goals": goals,
        "may_see_log": staff,
        "interactions": list(agreement.interactions.select_related("cluster")) if staff else [],
        "history": agreement_history(agreement=agreement) if staff else None,
    }


def cluster_collaboration(*, cluster: Cluster, user) -> dict:
    """The cluster profile's collaboration section: its agreements and, for staff, its interaction log."""
    staff = is_staff_or_admin(user)
    return {
        "agreements": list(cluster.agreements.select_related("model").order_by("-start_date", "title")),
        "may_see_log": staff,
        "interactions": list(Interaction.objects.filter(cluster=cluster).select_related("agreement"))
        if staff
        else [],
    }


# Agreements reported in the survey ------------------------------------------------------------------

AGREEMENTS_QUESTION = "agreements"
AGREEMENTS_OTHER_QUESTION = "agreements_other"


def reported_agreements(*, survey: Survey) -> list[AnswerChoice]:
    """Every party chosen in `agreements` by a completed response, with the agreement made from it (if any).

    Two queries. Each choice carries `other_parties` (the response's `agreements_other` text).
    """
    choices = list(
        AnswerChoice.objects.filter(
            answer__response__in=completed_responses(survey=survey),
            answer__question__code=AGREEMENTS_QUESTION,
        )
        .select_related("answer__response__cluster", "option__municipality", "converted_agreement")
        .order_by("answer__response__cluster__name", "option__order", "option__pk")
    )
    others = dict(
        Answer.objects.filter(
            response__in=completed_responses(survey=survey), question__code=AGREEMENTS_OTHER_QUESTION
        ).values_list("response_id", "value_text")
    )
    for choice in choices:
        choice.other_parties = others.get(choice.answer.response_id, "")
    return choices
