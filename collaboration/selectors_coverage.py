"""Reads for the coverage page: offices, members, activities and agreements per cluster and municipality."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from clusters.models import Activity, Cluster, MemberCount, Municipality, present_offices
from clusters.selectors import member_table
from clusters.selectors_footprint import region_footprint
from collaboration.models import Agreement
from collaboration.selectors import strategy_clusters


@dataclass
class CoverageCell:
    offices: int = 0
    members: int | None = None
    members_estimate: bool = False
    activities: int = 0
    agreements: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.offices or self.members or self.activities or self.agreements)


@dataclass
class MunicipalityTotals:
    municipality: Municipality
    offices: int = 0
    members: int = 0
    activities: int = 0
    agreements: int = 0
    clusters_present: int = 0

    @property
    def gaps(self) -> list[str]:
        missing = [
            (self.offices, _("intet kontor")),
            (self.agreements, _("ingen aftale")),
            (self.activities, _("ingen lokaliseret aktivitet")),
        ]
        return [str(label) for count, label in missing if not count]


def _latest_members(clusters: QuerySet, for_board: bool) -> dict[tuple[int, int], dict]:
    """Latest-year members per (cluster, municipality), by the same rule as the cluster profile."""
    rows = defaultdict(list)
    summed = (
        MemberCount.objects.current(for_board=for_board)
        .filter(municipality__isnull=False, cluster__in=clusters)
        .values("cluster_id", "municipality_id", "year", "size_band")
        .annotate(total=Sum("count"), estimates=Count("pk", filter=Q(is_estimate=True)))
        .order_by()
    )
    for row in summed:
        rows[(row["cluster_id"], row["municipality_id"])].append(
            SimpleNamespace(
                year=row["year"],
                size_band=row["size_band"],
                count=row["total"],
                is_estimate=bool(row["estimates"]),
            )
        )
    return {key: member_table(values)[0] for key, values in rows.items()}


def _coverage_cells(cluster_ids: QuerySet, *, for_board: bool = False) -> dict[tuple[int, int], CoverageCell]:
    """The cells of the clusters whose pks `cluster_ids` selects, by (cluster pk, municipality pk): four
    queries, every count grouped in SQL. `for_board` leaves out the facts hidden from the board."""
    cells: dict[tuple[int, int], CoverageCell] = defaultdict(CoverageCell)

    def pairs(
        queryset, counted: str = "pk", cluster: str = "cluster_id", municipality: str = "municipality_id"
    ):
        grouped = queryset.values(cluster, municipality).annotate(n=Count(counted, distinct=True)).order_by()
        return ((row[cluster], row[municipality], row["n"]) for row in grouped)

    # One office per cluster and municipality: a survey's office beside the reference data's is the same one.
    for cluster_id, municipality_id, _n in pairs(
        present_offices(for_board=for_board).filter(cluster__in=cluster_ids, municipality__isnull=False)
    ):
        cells[(cluster_id, municipality_id)].offices = 1
    for cluster_id, municipality_id, n in pairs(
        Activity.objects.current(for_board=for_board).filter(
            cluster__in=cluster_ids, municipality__isnull=False
        )
    ):
        cells[(cluster_id, municipality_id)].activities = n
    for cluster_id, municipality_id, n in pairs(
        Agreement.objects.filter(clusters__in=cluster_ids, municipalities__isnull=False),
        counted="pk",
        cluster="clusters",
        municipality="municipalities",
    ):
        cells[(cluster_id, municipality_id)].agreements = n
    for key, latest in _latest_members(cluster_ids, for_board).items():
        cells[key].members = latest["total"]
        cells[key].members_estimate = latest["is_estimate"]
    return cells


def _coverage_totals(
    municipalities: list[Municipality], cells: dict[tuple[int, int], CoverageCell]
) -> list[MunicipalityTotals]:
    totals = {m.pk: MunicipalityTotals(municipality=m) for m in municipalities}
    for (_cluster_id, municipality_id), cell in cells.items():
        total = totals[municipality_id]
        total.offices += cell.offices
        total.members += cell.members or 0
        total.activities += cell.activities
        total.agreements += cell.agreements
        total.clusters_present += not cell.is_empty
    return [totals[m.pk] for m in municipalities]


def _coverage_rows(
    clusters: list[Cluster], municipalities: list[Municipality], cells: dict[tuple[int, int], CoverageCell]
) -> list[tuple[Cluster, list[CoverageCell]]]:
    return [
        (cluster, [cells.get((cluster.pk, m.pk), CoverageCell()) for m in municipalities])
        for cluster in clusters
    ]


def coverage_clusters() -> QuerySet[Cluster]:
    """The clusters the coverage matrix lists, in its order: every cluster that has not ended, by name."""
    return strategy_clusters().order_by("name", "pk").only("slug", "name")


def coverage(*, clusters: list[Cluster], for_board: bool = False) -> dict:
    """Every municipality with its totals and gaps over all clusters that have not ended, and the matrix rows
    of `clusters` (a page of `coverage_clusters()`) in their order.

    Six queries whatever the number of clusters (ten for the board): every count is grouped in SQL. The totals
    are aggregates and count every fact; for the board (`for_board`) the rows, which show each cluster's own
    cells, leave out the facts from surveys whose cluster-level answers it may not see. `region` holds the
    region-wide footprint (members and activity types are not given per municipality): clusters active in the
    whole region are shown beside each municipality's own figures, never spread over them.
    """
    municipalities = list(Municipality.objects.order_by("name"))
    cells = _coverage_cells(strategy_clusters().values("pk"))
    row_cells = _coverage_cells([cluster.pk for cluster in clusters], for_board=True) if for_board else cells
    return {
        "region": region_footprint(clusters=strategy_clusters()),
        "municipalities": municipalities,
        "rows": _coverage_rows(clusters, municipalities, row_cells),
        "totals": _coverage_totals(municipalities, cells),
    }
