"""Reads for the cluster, municipality and actor pages. Each page's context comes from one function here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse

from clusters.hooks import actor_sections, profile_sections
from clusters.models import (
    Activity,
    Actor,
    Cluster,
    MemberCount,
    Municipality,
    SizeBand,
    described_offices,
    present_offices,
)
from clusters.selectors_footprint import hides_board_facts, region_footprint
from clusters.selectors_history import cluster_history
from portal.core.permissions import is_staff_or_admin


def cluster_overview(*, for_board: bool) -> QuerySet[Cluster]:
    """Every cluster with its North Jutland footprint, ready for the list's filters (constant queries)."""
    return Cluster.objects.with_nj_footprint(for_board=for_board).order_by("name")


_BAND_KEYS = {SizeBand.LARGE: "large", SizeBand.SMALL: "small", SizeBand.TOTAL: "reported_total"}


def member_table(rows: Iterable[MemberCount]) -> list[dict]:
    """Member counts per year (newest first) by size band, summed over municipalities.

    `total` is the reported total where one exists, else over 50 + under 50 (the same rule as
    `Cluster.objects.with_nj_footprint`).
    """
    years: dict[int, dict] = defaultdict(lambda: {"large": None, "small": None, "reported_total": None})
    estimates: dict[int, bool] = defaultdict(bool)
    sources: dict[int, MemberCount] = {}
    for row in rows:
        key = _BAND_KEYS[row.size_band]
        years[row.year][key] = (years[row.year][key] or 0) + row.count
        estimates[row.year] |= row.is_estimate
        if row.year not in sources or row.size_band == SizeBand.TOTAL:
            sources[row.year] = row
    table = []
    for year in sorted(years, reverse=True):
        counts = years[year]
        split = [value for value in (counts["large"], counts["small"]) if value is not None]
        total = counts["reported_total"] if counts["reported_total"] is not None else sum(split)
        table.append(
            {
                "year": year,
                "large": counts["large"],
                "small": counts["small"],
                "total": total,
                "is_estimate": estimates[year],
                "source": sources[year],  # whose provenance the year's figure shows: the total's row
            }
        )
    return table


def cluster_profile(*, cluster: Cluster, user) -> dict:
    """The cluster profile page: national facts, North Jutland footprint, and contacts for staff only.

    Higher apps add their sections through `clusters.hooks.profile_sections` (survey answers, agreements).
    """
    for_board = hides_board_facts(user)
    offices = list(
        described_offices(for_board=for_board)
        .filter(cluster=cluster)
        .select_related("municipality")
        .order_by("ended_on", "municipality__name")
    )
    member_rows = list(cluster.member_counts.current(for_board=for_board).select_related("municipality"))
    activities = list(cluster.activities.current(for_board=for_board).select_related("municipality"))
    may_see_contacts = is_staff_or_admin(user)
    municipalities = {
        row.municipality for row in [*offices, *member_rows, *activities] if row.municipality is not None
    }
    return {
        "cluster": cluster,
        "memberships": list(cluster.memberships.select_related("period").order_by("period__start_year")),
        "offices": offices,
        "member_table": member_table(member_rows),
        "member_municipalities": sorted(
            {row.municipality for row in member_rows if row.municipality}, key=lambda m: m.name
        ),
        "activities": activities,
        "activity_types": list(cluster.activity_types.current(for_board=for_board)),
        "partners": list(cluster.partnerships.current(for_board=for_board).select_related("actor")),
        "municipalities": sorted(municipalities, key=lambda m: m.name),
        "may_see_contacts": may_see_contacts,
        "contacts": list(cluster.contacts.select_related("municipality")) if may_see_contacts else [],
        "history": cluster_history(cluster=cluster) if may_see_contacts else None,
        "sections": profile_sections.collect(cluster=cluster, user=user),
    }


def _count_per_municipality(queryset: QuerySet) -> Subquery:
    counted = (
        queryset.filter(municipality=OuterRef("pk"))
        .order_by()
        .values("municipality")
        .annotate(n=Count("cluster", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def municipality_overview() -> QuerySet[Municipality]:
    """The eleven municipalities with how many clusters have an office, members and activities located in each
    (every current fact: these are aggregates, which the board sees whatever the survey allows)."""
    return Municipality.objects.annotate(
        office_clusters=_count_per_municipality(present_offices()),
        member_clusters=_count_per_municipality(MemberCount.objects.current()),
        activity_clusters=_count_per_municipality(Activity.objects.current()),
        actor_count=Count("actors", distinct=True),
    ).order_by("name")


def municipality_profile(*, code: int, for_board: bool) -> dict:
    """What is located in the municipality, each office with its source, beside the clusters active in the
    whole region (region-wide facts are never spread over municipalities)."""
    municipality = get_object_or_404(Municipality, code=code)
    member_rows = (
        municipality.member_counts.current(for_board=for_board)
        .select_related("cluster")
        .order_by("cluster__name", "-year")
    )
    members_by_cluster: dict[Cluster, list[MemberCount]] = defaultdict(list)
    for row in member_rows:
        members_by_cluster[row.cluster].append(row)
    return {
        "municipality": municipality,
        "offices": list(
            described_offices(for_board=for_board)
            .filter(municipality=municipality)
            .select_related("cluster")
            .order_by("ended_on", "cluster__name")
        ),
        "region": region_footprint(clusters=Cluster.objects.filter(ended_on__isnull=True)),
        "members": [
            {"cluster": cluster, "latest": member_table(rows)[0]}
            for cluster, rows in members_by_cluster.items()
        ],
        "activities": activities_by_cluster(municipality=municipality),
        "actors": list(municipality.actors.order_by("kind", "name")),
    }


def activities_by_cluster(*, municipality: Municipality) -> list[dict]:
    """Per cluster: how many activities and projects it has in the municipality, with their participants
    and unique companies where reported (a summary, so the page stays small however many there are)."""
    rows = (
        municipality.activities.current()
        .order_by("cluster__name")
        .values("cluster__name", "cluster__slug")
        .annotate(
            count=Count("pk"),
            participants=Sum("participants"),
            unique_companies=Sum("unique_companies"),
            estimates=Count("pk", filter=Q(is_estimate=True)),
        )
    )
    return [
        {
            "cluster_name": row["cluster__name"],
            "cluster_url": reverse("clusters:cluster-detail", kwargs={"slug": row["cluster__slug"]}),
            **{key: row[key] for key in ("count", "participants", "unique_companies", "estimates")},
        }
        for row in rows
    ]


def actor_overview() -> QuerySet[Actor]:
    return Actor.objects.select_related("municipality").order_by("kind", "name")


def actor_profile(*, slug: str, user) -> dict:
    actor = get_object_or_404(Actor.objects.select_related("municipality"), slug=slug)
    return {"actor": actor, "sections": actor_sections.collect(actor=actor, user=user)}
