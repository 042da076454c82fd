"""The cluster profile's "Historik": changes to the cluster, its programme periods, its North Jutland footprint
and its contact persons (staff and administrators only)."""

from __future__ import annotations

from clusters.models import (
    Activity,
    ActivityType,
    Cluster,
    ContactPerson,
    MemberCount,
    Municipality,
    Office,
    Partnership,
    ProgrammeMembership,
    ProgrammePeriod,
)
from portal.core.history import HistorySource, history_section

CLUSTER_PARTS = (Office, MemberCount, Activity, ActivityType, Partnership, ContactPerson)


def cluster_history(*, cluster: Cluster) -> dict:
    municipalities = {"municipality_id": dict(Municipality.objects.values_list("pk", "name"))}
    periods = dict(ProgrammePeriod.objects.values_list("pk", "code"))
    sources = [
        HistorySource(Cluster.history.filter(id=cluster.pk)),
        HistorySource(
            ProgrammeMembership.history.filter(cluster_id=cluster.pk),
            label=lambda row: periods.get(row.period_id, ""),
        ),
        *[
            HistorySource(model.history.filter(cluster_id=cluster.pk), names=municipalities)
            for model in CLUSTER_PARTS
        ],
    ]
    return history_section(sources=sources)
