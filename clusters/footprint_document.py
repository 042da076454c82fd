"""The machine-readable North Jutland footprint (`GET /klynger/nordjylland.json`, `clusters:footprint`)."""

from __future__ import annotations

from dataclasses import asdict

from clusters.hooks import cluster_agreement_parties
from clusters.models import Cluster, OfficeKind
from clusters.selectors_footprint import ClusterFootprint, cluster_footprints, region_footprint
from clusters.selectors_landscape import municipality_coverage


def footprint_document(*, for_board: bool) -> dict:
    """Every cluster with at least one fact the reader may see, each municipality's located figures, and the
    region's aggregates (which count every fact: the board sees every aggregate). Constant queries."""
    footprints = cluster_footprints(clusters=Cluster.objects.order_by("name"), for_board=for_board)
    parties: dict[int, dict] = {}
    for found in cluster_agreement_parties.collect():
        parties.update(found)
    return {
        "clusters": [
            _cluster_document(footprint, parties.get(pk, {}))
            for pk, footprint in footprints.items()
            if not footprint.is_empty
        ],
        "municipalities": [
            {
                "code": str(row.municipality.code),
                "offices": row.office_clusters,
                "agreements": row.agreement_clusters,
                "located_activities": row.activity_clusters,
            }
            for row in municipality_coverage()
        ],
        "region": asdict(region_footprint(clusters=Cluster.objects.filter(ended_on__isnull=True))),
    }


def _cluster_document(footprint: ClusterFootprint, parties: dict) -> dict:
    members = footprint.members
    return {
        "slug": footprint.cluster.slug,
        "name": footprint.cluster.name,
        "offices": [
            {
                "municipality": str(office.municipality.code) if office.municipality else None,
                "kind": office.kind if office.kind != OfficeKind.UNKNOWN else None,
                "source": office.source_code,
                "as_of": office.as_of.isoformat() if office.as_of else None,
                "status": office.fact_status,
            }
            for office in footprint.offices
        ],
        "members": None
        if members is None
        else {
            "year": members.year,
            "total": members.total,
            "large": members.large,
            "small": members.small,
            "estimate": members.estimate,
            "source": members.source.source_code,
        },
        "activity_types": [fact.kind for fact in footprint.activity_types],
        "partners": [fact.code for fact in footprint.partners],
        "agreements": {
            "municipalities": [str(code) for code in parties.get("municipalities", [])],
            "actors": parties.get("actors", []),
        },
    }
