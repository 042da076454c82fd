"""The suggested fit of a cluster with a strategy effort (README, "Samarbejde"): arithmetic on values already
read, no database access.

    score = 3 × Σ(weight × component) / Σ(weight)

with every component between 0 and 1:

    area        1 when one of the effort's keywords occurs in the cluster's area (Danish or English), else 0
    members     North Jutland members (latest year) / MEMBERS_FULL, at most 1
    offices     1 when the cluster has an office in North Jutland (not planned, not ended), else 0
    activities  the cluster's activities / ACTIVITIES_FULL, at most 1
    agreements  agreements in negotiation or active with the cluster / AGREEMENTS_FULL, at most 1
    survey      North Jutland partners the cluster chose in its completed answer to the newest survey
                with completed answers / SURVEY_PARTNERS_FULL, at most 1

Each component's points (3 × weight × component / Σ weight) are shown, so they add up to the score. A staff
rating, where there is one, stands in for the suggestion (the effective score).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from collaboration.models import StrategyEffort

MEMBERS_FULL = 50
ACTIVITIES_FULL = 5
AGREEMENTS_FULL = 2
SURVEY_PARTNERS_FULL = 3
# Scores and points have two decimals, so pages show them as they are (with the locale's decimal comma).
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    # Lazy, so each reader sees it in their own language (the fit page's weight help texts).
    explanation: str
    default_weight: int


COMPONENTS = (
    Component("area", _("Område"), _("1 hvis et af indsatsens nøgleord indgår i klyngens område"), 3),
    Component(
        "members",
        _("Medlemmer i Nordjylland"),
        format_lazy(_("medlemmer i Nordjylland (seneste år) / {full}, højst 1"), full=MEMBERS_FULL),
        2,
    ),
    Component("offices", _("Kontor i Nordjylland"), _("1 hvis klyngen har kontor i Nordjylland"), 2),
    Component(
        "activities",
        _("Aktiviteter"),
        format_lazy(_("aktiviteter og projekter / {full}, højst 1"), full=ACTIVITIES_FULL),
        1,
    ),
    Component(
        "agreements",
        _("Aftaler"),
        format_lazy(_("aftaler i forhandling eller aktive / {full}, højst 1"), full=AGREEMENTS_FULL),
        1,
    ),
    Component(
        "survey",
        _("Partnere (survey)"),
        format_lazy(
            _("nordjyske samarbejdspartnere, klyngen har angivet i surveyen / {full}, højst 1"),
            full=SURVEY_PARTNERS_FULL,
        ),
        1,
    ),
)
DEFAULT_WEIGHTS = {component.key: component.default_weight for component in COMPONENTS}


@dataclass(frozen=True)
class Footprint:
    """A cluster's North Jutland footprint: the effort-independent inputs of the suggested score."""

    nj_members: int
    nj_offices: int
    activities: int
    agreements: int
    survey_partners: int = 0

    @cached_property
    def shares(self) -> dict[str, Decimal]:
        return {
            "members": _capped(self.nj_members, MEMBERS_FULL),
            "offices": Decimal(1 if self.nj_offices else 0),
            "activities": _capped(self.activities, ACTIVITIES_FULL),
            "agreements": _capped(self.agreements, AGREEMENTS_FULL),
            "survey": _capped(self.survey_partners, SURVEY_PARTNERS_FULL),
        }


@dataclass(frozen=True)
class Part:
    component: Component
    share: Decimal
    weight: int
    points: Decimal


@dataclass(frozen=True)
class Suggestion:
    score: Decimal
    matched_keyword: str
    shares: dict[str, Decimal]
    weights: dict[str, int]

    @cached_property
    def parts(self) -> list[Part]:
        """Each component's points on the 0-3 scale; they add up to the score (up to rounding)."""
        total = sum(self.weights.values())
        return [
            Part(
                component=component,
                share=_round(self.shares[component.key]),
                weight=self.weights[component.key],
                points=_round(3 * self.weights[component.key] * self.shares[component.key] / total)
                if total
                else ZERO,
            )
            for component in COMPONENTS
        ]

    @property
    def scoring_parts(self) -> list[Part]:
        return [part for part in self.parts if part.points]

    @property
    def area_points(self) -> Decimal:
        return next(part.points for part in self.parts if part.component.key == "area")


@dataclass(frozen=True)
class Rating:
    """A staff rating as the pages show it (read as plain values: thousands of them per page)."""

    score: int
    reason: str
    rated_by: str
    rated_at: datetime
    is_demo: bool


@dataclass
class Cell:
    effort: StrategyEffort
    suggestion: Suggestion
    rating: Rating | None

    @property
    def effective_score(self) -> Decimal:
        return effective_score(self.rating.score if self.rating else None, self.suggestion.score)


@dataclass
class Row:
    cluster: Cluster
    footprint: Footprint
    cells: list[Cell]

    @cached_property
    def footprint_points(self) -> dict[str, Part]:
        """The effort-independent parts of the suggestion: the same in every cell of the row."""
        if not self.cells:
            return {}
        return {
            part.component.key: part
            for part in self.cells[0].suggestion.parts
            if part.component.key != "area"
        }

    @cached_property
    def average(self) -> Decimal:
        return average([cell.effective_score for cell in self.cells])


def effective_score(rating: int | None, suggested: Decimal) -> Decimal:
    """Staff judgement where there is one, else the suggestion."""
    return suggested if rating is None else Decimal(rating)


def average(scores: list[Decimal]) -> Decimal:
    return _round(sum(scores) / len(scores)) if scores else ZERO


def matched_keywords(area_da: str, area_en: str, efforts: list[StrategyEffort]) -> list[str]:
    """Per effort, the first of its keywords found in the cluster's area (Danish or English), or ''."""
    area = f"{area_da} {area_en}".lower()
    return [next((word for word in effort.keyword_list if word in area), "") for effort in efforts]


def _capped(value: int, full: int) -> Decimal:
    return min(Decimal(value) / Decimal(full), Decimal(1))


def _round(value: Decimal) -> Decimal:
    return value.quantize(ZERO)


class Scorer:
    """The formula for one set of weights; the effort-independent sum is computed once per cluster."""

    def __init__(self, weights: dict[str, int]):
        self.weights = weights
        self.total = sum(weights[component.key] for component in COMPONENTS)

    def _footprint_sum(self, footprint: Footprint) -> Decimal:
        return sum(self.weights[key] * share for key, share in footprint.shares.items())

    def _score(self, area: Decimal, footprint_sum: Decimal) -> Decimal:
        weighted = self.weights["area"] * area + footprint_sum
        return _round(3 * weighted / self.total) if self.total else ZERO

    def scores(self, footprint: Footprint) -> dict[bool, Decimal]:
        """The suggested score with (True) and without (False) an area match: the only two a cluster has."""
        footprint_sum = self._footprint_sum(footprint)
        return {match: self._score(Decimal(int(match)), footprint_sum) for match in (True, False)}

    def suggestions(self, footprint: Footprint, keywords: list[str]) -> list[Suggestion]:
        """The suggestion for each effort whose matched keyword (or '') is given, with its parts."""
        footprint_sum = self._footprint_sum(footprint)
        suggestions = []
        for keyword in keywords:
            area = Decimal(1 if keyword else 0)
            suggestions.append(
                Suggestion(
                    score=self._score(area, footprint_sum),
                    matched_keyword=keyword,
                    shares={"area": area, **footprint.shares},
                    weights=self.weights,
                )
            )
        return suggestions
