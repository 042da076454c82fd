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
    municipality_names = dict(Municipality.objects.values_list("pk", "name"))
    periods = dict(ProgrammePeriod.objects.values_list("pk", "code"))
    # Parts with no name or title of their own (portal.core.history) are named by what tells them apart.
    labels = {
        Office: lambda row: municipality_names.get(row.municipality_id) or row.city,
        ActivityType: lambda row: row.get_kind_display(),
        MemberCount: lambda row: ", ".join(
            str(part)
            for part in (row.year, row.get_size_band_display(), municipality_names.get(row.municipality_id))
            if part
        ),
    }
    sources = [
        HistorySource(Cluster.history.filter(id=cluster.pk)),
        HistorySource(
            ProgrammeMembership.history.filter(cluster_id=cluster.pk),
            label=lambda row: periods.get(row.period_id, ""),
        ),
        *[
            HistorySource(
                model.history.filter(cluster_id=cluster.pk),
                label=labels.get(model),
                names={"municipality_id": municipality_names},
            )
            for model in CLUSTER_PARTS
        ],
    ]
    return history_section(sources=sources)
