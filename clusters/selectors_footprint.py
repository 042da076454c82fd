"""The one North Jutland footprint every page and export reads: per cluster its current offices, members by
size band, activity types and partners, each fact with its provenance (clusters.provenance); the
region's aggregates; and per municipality what is located there.

Most survey facts are region-wide (members, activity types): they are counted for the region and never spread
over municipalities. Facts hidden from the board (`for_board=True`) are left out of per-cluster reads; the
region's aggregates always count every fact, as the board sees every aggregate. What is located in each
municipality is read by `clusters.selectors.municipality_overview`.
Constant query counts whatever the number of clusters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from clusters.models import (
    Activity,
    ActivityType,
    Cluster,
    MemberCount,
    Office,
    Partnership,
    SizeBand,
    described_offices,
)
from portal.core.permissions import is_staff_or_admin


def hides_board_facts(user) -> bool:
    """Whether facts from surveys whose cluster-level answers the board may not see are hidden from `user`."""
    return not is_staff_or_admin(user)


@dataclass(frozen=True)
class Members:
    """A cluster's latest-year North Jutland members; `facts` are the rows the figure rests on."""

    year: int
    total: int
    large: int | None
    small: int | None
    facts: tuple[MemberCount, ...]

    @property
    def estimate(self) -> bool:
        return any(fact.is_estimate for fact in self.facts)

    @property
    def source(self) -> MemberCount:
        """The fact whose provenance the figure shows: the total's row, else the first band's."""
        return next((f for f in self.facts if f.size_band == SizeBand.TOTAL), self.facts[0])


@dataclass
class ClusterFootprint:
    cluster: Cluster
    offices: list[Office] = field(default_factory=list)
    member_rows: list[MemberCount] = field(default_factory=list)
    activity_types: list[ActivityType] = field(default_factory=list)
    partners: list[Partnership] = field(default_factory=list)

    @property
    def members(self) -> Members | None:
        return latest_members(self.member_rows)

    @property
    def is_empty(self) -> bool:
        return not (self.offices or self.member_rows or self.activity_types or self.partners)


def latest_members(rows: list[MemberCount]) -> Members | None:
    """The latest year's members by band, summed over municipalities; the total is the reported total where
    there is one, else over 50 + under 50 (the rule of `Cluster.objects.with_nj_footprint`)."""
    if not rows:
        return None
    year = max(row.year for row in rows)
    facts = tuple(row for row in rows if row.year == year)
    bands: dict[str, int] = {}
    for row in facts:
        bands[row.size_band] = bands.get(row.size_band, 0) + row.count
    total = bands.get(SizeBand.TOTAL)
    if total is None:
        total = bands.get(SizeBand.LARGE, 0) + bands.get(SizeBand.SMALL, 0)
    return Members(year, total, bands.get(SizeBand.LARGE), bands.get(SizeBand.SMALL), facts)


def cluster_footprints(*, clusters: QuerySet[Cluster], for_board: bool) -> dict[int, ClusterFootprint]:
    """The current footprint of each cluster `clusters` selects, by pk: five queries however many."""
    footprints = {cluster.pk: ClusterFootprint(cluster) for cluster in clusters}
    ids = list(footprints)
    reads = (
        (
            "offices",
            described_offices(for_board=for_board)
            .filter(ended_on__isnull=True)
            .select_related("municipality"),
        ),
        ("member_rows", MemberCount.objects.current(for_board=for_board).select_related("municipality")),
        ("activity_types", ActivityType.objects.current(for_board=for_board)),
        ("partners", Partnership.objects.current(for_board=for_board).select_related("actor")),
    )
    for attribute, queryset in reads:
        for fact in queryset.filter(cluster_id__in=ids):
            getattr(footprints[fact.cluster_id], attribute).append(fact)
    return footprints


@dataclass(frozen=True)
class RegionFootprint:
    physically_present: int
    own_office: int
    co_located: int
    members_total: int
    active_clusters: int  # clusters with an activity type or an activity record in North Jutland
    clusters: int


def active_in_region() -> Exists:
    """Whether a cluster has any current activity type or activity record in North Jutland (region-wide)."""
    return Exists(ActivityType.objects.current().filter(cluster=OuterRef("pk"))) | Exists(
        Activity.objects.current().filter(cluster=OuterRef("pk"))
    )


def region_footprint(*, clusters: QuerySet[Cluster]) -> RegionFootprint:
    """The region's aggregates over `clusters`, every fact counted (one query): a cluster with its own office
    counts as own office even if it is also co-located."""
    rows = list(
        clusters.with_nj_presence()
        .annotate(nj_active=active_in_region())
        .values_list("nj_office_count", "nj_own_office", "nj_co_located", "nj_members", "nj_active")
    )
    return RegionFootprint(
        physically_present=sum(1 for offices, *_rest in rows if offices),
        own_office=sum(1 for _offices, own, *_rest in rows if own),
        co_located=sum(1 for _offices, own, co_located, *_rest in rows if co_located and not own),
        members_total=sum(members or 0 for *_rest, members, _active in rows),
        active_clusters=sum(1 for *_rest, active in rows if active),
        clusters=len(rows),
    )
