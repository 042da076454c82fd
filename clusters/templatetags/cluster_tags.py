from __future__ import annotations

from django import template

from clusters.models import Cluster

register = template.Library()


@register.inclusion_tag("clusters/_cluster_badges.html")
def cluster_badges(cluster: Cluster) -> dict:
    """Verification and ended badges beside a cluster's name (one per row on the cluster list)."""
    return {"cluster": cluster}
