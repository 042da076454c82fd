"""Reads for the landscape background page: the sourced facts by topic, and beside each range the
registry's own values for the national clusters, so the published range can be checked. Two queries."""

from __future__ import annotations

from dataclasses import dataclass

from clusters.models import BackgroundFact, Cluster, LegalForm
from clusters.models_background import BackgroundTopic, RegistryMeasure
from clusters.selectors_landscape import DEFAULT_PERIOD

RANGE_MEASURES = (RegistryMeasure.STAFF, RegistryMeasure.MEMBERS, RegistryMeasure.BOARD)


@dataclass(frozen=True)
class RegistryCheck:
    """The registry's values for one measure over the active clusters of the default period.

    A range measure has `minimum`/`maximum`; a share measure has `matching` (of `known`); `in_registry`
    is False where the registry holds no such figure at all (the clusters' funding in kroner).
    """

    in_registry: bool
    known: int = 0
    total: int = 0
    minimum: int | None = None
    maximum: int | None = None
    matching: int | None = None


def registry_check(measure: str, clusters: list[Cluster]) -> RegistryCheck:
    total = len(clusters)
    if measure in RANGE_MEASURES:
        known = [value for cluster in clusters if (value := getattr(cluster, measure)) is not None]
        return RegistryCheck(True, len(known), total, min(known, default=None), max(known, default=None))
    if measure == RegistryMeasure.CHAIR:
        known = [cluster.chair_from_company for cluster in clusters if cluster.chair_from_company is not None]
        return RegistryCheck(True, len(known), total, matching=sum(known))
    if measure == RegistryMeasure.ASSOCIATION:
        known = [cluster.legal_form for cluster in clusters if cluster.legal_form]
        return RegistryCheck(True, len(known), total, matching=known.count(LegalForm.ASSOCIATION))
    if measure == RegistryMeasure.CVR:
        with_cvr = sum(1 for cluster in clusters if cluster.cvr)
        return RegistryCheck(True, with_cvr, total, matching=with_cvr)
    return RegistryCheck(False, total=total)


@dataclass(frozen=True)
class CheckedFact:
    fact: BackgroundFact
    check: RegistryCheck | None


def landscape_background() -> dict:
    """The page's facts by topic, the timeline in year order, and the registry checks."""
    facts = list(BackgroundFact.objects.select_related("actor").order_by("topic", "position", "year", "pk"))
    clusters = list(
        Cluster.objects.active_in(DEFAULT_PERIOD).only(
            "staff_count", "national_member_count", "board_size", "chair_from_company", "legal_form", "cvr"
        )
    )
    by_topic: dict[str, list[BackgroundFact]] = {topic: [] for topic in BackgroundTopic.values}
    for fact in facts:
        by_topic[fact.topic].append(fact)

    def checked(*topics: str) -> list[CheckedFact]:
        return [
            CheckedFact(
                fact, registry_check(fact.registry_measure, clusters) if fact.registry_measure else None
            )
            for topic in topics
            for fact in by_topic[topic]
        ]

    return {
        "timeline": sorted(by_topic[BackgroundTopic.TIMELINE], key=_timeline_key),
        "today": checked(
            BackgroundTopic.CORE_TASK,
            BackgroundTopic.TARGET_GROUP,
            BackgroundTopic.ECONOMICS,
            BackgroundTopic.BOARD,
        ),
        "sightlines": by_topic[BackgroundTopic.SIGHTLINE],
        "national_findings": by_topic[BackgroundTopic.NATIONAL_FINDING],
        "nj_history": by_topic[BackgroundTopic.NJ_HISTORY],
        "questions": by_topic[BackgroundTopic.QUESTION],
        "unknowns": by_topic[BackgroundTopic.UNKNOWN],
        "registry_period": DEFAULT_PERIOD,
        "registry_total": len(clusters),
    }


def _timeline_key(fact: BackgroundFact) -> tuple:
    """Year order; undated entries last, and an entry spanning years after one that ends the same year."""
    return (fact.year is None, fact.year or 0, fact.end_year or fact.year or 0, fact.position, fact.pk)
