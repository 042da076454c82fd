"""The suggested fit formula on values in memory: no database."""

from __future__ import annotations

from decimal import Decimal

from clusters.models import Cluster
from collaboration.models import StrategyEffort
from collaboration.scoring import (
    DEFAULT_WEIGHTS,
    Cell,
    Footprint,
    Rating,
    Row,
    Scorer,
    effective_score,
    matched_keywords,
)

# The worked example of test_fit.py: 25 NJ members, one office, two activities, one live agreement.
ENERGY = Footprint(nj_members=25, nj_offices=1, activities=2, agreements=1)


def _suggestion(footprint: Footprint, keyword: str, weights=DEFAULT_WEIGHTS):
    (suggestion,) = Scorer(weights).suggestions(footprint, [keyword])
    return suggestion


def test_worked_example_adds_up_component_by_component():
    # 3 × (3×1 + 2×0.5 + 2×1 + 1×0.4 + 1×0.5 + 1×0) / 10 = 2.07
    suggestion = _suggestion(ENERGY, "energi")
    assert suggestion.score == Decimal("2.07")
    assert suggestion.area_points == Decimal("0.90")
    assert {part.component.key: part.points for part in suggestion.parts} == {
        "area": Decimal("0.90"),
        "members": Decimal("0.30"),
        "offices": Decimal("0.60"),
        "activities": Decimal("0.12"),
        "agreements": Decimal("0.15"),
        "survey": Decimal("0.00"),
    }
    assert [part.component.key for part in suggestion.scoring_parts] == [
        "area",
        "members",
        "offices",
        "activities",
        "agreements",
    ]


def test_the_two_scores_of_a_cluster_are_its_suggestions_with_and_without_an_area_match():
    assert Scorer(DEFAULT_WEIGHTS).scores(ENERGY) == {
        True: _suggestion(ENERGY, "energi").score,
        False: _suggestion(ENERGY, "").score,
    }
    assert _suggestion(ENERGY, "").score == Decimal("1.17")  # 3 × 3.9 / 10


def test_components_are_capped_at_one():
    shares = Footprint(nj_members=500, nj_offices=3, activities=50, agreements=9, survey_partners=7).shares
    assert set(shares.values()) == {Decimal(1)}


def test_all_zero_weights_score_nothing_rather_than_divide_by_zero():
    zero = dict.fromkeys(DEFAULT_WEIGHTS, 0)
    suggestion = _suggestion(ENERGY, "energi", zero)
    assert suggestion.score == 0
    assert all(part.points == 0 for part in suggestion.parts)


def test_keywords_match_the_danish_or_english_area_in_any_case():
    efforts = [StrategyEffort(keywords="Grøn, energi"), StrategyEffort(keywords="wind"), StrategyEffort()]
    assert matched_keywords("Energi og GRØN omstilling", "", efforts) == ["grøn", "", ""]
    assert matched_keywords("Vind", "Offshore WIND", efforts) == ["", "wind", ""]


def test_a_rating_of_zero_stands_in_for_the_suggestion():
    assert effective_score(0, Decimal("2.07")) == 0
    assert effective_score(None, Decimal("2.07")) == Decimal("2.07")


def test_a_row_averages_effective_scores_and_shows_the_footprint_points_once():
    effort = StrategyEffort(keywords="energi")
    rating = Rating(score=0, reason="", rated_by="", rated_at=None, is_demo=False)
    suggested = _suggestion(ENERGY, "energi")
    row = Row(
        cluster=Cluster(name="Energiklyngen"),
        footprint=ENERGY,
        cells=[Cell(effort, suggested, None), Cell(effort, suggested, rating)],
    )
    assert row.average == Decimal("1.04")  # (2.07 + 0) / 2, rounded half even
    assert set(row.footprint_points) == {"members", "offices", "activities", "agreements", "survey"}
    assert Row(cluster=Cluster(), footprint=ENERGY, cells=[]).average == 0
