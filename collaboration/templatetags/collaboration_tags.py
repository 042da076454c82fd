"""Template tags of the collaboration pages.

`cluster_collaboration` reads the cluster profile's collaboration section, so the clusters app needs no import
of collaboration (whose selectors build on the clusters app's).
"""

from __future__ import annotations

from django import template

from collaboration.selectors import cluster_collaboration as read_cluster_collaboration

register = template.Library()


@register.simple_tag(takes_context=True)
def cluster_collaboration(context, cluster) -> dict:
    return read_cluster_collaboration(cluster=cluster, user=context["request"].user)
