"""Reads for collaboration: fit of clusters with the regional strategy, coverage, agreements and KPIs.

The suggested fit score (README, "Samarbejde") for a cluster and an effort is

    score = 3 × Σ(weight × component) / Σ(weight)

with every component between 0 and 1:

    area        1 when one of the effort's keywords occurs in the cluster's area (Danish or English), else 0
    members     North Jutland members (latest year) / MEMBERS_FULL, at most 1
    offices     1 when the cluster has an office in North Jutland (not planned, not ended), else 0
    activities  the cluster's activities / ACTIVITIES_FULL, at most 1
    agreements  agreements in negotiation or active with the cluster / AGREEMENTS_FULL, at most 1
    survey      North Jutland partners the cluster chose in its completed answer to the newest survey
                with completed answers / SURVEY_PARTNERS_FULL, at most 1

Each component's points (3 × weight × component / Σ weight) are shown, so they add up to the score.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from clusters.models import Activity, Cluster
from collaboration.models import (
    Agreement,
    AgreementStatus,
    CollaborationModel,
    FitRating,
    Interaction,
    Kpi,
    Measurement,
    RegionalStrategy,
    StrategyEffort,
)
from portal.core.permissions import is_staff_or_admin
from surveys.dashboard import latest_survey
from surveys.models import Answer, AnswerChoice, Survey
from surveys.selectors import completed_responses

MEMBERS_FULL = 50
ACTIVITIES_FULL = 5
AGREEMENTS_FULL = 2
SURVEY_PARTNERS_FULL = 3
LIVE_STATUSES = (AgreementStatus.NEGOTIATION, AgreementStatus.ACTIVE)
PARTNERS_QUESTION = "partners"


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    explanation: str
    default_weight: int


COMPONENTS = (
    Component("area", _("Område"), _("1 hvis et af indsatsens nøgleord indgår i klyngens område"), 3),
    Component(
        "members",
        _("Medlemmer i Nordjylland"),
        _("medlemmer i Nordjylland (seneste år) / %(full)s, højst 1") % {"full": MEMBERS_FULL},
        2,
    ),
    Component("offices", _("Kontor i Nordjylland"), _("1 hvis klyngen har kontor i Nordjylland"), 2),
    Component(
        "activities",
        _("Aktiviteter"),
        _("aktiviteter og projekter / %(full)s, højst 1") % {"full": ACTIVITIES_FULL},
        1,
    ),
    Component(
        "agreements",
        _("Aftaler"),
        _("aftaler i forhandling eller aktive / %(full)s, højst 1") % {"full": AGREEMENTS_FULL},
        1,
    ),
    Component(
        "survey",
        _("Partnere (survey)"),
        _("nordjyske samarbejdspartnere, klyngen har angivet i surveyen / %(full)s, højst 1")
        % {"full": SURVEY_PARTNERS_FULL},
        1,
    ),
)
DEFAULT_WEIGHTS = {component.key: component.default_weight for component in COMPONENTS}


@dataclass(frozen=True)
class Footprint:
    """A cluster's North Jutland footprint: the effort-independent inputs of the suggested score."""

    cluster: Cluster
    nj_members: int
    nj_offices: int
    activities: int
    agreements: int
    survey_partners: int = 0

    @cached_property
    def shares(self) -> dict[str, Decimal]:
        return {
            "members": _capped(self.nj_members, MEMBERS_FULL),
            "offices": Decimal(1 if self.nj_offices else 0),
            "activities": _capped(self.activities, ACTIVITIES_FULL),
            "agreements": _capped(self.agreements, AGREEMENTS_FULL),
            "survey": _capped(self.survey_partners, SURVEY_PARTNERS_FULL),
        }


@dataclass(frozen=True)
class Part:
    component: Component
    share: Decimal
    weight: int
    points: Decimal


