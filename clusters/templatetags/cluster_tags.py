from __future__ import annotations

from django import template

from clusters.models import Cluster
from clusters.provenance import FactOrigin, FactStatus

register = template.Library()


@register.inclusion_tag("clusters/_cluster_badges.html")
def cluster_badges(cluster: Cluster) -> dict:
    """Verification and ended badges beside a cluster's name (one per row on the cluster list)."""
    return {"cluster": cluster}


@register.inclusion_tag("clusters/_fact_source.html")
def fact_source(origin: str | None, survey_year: int | None, status: str = "", as_of=None) -> dict:
    """Where a footprint figure comes from, compactly beside it: "(survey 2023, estimat)"; the date it is true
    as of in the tooltip. `status` is a `FactStatus` value; self-reported goes without saying for a survey."""
    if not origin:
        return {"source": ""}
    if origin == FactOrigin.SURVEY:
        source = f"survey {survey_year}" if survey_year else "survey"
    else:
        source = str(FactOrigin(origin).label).lower()
    shown_status = status if status in (FactStatus.ESTIMATE, FactStatus.VERIFIED) else ""
    return {
        "source": source,
        "status": FactStatus(status).label if shown_status else "",
        "full_status": FactStatus(status).label if status else "",
        "as_of": as_of,
    }
