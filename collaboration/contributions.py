"""What the collaboration app adds to lower apps' pages (clusters.hooks), registered in
CollaborationConfig.ready."""

from __future__ import annotations

from django.db.models import Count

from clusters.hooks import ProfileSection, municipality_agreement_clusters, profile_sections
from collaboration.models import Agreement, AgreementStatus
from collaboration.selectors import cluster_collaboration


@profile_sections.register
def agreements_section(*, cluster, user) -> ProfileSection:
    return ProfileSection(
        "collaboration/_cluster_agreements.html", cluster_collaboration(cluster=cluster, user=user)
    )


@municipality_agreement_clusters.register
def active_agreement_clusters() -> dict[int, int]:
    rows = (
        Agreement.municipalities.through.objects.filter(agreement__status=AgreementStatus.ACTIVE)
        .values("municipality_id")
        .annotate(clusters=Count("agreement__clusters", distinct=True))
    )
    return {row["municipality_id"]: row["clusters"] for row in rows}
