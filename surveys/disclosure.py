"""How much of a survey an audience may see: the one disclosure rule every survey page, chart, JSON and
export applies (and the deck and map, through the same functions).

The rule:
- Staff and administrators see everything, including cluster-level answers and the drill-down.
- The board sees every unfiltered aggregate key figure, as the board's deck did: respondents are
  organisations, and a count of one or two clusters is shown as it is.
- The board sees no cluster-level answer (cluster names attached to an answer, per-cluster survey values,
  per-cluster sheets, the fit components published from the survey) unless the survey's
  `board_sees_cluster_answers` is on.
- A filter that narrows the completed responses is applied for the board only if the filtered group and its
  complement among the completed responses both hold at least `survey.board_min_group` clusters, and so
  does every non-empty neighbouring group (another choice of the same filter, the others kept), so no
  figure can be worked out by subtracting filtered figures from the whole. Otherwise the board gets
  `REFUSED` instead of every number, chart, JSON value and Excel cell; not even `reported_by` is shown.

The API for pages and exports:
- `disclosure_for(user=, survey=, filterset=, as_board=)` → `Disclosure` for the one who looks;
- `board_view(survey=, filterset=)` → the board's `Disclosure` whoever looks (the board's pack, Excel, deck);
- `refuses(survey=, filterset=)` → whether the board gets the message instead of numbers;
- `Disclosure.cluster_level`, `.drilldown`, `.refused`, `.message` ("" or `REFUSED`) and `.edition`
  ("bestyrelse" or "direktion", for file names) decide what to build and show.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from portal.core.permissions import Role, has_role, is_staff_or_admin
from surveys.filters_dashboard import DashboardFilterSet
from surveys.models import Response, ResponseStatus, Survey

REFUSED = gettext_lazy("for få besvarelser i udsnittet til at vise tal")


@dataclass(frozen=True)
class Disclosure:
    """How much one audience may see of one survey under one filter."""

    cluster_level: bool  # cluster-level answers: per-cluster charts, sheets and survey components
    for_board: bool  # the board's view: no drill-down, and the minimum group applies
    refused: bool = False  # the filter's group (or its complement) is too small for the board

    @property
    def drilldown(self) -> bool:
        """Links to the clusters behind a figure: staff and administrators only."""
        return not self.for_board

    @property
    def edition(self) -> str:
        """The edition an export belongs to, as in the meeting packs' audiences."""
        return "bestyrelse" if self.for_board else "direktion"

    @property
    def message(self) -> str:
        """What the audience sees instead of numbers: "" when it may see them."""
        return str(REFUSED) if self.refused else ""


def _narrowed(filterset: DashboardFilterSet, values: dict[str, str]) -> QuerySet[Cluster]:
    """The invited clusters the filters `values` (field name → chosen value) leave."""
    clusters = filterset.queryset
    for name, value in values.items():
        clusters = filterset.filters[name].filter(clusters, value)
    return clusters


def group_sizes(*, survey: Survey, filterset: DashboardFilterSet) -> tuple[int, int, list[int]]:
    """Completed responses inside the active filters, outside them, and in every neighbouring group: per
    active filter, each other choice of it (and no choice) with the other filters kept. A neighbour
    shown beside the filtered group would otherwise give a small group away by subtraction. One query."""
    active = {name: value for name, value in filterset.form.cleaned_data.items() if value}
    groups = {
        "inside": _narrowed(filterset, active)
    }  # aggregate aliases: "inside", "base_<field>", "<field>_<n>"
    for name in active:
        others = {other: value for other, value in active.items() if other != name}
        groups[f"base_{name}"] = _narrowed(filterset, others)
        choices = [value for value, _label in filterset.form.fields[name].choices if value]
        for index, value in enumerate(choices):
            groups[f"{name}_{index}"] = _narrowed(filterset, {**others, name: value})
    sizes = Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETED).aggregate(
        total=Count("pk"),
        **{alias: Count("pk", filter=Q(cluster__in=clusters)) for alias, clusters in groups.items()},
    )
    neighbours = []
    for name in active:
        chosen = [size for alias, size in sizes.items() if alias.startswith(f"{name}_")]
        neighbours += [*chosen, sizes[f"base_{name}"] - sum(chosen)]
    return sizes["inside"], sizes["total"] - sizes["inside"], neighbours


def refuses(*, survey: Survey, filterset: DashboardFilterSet | None) -> bool:
    """Whether the board must not see numbers under these filters. A filter that leaves out no completed
    response narrows nothing and is applied; an empty neighbouring group gives nothing away."""
    if filterset is None or not filterset.is_active:
        return False
    inside, outside, neighbours = group_sizes(survey=survey, filterset=filterset)
    smallest = survey.board_min_group
    if outside == 0:
        return False
    return min(inside, outside) < smallest or any(0 < size < smallest for size in neighbours)


def may_see_cluster_answers(*, user, survey: Survey) -> bool:
    """Staff and administrators see each cluster's answers; the board only when the survey allows it."""
    return is_staff_or_admin(user) or (survey.board_sees_cluster_answers and has_role(user, {Role.BOARD}))


def board_view(*, survey: Survey, filterset: DashboardFilterSet | None = None) -> Disclosure:
    """The board's view, whoever looks (the board's meeting pack, Excel edition and deck)."""
    return Disclosure(
        cluster_level=survey.board_sees_cluster_answers,
        for_board=True,
        refused=refuses(survey=survey, filterset=filterset),
    )


STAFF_VIEW = Disclosure(cluster_level=True, for_board=False)


def disclosure_for(
    *, user, survey: Survey, filterset: DashboardFilterSet | None = None, as_board: bool = False
) -> Disclosure:
    if as_board or not is_staff_or_admin(user):
        return board_view(survey=survey, filterset=filterset)
    return STAFF_VIEW
