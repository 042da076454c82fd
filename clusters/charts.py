"""Charts of the registry landscape, built from `clusters.selectors_landscape` output."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _

from clusters.models import Cluster, DevelopmentStage, EceiLabel
from clusters.selectors_landscape import MunicipalityCoverage
from portal.core.charts import Chart, bar_figure, base_layout

GAP_COLOURS = ("#2e7d32", "#e4a11b", "#e4a11b", "#b3261e")  # by number of gaps: none … all three


def _distribution_chart(
    key: str, title: str, clusters: Sequence[Cluster], value: Callable[[Cluster], str], order: Sequence[str]
) -> Chart:
    """How many clusters share each value, most first. Where no value is registered, or every value is a
    cluster's own, a bar chart would say nothing: the chart is not drawn and says so instead."""
    unknown = _("Ukendt")
    counts = Counter(value(cluster) or unknown for cluster in clusters)
    ranking = {label: index for index, label in enumerate(order)}
    labels = sorted(counts, key=lambda label: (-counts[label], ranking.get(label, len(ranking)), label))
    values = [counts[label] for label in labels]
    known = len(clusters) - counts[unknown]
    figure = bar_figure(labels, values, value_title=_("Klynger"))
    note = ""
    if not known:
        figure, labels, values = {}, [], []
        note = _("Ingen af de %(n)s klynger har fået registreret dette endnu.") % {"n": len(clusters)}
    elif all(count == 1 for label, count in counts.items() if label != unknown):
        figure = {}
        note = _("Hver af de %(n)s klynger med en værdi har sin egen; tabellen viser dem.") % {"n": known}
    return Chart(
        key=key,
        title=title,
        figure=figure,
        headers=(title, _("Klynger")),
        rows=list(zip(labels, values, strict=True)),
        note=note,
    )


def area_chart(clusters: Sequence[Cluster]) -> Chart:
    return _distribution_chart(
        "areas", _("Erhvervs- og teknologiområder"), clusters, lambda c: c.area_da, order=()
    )


def stage_chart(clusters: Sequence[Cluster]) -> Chart:
    return _distribution_chart(
        "stages",
        _("Udviklingstrin"),
        clusters,
        lambda c: c.get_development_stage_display() if c.development_stage else "",
        order=[str(label) for label in DevelopmentStage.labels],
    )


def label_chart(clusters: Sequence[Cluster]) -> Chart:
    return _distribution_chart(
        "labels",
        _("ECEI-label"),
        clusters,
        lambda c: c.get_ecei_label_display(),
        order=[str(label) for label in EceiLabel.labels],
    )


def coverage_map(rows: Sequence[MunicipalityCoverage]) -> Chart:
    """An offline map: a square marker at each municipality's seat (no tiles, no outline fetched from
    anywhere), coloured by how many coverage gaps it has."""
    placed = [
        row
        for row in rows
        if row.municipality.latitude is not None and row.municipality.longitude is not None
    ]
    hover = [
        _(
            "%(name)s<br>Klynger med kontor: %(offices)s<br>Klynger med medlemmer: %(members)s"
            "<br>Klynger med aktiv aftale: %(agreements)s<br>Klynger med aktiviteter: %(activities)s"
        )
        % {
            "name": row.municipality.display_name,
            "offices": row.office_clusters,
            "members": row.member_clusters,
            "agreements": row.agreement_clusters,
            "activities": row.activity_clusters,
        }
        for row in placed
    ]
    trace = {
        "type": "scatter",
        "mode": "markers+text",
        "x": [float(row.municipality.longitude) for row in placed],
        "y": [float(row.municipality.latitude) for row in placed],
        "text": [
            f"{row.municipality.name}<br>{row.office_clusters} · {row.member_clusters} · {row.agreement_clusters}"
            for row in placed
        ],
        "textposition": "bottom center",
        "hovertext": hover,
        "hoverinfo": "text",
        "marker": {
            "symbol": "square",
            "size": [22 + 4 * min(row.member_clusters, 6) for row in placed],
            "color": [GAP_COLOURS[len(row.gaps)] for row in placed],
            "line": {"color": "#ffffff", "width": 2},
        },
    }
    mean_latitude = sum(trace["y"]) / len(placed) if placed else 57.0
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    layout = base_layout(
        height=520,
        xaxis={**hidden_axis, "range": [8.4, 11.3]},
        yaxis={**hidden_axis, "scaleanchor": "x", "scaleratio": 1 / math.cos(math.radians(mean_latitude))},
        plot_bgcolor="#eef5f8",
    )
    return Chart(
        key="map",
        title=_("Nordjylland: kontorer, medlemmer og aftaler pr. kommune"),
        figure={"data": [trace], "layout": layout},
        headers=(
            _("Kommune"),
            _("Klynger med kontor"),
            _("Klynger med medlemmer"),
            _("Klynger med aktiv aftale"),
            _("Klynger med aktiviteter"),
            _("Huller i dækningen"),
        ),
        rows=[
            (
                row.municipality.display_name,
                row.office_clusters,
                row.member_clusters,
                row.agreement_clusters,
                row.activity_clusters,
                ", ".join(row.gaps) or "–",
            )
            for row in rows
        ],
        note=_(
            "Markørerne står ved kommunens administrationsby (koordinaterne er ikke verificeret). Tallene under "
            "navnet er klynger med kontor · med medlemmer · med aktiv aftale. Grøn: ingen huller; gul: et eller "
            "to huller; rød: intet kontor, ingen aftale og ingen aktivitet. Markørens størrelse følger antallet "
            "af klynger med medlemmer."
        ),
    )
