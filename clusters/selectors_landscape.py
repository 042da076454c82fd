"""Reads for the landscape dashboard: the registry's clusters of a period and the municipalities'
coverage (offices, members, activities, agreements). Constant query count whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from clusters.hooks import municipality_agreement_clusters
from clusters.models import Cluster, Municipality, ProgrammePeriod
from clusters.selectors import municipality_overview

DEFAULT_PERIOD = "2021-2024"

# Published ranges from the seed presentation; shown beside the registry's own figures, never instead.
SEED_SOURCE = _(
    "Navigators: »Samarbejde med de nationale klynger«, direktionsmøde 09.01.24 "
    "(klyngernes forretningsmodeller, nedslag 2023)"
)


@dataclass(frozen=True)
class RangeSpec:
    field: str
    label: str
    published: str


RANGE_SPECS = (
    RangeSpec("staff_count", _("Medarbejdere"), "7 til 40-50"),
    RangeSpec("national_member_count", _("Medlemmer (hele landet)"), "85 til 450"),
    RangeSpec("board_size", _("Bestyrelsesmedlemmer"), "10 – 21"),
)


@dataclass(frozen=True)
class RegistryRange:
    label: str
    published: str
    source: str
    minimum: int | None
    maximum: int | None
    known: int
    total: int


@dataclass(frozen=True)
class MunicipalityCoverage:
    municipality: Municipality
    office_clusters: int
    member_clusters: int
    activity_clusters: int
    agreement_clusters: int

    @property
    def gaps(self) -> list[str]:
        missing = [
            (self.office_clusters, _("intet klyngekontor")),
            (self.agreement_clusters, _("ingen aktiv aftale")),
            (self.activity_clusters, _("ingen lokaliseret aktivitet")),
        ]
        return [str(text) for count, text in missing if not count]


def landscape_period(code: str | None) -> ProgrammePeriod | None:
    periods = {period.code: period for period in ProgrammePeriod.objects.all()}
    return periods.get(code or DEFAULT_PERIOD) or next(iter(periods.values()), None)


def landscape_clusters(*, period: ProgrammePeriod | None) -> list[Cluster]:
    if period is None:
        return []
    return list(Cluster.objects.active_in(period).with_nj_footprint().order_by("name"))


def registry_ranges(clusters: list[Cluster]) -> list[RegistryRange]:
    ranges = []
    for spec in RANGE_SPECS:
        values = [getattr(cluster, spec.field) for cluster in clusters]
        known = [value for value in values if value is not None]
        ranges.append(
            RegistryRange(
                label=str(spec.label),
                published=spec.published,
                source=str(SEED_SOURCE),
                minimum=min(known, default=None),
                maximum=max(known, default=None),
                known=len(known),
                total=len(values),
            )
        )
    return ranges


def municipality_coverage() -> list[MunicipalityCoverage]:
    """The eleven municipalities: clusters with an office, members, activities and an active agreement."""
    agreement_clusters: dict[int, int] = {}
    for counts in municipality_agreement_clusters.collect():
        for municipality_id, count in counts.items():
            agreement_clusters[municipality_id] = agreement_clusters.get(municipality_id, 0) + count
    return [
        MunicipalityCoverage(
            municipality=row,
            office_clusters=row.office_clusters,
            member_clusters=row.member_clusters,
            activity_clusters=row.activity_clusters,
            agreement_clusters=agreement_clusters.get(row.pk, 0),
        )
        for row in municipality_overview()
    ]