@dataclass(frozen=True)
class Suggestion:
    score: Decimal
    matched_keyword: str
    shares: dict[str, Decimal]
    weights: dict[str, int]

    @cached_property
    def parts(self) -> list[Part]:
        """Each component's points on the 0-3 scale; they add up to the score (up to rounding)."""
        total = sum(self.weights.values())
        return [
            Part(
                component=component,
                share=_round(self.shares[component.key]),
                weight=self.weights[component.key],
                points=_round(3 * self.weights[component.key] * self.shares[component.key] / total)
                if total
                else Decimal(0),
            )
            for component in COMPONENTS
        ]

    @property
    def scoring_parts(self) -> list[Part]:
        return [part for part in self.parts if part.points]

    @property
    def area_points(self) -> Decimal:
        return next(part.points for part in self.parts if part.component.key == "area")


@dataclass(frozen=True)
class Rating:
    """A staff rating as the pages show it (read as plain values: thousands of them per page)."""

    score: int
    reason: str
    rated_by: str
    rated_at: datetime
    is_demo: bool


@dataclass
class Cell:
    effort: StrategyEffort
    suggestion: Suggestion
    rating: Rating | None

    @property
    def effective_score(self) -> Decimal:
        """Staff judgement where there is one, else the suggestion."""
        return Decimal(self.rating.score) if self.rating else self.suggestion.score


@dataclass
class Row:
    footprint: Footprint
    cells: list[Cell] = field(default_factory=list)

    @property
    def cluster(self) -> Cluster:
        return self.footprint.cluster

    @cached_property
    def footprint_points(self) -> dict[str, Part]:
        """The effort-independent parts of the suggestion: the same in every cell of the row."""
        if not self.cells:
            return {}
        return {
            part.component.key: part
            for part in self.cells[0].suggestion.parts
            if part.component.key != "area"
        }

    @cached_property
    def average(self) -> Decimal:
        return _average([cell.effective_score for cell in self.cells])


def _average(scores: list[Decimal]) -> Decimal:
    return _round(sum(scores) / len(scores)) if scores else Decimal(0)


def _sort_column(efforts: list[StrategyEffort], sort: str) -> int | None:
    """The position of the effort to sort by, or None for the average over all efforts."""
    return next((i for i, effort in enumerate(efforts) if effort.code == sort), None)


def _capped(value: int, full: int) -> Decimal:
    return min(Decimal(value) / Decimal(full), Decimal(1))


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def area_match(*, cluster: Cluster, effort: StrategyEffort) -> str:
    """The first of the effort's keywords found in the cluster's area, or ''."""
    return _keyword_in(_area_text(cluster), effort)


def _area_text(cluster: Cluster) -> str:
    return f"{cluster.area_da} {cluster.area_en}".lower()


def _keyword_in(area: str, effort: StrategyEffort) -> str:
    return next((word for word in effort.keyword_list if word in area), "")


class _Scorer:
    """The formula for one set of weights; the effort-independent sum is computed once per cluster."""

    def __init__(self, weights: dict[str, int]):
        self.weights = weights
        self.total = sum(weights[component.key] for component in COMPONENTS)

    def footprint_sum(self, footprint: Footprint) -> Decimal:
        return sum(self.weights[key] * share for key, share in footprint.shares.items())

    def score(self, area: Decimal, footprint_sum: Decimal) -> Decimal:
        weighted = self.weights["area"] * area + footprint_sum
        return _round(3 * weighted / self.total) if self.total else Decimal(0)

    def suggestion(self, footprint: Footprint, keyword: str, footprint_sum: Decimal) -> Suggestion:
        area = Decimal(1 if keyword else 0)
        shares = {"area": area, **footprint.shares}
        return Suggestion(
            score=self.score(area, footprint_sum),
            matched_keyword=keyword,
            shares=shares,
            weights=self.weights,
        )


def suggested_fit(*, footprint: Footprint, effort: StrategyEffort, weights: dict[str, int]) -> Suggestion:
    scorer = _Scorer(weights)
    keyword = area_match(cluster=footprint.cluster, effort=effort)
    return scorer.suggestion(footprint, keyword, scorer.footprint_sum(footprint))


