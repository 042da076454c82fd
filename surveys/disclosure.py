"""How much of a survey an audience may see: the one disclosure rule every survey page and export applies.

Staff and administrators see everything, including cluster-level answers. Board members see aggregates only,
unless the survey allows cluster-level answers for the board; and any number that rests on one or two clusters
is then replaced by "færre end 3", so nobody can single out a cluster's answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from portal.core.permissions import Role, has_role, is_staff_or_admin
from surveys.models import Survey

MIN_CLUSTERS = 3
SUPPRESSED = gettext_lazy("færre end 3")


@dataclass(frozen=True)
class Disclosure:
    """How much one audience may see of one survey."""

    cluster_level: bool  # cluster-level answers: the matrix, per-cluster charts, the Svar sheet
    drilldown: bool  # links to the clusters behind a figure (staff and administrators)

    def hides(self, basis: int | None) -> bool:
        """True when a number resting on `basis` clusters would single out fewer than three."""
        return not self.cluster_level and basis is not None and 0 < basis < MIN_CLUSTERS

    def shown(self, basis: int | None, value):
        """`value` as this audience may see it: "færre end 3" where it rests on too few clusters."""
        return str(SUPPRESSED) if self.hides(basis) else value

    def count(self, value: int | None) -> int | str | None:
        """A count of clusters as this audience may see it."""
        return self.shown(value, value)


def may_see_cluster_answers(*, user, survey: Survey) -> bool:
    """Staff and administrators see each cluster's answers; the board only when the survey allows it."""
    return is_staff_or_admin(user) or (survey.board_sees_cluster_answers and has_role(user, {Role.BOARD}))


def board_disclosure(*, survey: Survey) -> Disclosure:
    """The board's view, whoever looks (the board's meeting pack and Excel edition)."""
    return Disclosure(cluster_level=survey.board_sees_cluster_answers, drilldown=False)


def disclosure_for(*, user, survey: Survey, as_board: bool = False) -> Disclosure:
    if as_board:
        return board_disclosure(survey=survey)
    return Disclosure(
        cluster_level=may_see_cluster_answers(user=user, survey=survey),
        drilldown=is_staff_or_admin(user),
    )
