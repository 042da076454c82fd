"""Plotly figures as plain dicts, and the `Chart` that `templates/includes/_chart.html` renders.

Figures are built server-side as JSON-ready dicts (plotly.graph_objects is far too slow for a page
view) and drawn by `static/js/charts.js` with the vendored plotly.js. Every chart carries the numbers
it shows as a table, so the page works without JavaScript and screen readers get the figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# One palette for every chart, ordered so that neighbouring series differ in lightness as well as hue:
# printed in greyscale they stay apart (dark blue, light amber, mid teal, near-black, …).
BRAND = "#0b4f6c"
PALETTE = ("#0b4f6c", "#f2c14e", "#3a8fb7", "#1d1d1d", "#9ccfe0", "#8c5a00", "#c9c9c9", "#5b6b7a")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star")  # lines stay apart in greyscale
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 13}


@dataclass(frozen=True)
class Chart:
    """One figure and the table of its numbers. `key` must be unique on the page (it names DOM ids).

    Table cells are numbers (shown with the locale's separators), None (shown as "–") or text (shown
    as is, e.g. "ukendt").
    """

    key: str
    title: str
    figure: dict
    headers: Sequence[str]
    rows: Sequence[Sequence]
    note: str = ""
    link: str = ""
    link_label: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def script_id(self) -> str:
        return f"chart-{self.key}-figure"

    @property
    def summary(self) -> str:
        """The chart in one sentence, for screen readers and a quick read: the row with the highest value in
        the first column of numbers ("Højest i »Kontorer«: Aalborg med 5."). Text cells such as "ukendt" are
        never picked."""
        numbered = [row for row in self.rows if len(row) > 1 and _is_number(row[1])]
        if not numbered:
            return _("Figuren har ingen tal at vise.")
        label, value = max(numbered, key=lambda row: row[1])[:2]
        return _("Højest i »%(column)s«: %(label)s med %(value)s.") % {
            "column": self.headers[1],
            "label": display_cell(label)[0],
            "value": display_cell(value)[0],
        }

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Rows as (text, is_number) pairs, formatted in the active language at render time."""
        return [[display_cell(cell) for cell in row] for row in self.rows]


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def display_cell(value) -> tuple[str, bool]:
    if value is None:
        return "–", True
    if isinstance(value, bool):
        return (_("ja") if value else _("nej")), False
    if isinstance(value, int | float):
        return number_format(value, use_l10n=True, force_grouping=True), True
    return str(value), False


def plain(text) -> str:
    """A label as plotly must get it: plotly reads `<b>`, `<a href=…>` and friends in every label it draws,
    so `<` and `>` become entities, which it shows as the characters themselves."""
    return str(text).replace("<", "&lt;").replace(">", "&gt;")


def plain_all(texts: Sequence) -> list[str]:
    return [plain(text) for text in texts]


def count_axis(values: Sequence[int | float | None], title: str) -> dict:
    """A value axis for counts: whole-number ticks only (never 0,5), about five of them, from zero."""
    highest = max((value for value in values if isinstance(value, int | float)), default=0)
    step = 10 ** max(0, math.floor(math.log10(highest / 5))) if highest >= 5 else 1
    step = next(factor * step for factor in (1, 2, 5, 10) if highest / (factor * step) <= 6)
    return {
        "title": {"text": plain(title)},
        "rangemode": "tozero",
        "automargin": True,
        "gridcolor": "#e6edf2",
        "dtick": step,
        "tickformat": ",d",
    }


def base_layout(*, height: int = 340, **extra) -> dict:
    layout = {
        "separators": ",.",
        "font": FONT,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10, "pad": 4},
        "height": height,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": list(PALETTE),
        "showlegend": False,
        "hoverlabel": {"font": FONT},
    }
    layout.update(extra)
    return layout