def _count(queryset: QuerySet, outer: str = "pk") -> Coalesce:
    counted = (
        queryset.filter(cluster=OuterRef(outer))
        .order_by()
        .values("cluster")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def strategy_clusters() -> QuerySet[Cluster]:
    """The clusters the strategy pages consider: every cluster that has not ended."""
    return Cluster.objects.filter(ended_on__isnull=True)


def fit_survey() -> Survey | None:
    """The survey whose answers feed the suggested score: the newest with completed answers."""
    return latest_survey()


def _survey_partner_counts(survey: Survey | None, clusters: QuerySet[Cluster] | None) -> dict[int, int]:
    """Partners chosen in `partners` per cluster by completed responses to the survey: one grouped query."""
    if survey is None:
        return {}
    chosen = AnswerChoice.objects.filter(
        answer__response__in=completed_responses(survey=survey).values("pk"),
        answer__question__code=PARTNERS_QUESTION,
    )
    if clusters is not None:
        chosen = chosen.filter(answer__response__cluster__in=clusters.values("pk"))
    chosen = chosen.order_by().values("answer__response__cluster_id").annotate(n=Count("pk"))
    return {row["answer__response__cluster_id"]: row["n"] for row in chosen}


def cluster_footprints(
    *, clusters: QuerySet[Cluster] | None = None, survey: Survey | None = None
) -> list[Footprint]:
    """Footprints of the clusters in two queries (counts are subqueries, so joins do not multiply).

    `survey` feeds the survey component; without one it is 0 for every cluster.
    """
    partners = _survey_partner_counts(survey, clusters)
    live_links = Agreement.clusters.through.objects.filter(agreement__status__in=LIVE_STATUSES)
    agreement_count = Coalesce(
        Subquery(
            live_links.filter(cluster=OuterRef("pk"))
            .order_by()
            .values("cluster")
            .annotate(n=Count("agreement", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    queryset = (
        (clusters if clusters is not None else strategy_clusters())
        .with_nj_footprint()
        .annotate(
            activity_count=_count(Activity.objects.all()),
            agreement_count=agreement_count,
        )
        .only("name", "slug", "area_da", "area_en")
        .order_by("name", "pk")
    )
    return [_footprint(cluster, partners) for cluster in queryset]


def _footprint(cluster: Cluster, partners: dict[int, int]) -> Footprint:
    return Footprint(
        cluster=cluster,
        nj_members=cluster.nj_members or 0,
        nj_offices=cluster.nj_office_count,
        activities=cluster.activity_count,
        agreements=cluster.agreement_count,
        survey_partners=partners.get(cluster.pk, 0),
    )


def active_efforts() -> list[StrategyEffort]:
    return list(StrategyEffort.objects.filter(is_active=True).order_by("kind", "position", "name"))


def fit_rows(
    *,
    weights: dict[str, int],
    sort: str = "",
    clusters: QuerySet[Cluster] | None = None,
    survey: Survey | None = None,
) -> tuple[list[StrategyEffort], list[Row]]:
    """Every cluster × active effort with the suggested score and the staff rating: four queries in all.

    `sort` is an effort code (highest effective score first) or '' for the average over all efforts.
    `clusters` narrows the clusters (default: every cluster that has not ended); `survey` feeds the
    survey component (pass `fit_survey()`).
    """
    efforts = active_efforts()
    footprints = cluster_footprints(clusters=clusters, survey=survey)
    rows = list(_rows(efforts, weights=weights, footprints=footprints, clusters=clusters))
    column = _sort_column(efforts, sort)
    if column is None:
        rows.sort(key=lambda row: (-row.average, row.cluster.name))
    else:
        rows.sort(key=lambda row: (-row.cells[column].effective_score, row.cluster.name))
    return efforts, rows


@dataclass(frozen=True)
class FitIndex:
    """What the fit matrix needs besides the rows it shows: the survey, the active efforts, every cluster in
    the page order, and whether demo data is mixed in. Small, so it can be cached whole."""

    survey: Survey | None
    efforts: list[StrategyEffort]
    cluster_ids: list[int]
    demo_present: bool


@dataclass(frozen=True)
class _Scored:
    cluster: Cluster
    effective: list[Decimal]  # per effort, as `Cell.effective_score`
    matches: list[bool]  # per effort: whether one of its keywords occurs in the cluster's area


def _scored(
    efforts: list[StrategyEffort], *, weights: dict[str, int], survey: Survey | None
) -> Iterator[_Scored]:
    """Every cluster that has not ended with just what ranking it needs, in name order. No cell is built: the
    suggestion takes only two values per cluster, with and without an area match."""
    rated = {
        (cluster_id, effort_id): Decimal(score)
        for cluster_id, effort_id, score in FitRating.objects.filter(effort__in=efforts).values_list(
            "cluster_id", "effort_id", "score"
        )
    }
    scorer = _Scorer(weights)
    for footprint in cluster_footprints(survey=survey):
        cluster, area = footprint.cluster, _area_text(footprint.cluster)
        footprint_sum = scorer.footprint_sum(footprint)
        suggested = {
            True: scorer.score(Decimal(1), footprint_sum),
            False: scorer.score(Decimal(0), footprint_sum),
        }
        matches = [bool(_keyword_in(area, effort)) for effort in efforts]
        effective = [
            rated.get((cluster.pk, effort.pk), suggested[match])
            for effort, match in zip(efforts, matches, strict=True)
        ]
        yield _Scored(cluster, effective, matches)


def fit_index(*, weights: dict[str, int], sort: str = "") -> FitIndex:
    """Every cluster in `fit_rows` order, from only the score it is sorted by."""
    survey = fit_survey()
    efforts = active_efforts()
    column = _sort_column(efforts, sort)
    ranked = sorted(
        (
            -(_average(one.effective) if column is None else one.effective[column]),
            one.cluster.name,
            one.cluster.pk,
        )
        for one in _scored(efforts, weights=weights, survey=survey)
    )
    return FitIndex(survey, efforts, [pk for _score, _name, pk in ranked], demo_present())


def fit_rows_of(*, cluster_ids: list[int], weights: dict[str, int], survey: Survey | None) -> list[Row]:
    """The rows of the given clusters (a page of `FitIndex.cluster_ids`) in the given order: five queries."""
    _efforts, rows = fit_rows(
        weights=weights, clusters=Cluster.objects.filter(pk__in=cluster_ids), survey=survey
    )
    place = {pk: position for position, pk in enumerate(cluster_ids)}
    return sorted(rows, key=lambda row: place[row.cluster.pk])


def fit_rows_by_name(
    *, weights: dict[str, int], clusters: QuerySet[Cluster] | None = None, survey: Survey | None = None
) -> tuple[list[StrategyEffort], Iterator[Row]]:
    """`fit_rows` unsorted, in cluster-name order and one row at a time, reading `NAME_ORDER_CHUNK` clusters
    at a time (five queries each), so an export of thousands of clusters streams in bounded memory."""
    efforts = active_efforts()
    return efforts, _rows_by_name(efforts, weights=weights, clusters=clusters, survey=survey)


NAME_ORDER_CHUNK = 500


def _rows_by_name(
    efforts: list[StrategyEffort],
    *,
    weights: dict[str, int],
    clusters: QuerySet[Cluster] | None,
    survey: Survey | None,
) -> Iterator[Row]:
    in_order = (clusters if clusters is not None else strategy_clusters()).order_by("name", "pk")
    after = Q()
    while chunk := list(in_order.filter(after).values_list("pk", "name")[:NAME_ORDER_CHUNK]):
        chunk_clusters = Cluster.objects.filter(pk__in=[pk for pk, _name in chunk])
        footprints = cluster_footprints(clusters=chunk_clusters, survey=survey)
        yield from _rows(efforts, weights=weights, footprints=footprints, clusters=chunk_clusters)
        last_pk, last_name = chunk[-1]
        after = Q(name__gt=last_name) | Q(name=last_name, pk__gt=last_pk)


def _rows(
    efforts: list[StrategyEffort],
    *,
    weights: dict[str, int],
    footprints: list[Footprint],
    clusters: QuerySet[Cluster] | None,
) -> Iterator[Row]:
    rated = FitRating.objects.filter(effort__in=efforts)
    if clusters is not None:
        rated = rated.filter(cluster__in=clusters)
    ratings = {
        (row["cluster_id"], row["effort_id"]): Rating(
            score=row["score"],
            reason=row["reason"],
            rated_by=row["rated_by__username"] or "",
            rated_at=row["rated_at"],
            is_demo=row["is_demo"],
        )
        for row in rated.values(
            "cluster_id", "effort_id", "score", "reason", "rated_by__username", "rated_at", "is_demo"
        )
    }
    scorer = _Scorer(weights)
    for footprint in footprints:
        row = Row(footprint=footprint)
        area = _area_text(footprint.cluster)
        footprint_sum = scorer.footprint_sum(footprint)
        for effort in efforts:
            row.cells.append(
                Cell(
                    effort=effort,
                    suggestion=scorer.suggestion(footprint, _keyword_in(area, effort), footprint_sum),
                    rating=ratings.get((footprint.cluster.pk, effort.pk)),
                )
            )
        yield row


def best_model_for(*, models: list[CollaborationModel], footprint: Footprint, cell: Cell):
    """The first model (in catalogue order) whose rule the cluster meets for the effort, or None.

    A rule is the model's `rule_*` fields; an empty field does not constrain. Models meant for efforts
    no cluster covers (`rule_uncovered_effort`) are never picked for a cluster. `models` must come with
    `rule_efforts` prefetched.
    """
    for model in models:
        if model.rule_uncovered_effort or not _model_serves(model, cell.effort):
            continue
        if model.rule_requires_nj_office is not None and model.rule_requires_nj_office != bool(
            footprint.nj_offices
        ):
            continue
        if model.rule_min_nj_members is not None and footprint.nj_members < model.rule_min_nj_members:
            continue
        if model.rule_min_score is not None and cell.effective_score < model.rule_min_score:
            continue
        return model
    return None


def _model_serves(model: CollaborationModel, effort: StrategyEffort) -> bool:
    """True when the model is limited to no efforts or to a set that includes this one (prefetched)."""
    limited_to = model.rule_efforts.all()
    return not limited_to or effort in limited_to


@dataclass
class EffortSupport:
    effort: StrategyEffort
    ranked: list[tuple[Row, Cell, CollaborationModel | None]]
    covered: bool
    uncovered_models: list[CollaborationModel]


def strategy_support(
    *, weights: dict[str, int], survey: Survey | None = None, limit: int = 10
) -> list[EffortSupport]:
    """Per active effort: the clusters ranked by effective score, each with the model that fits best.

    An effort is covered when at least one cluster matches it on area; when none does, the models meant
    for uncovered efforts (such as founding a new cluster) and open to the effort are suggested instead.
    Every cluster is ranked from its scores alone; only the `limit` best of each effort get full rows.
    """
    efforts = active_efforts()
    scored = list(_scored(efforts, weights=weights, survey=survey))
    top = [
        [
            pk
            for _score, _name, pk in heapq.nsmallest(
                limit, ((-one.effective[column], one.cluster.name, one.cluster.pk) for one in scored)
            )
        ]
        for column in range(len(efforts))
    ]
    _efforts, rows = fit_rows(
        weights=weights,
        clusters=Cluster.objects.filter(pk__in={pk for pks in top for pk in pks}),
        survey=survey,
    )
    row_of = {row.cluster.pk: row for row in rows}
    models = list(CollaborationModel.objects.prefetch_related("rule_efforts").order_by("position", "name"))
    support = []
    for column, effort in enumerate(efforts):
        ranked = [row_of[pk] for pk in top[column]]
        support.append(
            EffortSupport(
                effort=effort,
                ranked=[
                    (
                        row,
                        row.cells[column],
                        best_model_for(models=models, footprint=row.footprint, cell=row.cells[column]),
                    )
                    for row in ranked
                ],
                covered=any(one.matches[column] for one in scored),
                uncovered_models=[
                    model for model in models if model.rule_uncovered_effort and _model_serves(model, effort)
                ],
            )
        )
    return support


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
