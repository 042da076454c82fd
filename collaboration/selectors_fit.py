"""Reads for the fit of clusters with the regional strategy: the fit matrix and strategy support.

The fit matrix has three ways in: `fit_ranking` orders every cluster, `fit_rows` builds the rows of the
clusters a page shows, and `fit_rows_by_name` streams every row for the Excel export. The formula itself is
in `collaboration.scoring`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from clusters.models import Activity, ActivityType, Cluster, Partnership
from clusters.provenance import FactOrigin
from collaboration.models import Agreement, AgreementStatus, CollaborationModel, FitRating, StrategyEffort
from collaboration.scoring import (
    Cell,
    Footprint,
    Rating,
    Row,
    Scorer,
    average,
    effective_score,
    matched_keywords,
)
from collaboration.selectors import strategy_clusters
from surveys.models import Survey

LIVE_STATUSES = (AgreementStatus.NEGOTIATION, AgreementStatus.ACTIVE)
# The export reads this many clusters at a time, so it streams in bounded memory however many there are.
NAME_ORDER_CHUNK = 500


def _active_efforts() -> list[StrategyEffort]:
    return list(StrategyEffort.objects.filter(is_active=True).order_by("kind", "position", "name"))


def _survey_partner_counts(
    survey: Survey | None, clusters: QuerySet[Cluster], for_board: bool
) -> dict[int, int]:
    """North Jutland partners the survey published into the footprint, per cluster: one grouped query. Read from
    the published facts (clusters.Partnership), never the raw answers."""
    if survey is None:
        return {}
    published = (
        Partnership.objects.current(for_board=for_board)
        .filter(origin=FactOrigin.SURVEY, survey_slug=survey.slug, cluster__in=clusters.values("pk"))
        .order_by()
        .values("cluster_id")
        .annotate(n=Count("pk"))
    )
    return {row["cluster_id"]: row["n"] for row in published}


def _count_per_cluster(queryset: QuerySet, *, counted: str = "pk") -> Coalesce:
    counted_rows = (
        queryset.filter(cluster=OuterRef("pk"))
        .order_by()
        .values("cluster")
        .annotate(n=Count(counted, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted_rows, output_field=IntegerField()), Value(0))


FOOTPRINT_COUNTS = ("nj_members", "nj_office_count", "activity_count", "agreement_count")


def _with_footprint(clusters: QuerySet[Cluster], for_board: bool) -> QuerySet[Cluster]:
    """The clusters in name order with their `FOOTPRINT_COUNTS`, in one query: the counts are subqueries, so
    joins do not multiply. Activities are the records and the activity types of the footprint."""
    live_links = Agreement.clusters.through.objects.filter(agreement__status__in=LIVE_STATUSES)
    return (
        clusters.with_nj_counts(for_board=for_board)
        .annotate(
            activity_count=_count_per_cluster(Activity.objects.current(for_board=for_board))
            + _count_per_cluster(ActivityType.objects.current(for_board=for_board)),
            agreement_count=_count_per_cluster(live_links, counted="agreement"),
        )
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class _Ranked:
    pk: int
    name: str
    footprint: Footprint
    keywords: list[str]  # per effort: the first of its keywords in the cluster's area, or ''
    effective: list[Decimal]  # per effort, as `Cell.effective_score`


@dataclass(frozen=True)
class FitRanking:
    """Every cluster that has not ended (or the clusters asked for) with its footprint and effective score
    for each active effort, in name order, for one set of weights."""

    efforts: list[StrategyEffort]
    scorer: Scorer
    clusters: list[_Ranked]

    def cluster_ids(self, sort: str = "") -> list[int]:
        """Every cluster, highest effective score first for the effort whose code is `sort`, else for the
        average over all efforts; ties in name order."""
        column = next((i for i, effort in enumerate(self.efforts) if effort.code == sort), None)

        def score(one: _Ranked) -> Decimal:
            return average(one.effective) if column is None else one.effective[column]

        return [one.pk for one in sorted(self.clusters, key=lambda one: (-score(one), one.name, one.pk))]

    def covered(self, effort: StrategyEffort) -> bool:
        """Whether at least one cluster matches the effort on area."""
        column = self.efforts.index(effort)
        return any(one.keywords[column] for one in self.clusters)


def _ranking(
    clusters: QuerySet[Cluster],
    efforts: list[StrategyEffort],
    scorer: Scorer,
    survey: Survey | None,
    for_board: bool,
) -> FitRanking:
    """The clusters with their footprint and effective scores, in three or four queries. No cell is built:
    the suggestion takes only two values per cluster, with and without an area match."""
    rated = {
        (cluster_id, effort_id): score
        for cluster_id, effort_id, score in FitRating.objects.filter(
            effort__in=efforts, cluster__in=clusters.values("pk")
        ).values_list("cluster_id", "effort_id", "score")
    }
    partners = _survey_partner_counts(survey, clusters, for_board)
    # Plain values: model instances of every cluster would cost more than the scoring.
    values = _with_footprint(clusters, for_board).values_list(
        "pk", "name", "area_da", "area_en", *FOOTPRINT_COUNTS
    )
    effort_ids, ranked = [effort.pk for effort in efforts], []
    for pk, name, area_da, area_en, nj_members, *counts in values:
        footprint = Footprint(nj_members or 0, *counts, partners.get(pk, 0))
        suggested = scorer.scores(footprint)
        keywords = matched_keywords(area_da, area_en, efforts)
        effective = [
            effective_score(rated.get((pk, effort_id)), suggested[bool(keyword)])
            for effort_id, keyword in zip(effort_ids, keywords, strict=True)
        ]
        ranked.append(_Ranked(pk, name, footprint, keywords, effective))
    return FitRanking(efforts, scorer, ranked)


def fit_ranking(
    *, weights: dict[str, int], survey: Survey | None = None, for_board: bool = False
) -> FitRanking:
    """Every cluster that has not ended, ranked from its scores alone."""
    return _ranking(strategy_clusters(), _active_efforts(), Scorer(weights), survey, for_board)


def fit_rows(*, ranking: FitRanking, cluster_ids: list[int]) -> list[Row]:
    """The rows of the given clusters of the ranking (a page of `FitRanking.cluster_ids`) in the given
    order, with a cell per effort: two queries however many clusters, as the ranking holds the footprints."""
    ranked = {one.pk: one for one in ranking.clusters}
    wanted = [pk for pk in cluster_ids if pk in ranked]
    ratings = {
        (row["cluster_id"], row["effort_id"]): Rating(
            score=row["score"],
            reason=row["reason"],
            rated_by=row["rated_by__username"] or "",
            rated_at=row["rated_at"],
            is_demo=row["is_demo"],
        )
        for row in FitRating.objects.filter(effort__in=ranking.efforts, cluster__in=wanted).values(
            "cluster_id", "effort_id", "score", "reason", "rated_by__username", "rated_at", "is_demo"
        )
    }
    clusters = Cluster.objects.only("name", "slug", "area_da", "area_en").in_bulk(wanted)
    rows = []
    for pk in wanted:
        one = ranked[pk]
        suggestions = ranking.scorer.suggestions(one.footprint, one.keywords)
        cells = [
            Cell(effort=effort, suggestion=suggestion, rating=ratings.get((pk, effort.pk)))
            for effort, suggestion in zip(ranking.efforts, suggestions, strict=True)
        ]
        rows.append(Row(cluster=clusters[pk], footprint=one.footprint, cells=cells))
    return rows


def fit_rows_by_name(
    *,
    weights: dict[str, int],
    clusters: QuerySet[Cluster] | None = None,
    survey: Survey | None = None,
    for_board: bool = False,
) -> Iterator[Row]:
    """The rows of `clusters` (default: every cluster that has not ended) in name order, one at a time,
    reading `NAME_ORDER_CHUNK` clusters at a time (five or six queries each), so an export of thousands of
    clusters streams in bounded memory."""
    efforts, scorer = _active_efforts(), Scorer(weights)
    in_order = (clusters if clusters is not None else strategy_clusters()).order_by("name", "pk")
    after = Q()
    while chunk := list(in_order.filter(after).values_list("pk", "name")[:NAME_ORDER_CHUNK]):
        chunk_ids = [pk for pk, _name in chunk]
        ranking = _ranking(Cluster.objects.filter(pk__in=chunk_ids), efforts, scorer, survey, for_board)
        yield from fit_rows(ranking=ranking, cluster_ids=chunk_ids)
        last_pk, last_name = chunk[-1]
        after = Q(name__gt=last_name) | Q(name=last_name, pk__gt=last_pk)


# Strategy support: the clusters that fit each effort best, and the model for each --------------------------


def best_model_for(
    *, models: list[CollaborationModel], footprint: Footprint, cell: Cell
) -> CollaborationModel | None:
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
    *, weights: dict[str, int], survey: Survey | None = None, limit: int = 10, for_board: bool = False
) -> list[EffortSupport]:
    """Per active effort: the clusters ranked by effective score, each with the model that fits best.

    An effort is covered when at least one cluster matches it on area; when none does, the models meant
    for uncovered efforts (such as founding a new cluster) and open to the effort are suggested instead.
    Every cluster is ranked from its scores alone; only the `limit` best of each effort get full rows.
    """
    ranking = fit_ranking(weights=weights, survey=survey, for_board=for_board)
    efforts = ranking.efforts
    top = [ranking.cluster_ids(effort.code)[:limit] for effort in efforts]
    rows = fit_rows(ranking=ranking, cluster_ids=sorted({pk for pks in top for pk in pks}))
    row_of = {row.cluster.pk: row for row in rows}
    models = list(CollaborationModel.objects.prefetch_related("rule_efforts").order_by("position", "name"))
    support = []
    for column, effort in enumerate(efforts):
        ranked = [(row_of[pk], row_of[pk].cells[column]) for pk in top[column]]
        support.append(
            EffortSupport(
                effort=effort,
                ranked=[
                    (row, cell, best_model_for(models=models, footprint=row.footprint, cell=cell))
                    for row, cell in ranked
                ],
                covered=ranking.covered(effort),
                uncovered_models=[
                    model for model in models if model.rule_uncovered_effort and _model_serves(model, effort)
                ],
            )
        )
    return support
