"""The cluster list's filters, search and sorting (one FilterSet per list page)."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from clusters.models import (
    Activity,
    Cluster,
    DevelopmentStage,
    EceiLabel,
    MemberCount,
    Municipality,
    Office,
    ProgrammePeriod,
)
from clusters.selectors_footprint import hides_board_facts
from portal.core.filters import search_any

UNKNOWN = "ukendt"
YES, NO = "ja", "nej"

# Stage and label sort by meaning (emerging → mature, gold first), not alphabetically. Unknown values
# sort last in both directions.
STAGE_RANK = Case(
    *(When(development_stage=stage, then=Value(rank)) for rank, stage in enumerate(DevelopmentStage.values)),
    default=None,
    output_field=IntegerField(),
)
LABEL_RANK = Case(
    *(When(ecei_label=label, then=Value(rank)) for rank, label in enumerate(EceiLabel.values)),
    default=None,
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str
    ascending: tuple
    numeric: bool = False


# The allow-list: the only orderings the `sort` parameter accepts ("name" or "-name", and so on).
SORT_COLUMNS = (
    SortColumn("name", _("Navn"), ("name",)),
    SortColumn("area", _("Område"), ("area_da", "name")),
    SortColumn("stage", _("Udviklingstrin"), (STAGE_RANK.asc(nulls_last=True), "name")),
    SortColumn("label", _("ECEI-label"), (LABEL_RANK.asc(nulls_last=True), "name")),
    SortColumn("nj_offices", _("Kontorer i Nordjylland"), (F("nj_office_count").asc(), "name"), numeric=True),
    SortColumn(
        "nj_members",
        _("Medlemmer i Nordjylland"),
        (F("nj_members").asc(nulls_last=True), "name"),
        numeric=True,
    ),
)
SORTS = {column.key: column for column in SORT_COLUMNS}


def _descending(expression):
    if isinstance(expression, str):
        return F(expression).desc()
    return expression.expression.desc(nulls_last=True)  # an OrderBy: flip it, unknown stays last


def _sort_choices():
    for column in SORT_COLUMNS:
        yield column.key, column.label
        yield f"-{column.key}", _("%(column)s (faldende)") % {"column": column.label}


def _area_choices():
    areas = Cluster.objects.exclude(area_da="").order_by("area_da").values_list("area_da", flat=True)
    return [(area, area) for area in areas.distinct()]


def _with_unknown(choices):
    return [*choices, (UNKNOWN, _("Ukendt"))]


def present_in(municipality: Municipality, *, for_board: bool) -> Q:
    """Clusters with a current office, members or an activity located in the municipality.

    Uncorrelated IN subqueries, evaluated once (correlated EXISTS per cluster was slow on SQLite).
    """
    located = {"municipality": municipality}
    offices = Office.objects.current(for_board=for_board).filter(ended_on__isnull=True, **located)
    return (
        Q(pk__in=offices.values("cluster"))
        | Q(pk__in=MemberCount.objects.current(for_board=for_board).filter(**located).values("cluster"))
        | Q(pk__in=Activity.objects.current(for_board=for_board).filter(**located).values("cluster"))
    )


class ClusterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="filter_search")
    period = django_filters.ModelChoiceFilter(
        label=_("Programperiode"),
        queryset=ProgrammePeriod.objects.all(),
        to_field_name="code",
        empty_label=_("Alle perioder"),
        method="filter_period",
    )
    area = django_filters.ChoiceFilter(
        label=_("Område"), field_name="area_da", choices=_area_choices, empty_label=_("Alle områder")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Udviklingstrin"),
        field_name="development_stage",
        choices=_with_unknown(DevelopmentStage.choices),
        empty_label=_("Alle trin"),
        method="filter_known_or_blank",
    )
    label = django_filters.ChoiceFilter(
        label=_("ECEI-label"),
        field_name="ecei_label",
        choices=_with_unknown(EceiLabel.choices),
        empty_label=_("Alle labels"),
        method="filter_known_or_blank",
    )
    nj = django_filters.ChoiceFilter(
        label=_("Fysisk til stede i Nordjylland"),
        choices=[(YES, _("Ja")), (NO, _("Nej"))],
        empty_label=_("Alle"),
        method="filter_nj",
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        empty_label=_("Alle kommuner"),
        method="filter_municipality",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sortering"), choices=_sort_choices, empty_label=_("Navn"), method="filter_sort"
    )

    class Meta:
        model = Cluster
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_any(queryset, value, ("name", "area_da", "area_en", "hq_city"))

    def filter_period(self, queryset: QuerySet, name: str, value: ProgrammePeriod) -> QuerySet:
        return queryset.in_period(value)

    def filter_known_or_blank(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{name: "" if value == UNKNOWN else value})

    def filter_nj(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        present = Cluster.objects.present_in_nj(for_board=self._for_board).values("pk")
        return queryset.filter(pk__in=present) if value == YES else queryset.exclude(pk__in=present)

    def filter_municipality(self, queryset: QuerySet, name: str, value: Municipality) -> QuerySet:
        return queryset.filter(present_in(value, for_board=self._for_board))

    @property
    def _for_board(self) -> bool:
        return self.request is None or hides_board_facts(self.request.user)

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*sort_ordering(value))


def sort_ordering(value: str) -> tuple:
    column = SORTS[value.removeprefix("-")]
    if not value.startswith("-"):
        return column.ascending
    first, *rest = column.ascending
    return (_descending(first), *rest)


def sort_links(current: str) -> list[dict]:
    """Column headers for the list: the `sort` value each header links to and how it is sorted now."""
    links = []
    for column in SORT_COLUMNS:
        state = {column.key: "ascending", f"-{column.key}": "descending"}.get(current or "name", "")
        links.append(
            {
                "label": column.label,
                "value": f"-{column.key}" if state == "ascending" else column.key,
                "state": state,
                "numeric": column.numeric,
            }
        )
    return links
