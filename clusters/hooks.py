"""What higher apps add to the clusters app's pages (portal.core.hooks): the profile's sections from the
survey, the agreements and the interviews, the actor page's sections, and the agreement counts on the
landscape."""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.hooks import Hook


@dataclass(frozen=True)
class ProfileSection:
    """A section of the cluster profile: `template` is included with `section` set to `context`."""

    template: str
    context: dict


# Receivers: (*, cluster, user) -> ProfileSection | None, in the order the sections appear.
profile_sections = Hook("cluster profile sections")

# Receivers: (*, actor, user) -> ProfileSection | None: sections of an actor's page (interviews).
actor_sections = Hook("actor page sections")

# Receivers: () -> {municipality id: number of clusters in an active agreement with it}.
municipality_agreement_clusters = Hook("clusters in an active agreement per municipality")

# Receivers: () -> {cluster id: {"municipalities": [kommunekode, ...], "actors": [actor slug, ...]}}, the parties
# of each cluster's active agreements (the footprint's JSON).
cluster_agreement_parties = Hook("parties of each cluster's active agreements")
