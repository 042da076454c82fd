"""The chart's one-sentence text alternative (portal.core.charts.Chart.summary)."""

from __future__ import annotations

from django.utils import translation

from portal.core.charts import Chart


def _chart(rows) -> Chart:
    return Chart(key="offices", title="Kontorer", figure={}, headers=["Kommune", "Kontorer"], rows=rows)


def test_summary_names_the_row_with_the_highest_number():
    chart = _chart([["Hjørring", 2], ["Aalborg", 5], ["Thisted", 1]])
    with translation.override("da"):
        assert chart.summary == "Højest i »Kontorer«: Aalborg med 5."


def test_summary_never_picks_a_text_cell():
    chart = _chart([["Aalborg", "ukendt"], ["Hjørring", 4]])
    with translation.override("da"):
        assert chart.summary == "Højest i »Kontorer«: Hjørring med 4."


def test_summary_of_a_chart_without_numbers_says_so():
    with translation.override("da"):
        assert _chart([["Aalborg", "ukendt"]]).summary == "Figuren har ingen tal at vise."
