"""Plotly figures as plain dicts, and the `Chart` that `templates/includes/_chart.html` renders.

Figures are built server-side as JSON-ready dicts (plotly.graph_objects is far too slow for a page
view) and drawn by `static/js/charts.js` with the vendored plotly.js. Every chart carries the numbers
it shows as a table, so the page works without JavaScript and screen readers get the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

BRAND = "#0b4f6c"
PALETTE = ("#0b4f6c", "#1282a2", "#e4a11b", "#6a994e", "#b3261e", "#7b5ea7", "#5b6b7a", "#f28f3b")
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
    """One series of bars; horizontal bars keep long Danish labels readable."""
    labels, values = list(labels), list(values)
    trace = {
        "type": "bar",
        "name": value_title,
        "marker": {"color": list(colors) if colors else BRAND},
        "text": values,
        "textposition": "auto",
        "cliponaxis": False,
    }
    value_axis = {
        "title": {"text": value_title},
        "rangemode": "tozero",
        "automargin": True,
        "gridcolor": "#e6edf2",
    }
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


def grouped_bar_figure(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float | None]]],
    *,
    value_title: str,
    stacked: bool = False,
) -> dict:
    """Several series over the same categories (vertical bars, legend on)."""
    data = [
        {
            "type": "bar",
            "name": name,
            "x": list(labels),
            "y": list(values),
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": f"{name} · %{{x}}: %{{y}}<extra></extra>",
        }
        for index, (name, values) in enumerate(series)
    ]
    layout = base_layout(
        barmode="stack" if stacked else "group",
        showlegend=True,
        legend={"orientation": "h", "y": -0.2},
        xaxis={"automargin": True, "type": "category"},
        yaxis={
            "title": {"text": value_title},
            "rangemode": "tozero",
            "automargin": True,
            "gridcolor": "#e6edf2",
        },
    )
    return {"data": data, "layout": layout}


def heatmap_figure(
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    z: Sequence[Sequence[int | float | None]],
    *,
    value_title: str,
) -> dict:
    trace = {
        "type": "heatmap",
        "x": list(x_labels),
        "y": list(y_labels),
        "z": [list(row) for row in z],
        "colorscale": [[0, "#f4f7f9"], [1, BRAND]],
        "xgap": 2,
        "ygap": 2,
        "showscale": False,
        "hovertemplate": f"%{{y}} · %{{x}}: %{{z}} {value_title}<extra></extra>",
    }
    layout = base_layout(
        height=max(260, 90 + 28 * len(y_labels)),
        xaxis={"automargin": True, "type": "category", "side": "top", "tickangle": -40},
        yaxis={"automargin": True, "type": "category", "autorange": "reversed"},
    )
    return {"data": [trace], "layout": layout}