def bar_figure(
    labels: Sequence[str],
    values: Sequence[int | float | None],
    *,
    value_title: str,
    horizontal: bool = True,
    colors: Sequence[str] | None = None,
) -> dict:
    """One series of counts; horizontal bars keep long Danish labels readable."""
    labels, values = plain_all(labels), list(values)
    trace = {
        "type": "bar",
        "name": plain(value_title),
        "marker": {"color": list(colors) if colors else BRAND},
        "text": values,
        "textposition": "auto",
        "cliponaxis": False,
    }
    value_axis = count_axis(values, value_title)
    label_axis = {"automargin": True, "type": "category"}
    if horizontal:
        trace.update(x=values, y=labels, orientation="h", hovertemplate="%{y}: %{x}<extra></extra>")
        layout = base_layout(
            height=max(220, 60 + 34 * len(labels)),
            xaxis=value_axis,
            yaxis={**label_axis, "autorange": "reversed"},
        )
    else:
        trace.update(x=labels, y=values, hovertemplate="%{x}: %{y}<extra></extra>")
        layout = base_layout(xaxis=label_axis, yaxis=value_axis)
    return {"data": [trace], "layout": layout}


def stacked_bar_figure(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[int | None]]], *, value_title: str
) -> dict:
    """Several series of counts stacked over the same categories, as horizontal bars (long names stay
    readable) with the legend above the plot, clear of the names."""
    names = plain_all(labels)
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": plain(name),
            "x": list(values),
            "y": names,
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": f"{plain(name)} · %{{y}}: %{{x}}<extra></extra>",
        }
        for index, (name, values) in enumerate(series)
    ]
    totals = [
        sum(value or 0 for value in column) for column in zip(*(values for _n, values in series), strict=True)
    ]
    layout = base_layout(
        height=max(260, 110 + 26 * len(names)),
        barmode="stack",
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        margin={"l": 10, "r": 10, "t": 40, "b": 10, "pad": 4},
        xaxis=count_axis(totals, value_title),
        yaxis={"automargin": True, "type": "category", "autorange": "reversed"},
    )
    return {"data": data, "layout": layout}


def trend_figure(
    x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[int | None]]], *, value_title: str
) -> dict:
    """Counts over time (e.g. survey waves): one line with markers per series, the legend beside the plot."""
    steps = plain_all(x_labels)
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": plain(name),
            "x": steps,
            "y": list(values),
            "line": {"color": PALETTE[index % len(PALETTE)], "width": 3},
            "marker": {"size": 9, "symbol": MARKERS[index % len(MARKERS)]},
            "hovertemplate": f"{plain(name)} · %{{x}}: %{{y}}<extra></extra>",
        }
        for index, (name, values) in enumerate(series)
    ]
    everything = [value for _name, values in series for value in values]
    layout = base_layout(
        height=300,
        showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 70, "b": 10, "pad": 4},
        xaxis={"automargin": True, "type": "category"},
        yaxis=count_axis(everything, value_title),
    )
    return {"data": data, "layout": layout}


def heatmap_figure(
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    z: Sequence[Sequence[int | float | None]],
    *,
    value_title: str,
) -> dict:
    """A grid with every row and column named (plotly would otherwise skip labels when they crowd)."""
    columns, rows = plain_all(x_labels), plain_all(y_labels)
    trace = {
        "type": "heatmap",
        "x": columns,
        "y": rows,
        "z": [list(row) for row in z],
        "colorscale": [[0, "#f4f7f9"], [1, BRAND]],
        "xgap": 2,
        "ygap": 2,
        "showscale": False,
        "hovertemplate": f"%{{y}} · %{{x}}: %{{z}} {plain(value_title)}<extra></extra>",
    }
    every = {"automargin": True, "type": "category", "tickmode": "array"}
    layout = base_layout(
        height=max(260, 120 + 28 * len(rows)),
        xaxis={**every, "tickvals": columns, "ticktext": columns, "side": "top", "tickangle": -60},
        yaxis={**every, "tickvals": rows, "ticktext": rows, "autorange": "reversed"},
    )
    return {"data": [trace], "layout": layout}
