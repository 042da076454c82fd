"""KPI progress charts: plotly figures as plain dicts, with the numbers as a table (portal.core.charts.Chart)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from collaboration.selectors import KpiProgress
from portal.core.charts import BRAND, PALETTE, Chart, base_layout


def _line(name: str, x: list, y: list, **style) -> dict:
    return {
        "type": "scatter",
        "name": name,
        "x": x,
        "y": y,
        "hovertemplate": f"{name}: %{{y}}<extra></extra>",
        **style,
    }


def kpi_chart(progress: KpiProgress) -> Chart:
    """The KPI's measurements over time, with its baseline and target as flat lines."""
    kpi = progress.kpi
    dates = [m.measured_on.isoformat() for m in progress.measurements]
    values = [float(m.value) for m in progress.measurements]
    span = dates if len(dates) > 1 else dates * 2
    data = [
        _line(
            _("Udgangspunkt"),
            span,
            [float(kpi.baseline)] * len(span),
            mode="lines",
            line={"dash": "dot", "color": PALETTE[6]},
        )
    ]
    if kpi.target is not None:
        data.append(
            _line(
                _("Mål"),
                span,
                [float(kpi.target)] * len(span),
                mode="lines",
                line={"dash": "dash", "color": PALETTE[2]},
            )
        )
    data.append(_line(_("Målt"), dates, values, mode="lines+markers", line={"color": BRAND}))
    layout = base_layout(
        height=300,
        showlegend=True,
        legend={"orientation": "h", "y": -0.25},
        xaxis={"type": "date", "automargin": True},
        yaxis={"title": {"text": kpi.unit}, "automargin": True, "gridcolor": "#e6edf2"},
    )
    rows = [
        [date_format(m.measured_on, "SHORT_DATE_FORMAT"), float(m.value), m.note or None]
        for m in progress.measurements
    ]
    return Chart(
        key=f"kpi-{kpi.pk}",
        title=f"{kpi.name} ({kpi.unit})",
        figure={"data": data, "layout": layout},
        headers=[_("Dato"), _("Værdi"), _("Note")],
        rows=rows,
    )
