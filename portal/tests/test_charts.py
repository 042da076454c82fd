"""The chart's one-sentence text alternative (portal.core.charts.Chart.summary)."""

from __future__ import annotations

import json

from django.utils import translation

from portal.core.charts import Chart, bar_figure, heatmap_figure, stacked_bar_figure, trend_figure


def _chart(rows) -> Chart:
    return Chart(key="offices", title="Kontorer", figure={}, headers=["Kommune", "Kontorer"], rows=rows)


def test_summary_names_the_row_with_the_highest_number():
    chart = _chart([["Hjørring", 2], ["Aalborg", 5], ["Thisted", 1]])
    with translation.override("da"):
        assert chart.summary == "Højest i »Kontorer«: Aalborg med 5."


def test_summary_never_picks_a_suppressed_number():
    chart = _chart([["Aalborg", "færre end 3"], ["Hjørring", 4]])
    with translation.override("da"):
        assert chart.summary == "Højest i »Kontorer«: Hjørring med 4."


def test_summary_of_a_chart_without_numbers_says_so():
    with translation.override("da"):
        assert _chart([["Aalborg", "ukendt"]]).summary == "Figuren har ingen tal at vise."


MARKUP = '<a href="https://evil.example">Klynge</a> <b>fed</b>'


def _drawn_text(figure: dict) -> str:
    """Every string plotly would draw from the figure (labels, names, hover templates, ticks)."""
    return json.dumps(figure, ensure_ascii=False)


def test_every_label_plotly_draws_is_plain_text():
    figures = [
        bar_figure([MARKUP, "Aalborg"], [2, 1], value_title=MARKUP),
        stacked_bar_figure([MARKUP], [(MARKUP, [3]), ("Under 50 ansatte", [1])], value_title="Medlemmer"),
        heatmap_figure([MARKUP], [MARKUP], [[1]], value_title=MARKUP),
        trend_figure(["2023"], [(MARKUP, [4])], value_title="Klynger"),
    ]
    for figure in figures:
        drawn = _drawn_text(figure)
        assert "<a" not in drawn and "<b>" not in drawn
        assert "&lt;a href=" in drawn and "&lt;b&gt;fed&lt;/b&gt;" in drawn


def test_count_axes_have_whole_number_ticks_only():
    for values, step in (([1, 2], 1), ([0], 1), ([12], 2), ([375], 100), ([4324], 1000)):
        axis = bar_figure(["a"] * len(values), values, value_title="Klynger")["layout"]["xaxis"]
        assert axis["dtick"] == step and axis["tickformat"] == ",d"


def test_the_heatmap_names_every_column_and_row():
    names = [f"Kommune {index}" for index in range(11)]
    layout = heatmap_figure(names, ["A", "B"], [[0] * 11, [1] * 11], value_title="aftale")["layout"]
    assert layout["xaxis"]["tickvals"] == names and layout["xaxis"]["tickmode"] == "array"
