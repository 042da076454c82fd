"""Charts of the registry landscape, built from `clusters.selectors_landscape` output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.geo import ATTRIBUTION, boundaries_url, label_points, map_picture
from clusters.models import Cluster, DevelopmentStage, EceiLabel
from clusters.selectors_landscape import MunicipalityCoverage
from portal.core.charts import BRAND, Chart, bar_figure, base_layout

MAP_LOW = "#eef3f6"  # the lightest fill of the map's scale (zero), still apart from the white page


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


@dataclass(frozen=True)
class MapMeasure:
    code: str
    label: str
    value: Callable[[MunicipalityCoverage], int]


MAP_MEASURES = {
    measure.code: measure
    for measure in (
        MapMeasure("offices", gettext_lazy("Klynger med kontor"), lambda row: row.office_clusters),
        MapMeasure(
            "agreements", gettext_lazy("Klynger med aktiv aftale"), lambda row: row.agreement_clusters
        ),
        MapMeasure(
            "activities", gettext_lazy("Klynger med lokaliseret aktivitet"), lambda row: row.activity_clusters
        ),
        MapMeasure("gaps", gettext_lazy("Huller i dækningen"), lambda row: len(row.gaps)),
    )
}
DEFAULT_MAP_MEASURE = "offices"


def map_context(rows: Sequence[MunicipalityCoverage], query: QueryDict) -> dict:
    """What `clusters/_map.html` reads: the map coloured by the measure `?measure=` names (offices when none),
    the measures to choose from, the page's other parameters to keep, and an error for an unknown measure."""
    asked = query.get("measure", "")
    measure = MAP_MEASURES.get(asked or DEFAULT_MAP_MEASURE, MAP_MEASURES[DEFAULT_MAP_MEASURE])
    error = ""
    if asked and asked != measure.code:
        error = _("Kortet kan ikke vise »%(asked)s«; det viser »%(shown)s«.") % {
            "asked": asked,
            "shown": measure.label,
        }
    return {
        "map_chart": coverage_map(rows, measure),
        "map_measures": MAP_MEASURES.values(),
        "map_measure": measure,
        "map_keep": [(name, value) for name, value in query.items() if name not in ("measure", "page")],
        "map_error": error,
        "map_attribution": ATTRIBUTION,
    }


def _hover(row: MunicipalityCoverage) -> str:
    return "<br>".join(
        [row.municipality.display_name]
        + [f"{measure.label}: {measure.value(row)}" for measure in MAP_MEASURES.values()]
    )


def _text_colour(value: int, top: int) -> str:
    """Dark text on light fills, white on dark ones: readable whatever the value."""
    return "#ffffff" if value > top / 2 else "#1b2631"


def _fill(value: int, top: int) -> str:
    """The map's colour scale (MAP_LOW at zero, BRAND at the top) at `value`."""
    low, high = (tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) for colour in (MAP_LOW, BRAND))
    share = value / top
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high, strict=True))


def coverage_map_picture(rows: Sequence[MunicipalityCoverage], measure: MapMeasure) -> bytes:
    """The map as a PNG, coloured and labelled as `coverage_map` draws it, for the PowerPoint deck."""
    top = max([1, *(measure.value(row) for row in rows)])
    return map_picture(
        {row.municipality.code: _fill(measure.value(row), top) for row in rows},
        {
            row.municipality.code: (
                f"{row.municipality.name}\n{measure.value(row)}",
                _text_colour(measure.value(row), top),
            )
            for row in rows
        },
    )


def coverage_map(rows: Sequence[MunicipalityCoverage], measure: MapMeasure) -> Chart:
    """A choropleth of the eleven municipalities (DAGI boundaries, no tiles: nothing fetched from another host),
    coloured by `measure`. Each municipality's name and number are written on it, so colour is never the only
    carrier of the figure, and the table beside it holds every measure."""
    values = [measure.value(row) for row in rows]
    top = max([1, *values])
    # the chosen measure first: the chart's one-sentence summary reads the first column of numbers
    columns = [measure, *(other for other in MAP_MEASURES.values() if other != measure)]
    points = label_points()
    placed = [row for row in rows if row.municipality.code in points]
    choropleth = {
        "type": "choropleth",
        "geojson": boundaries_url(),
        "featureidkey": "properties.kommunekode",
        "locations": [str(row.municipality.code) for row in rows],
        "z": values,
        "zmin": 0,
        "zmax": top,
        "colorscale": [[0, MAP_LOW], [1, BRAND]],
        "marker": {"line": {"color": "#ffffff", "width": 1.5}},
        # below the map, so the map keeps the whole width on a phone
        "colorbar": {
            "title": {"text": str(measure.label), "side": "top"},
            "orientation": "h",
            "y": -0.02,
            "yanchor": "top",
            "len": 0.6,
            "dtick": 1,
            "thickness": 10,
        },
        "hovertext": [_hover(row) for row in rows],
        "hoverinfo": "text",
    }
    names = {
        "type": "scattergeo",
        "mode": "text",
        "lon": [points[row.municipality.code][0] for row in placed],
        "lat": [points[row.municipality.code][1] for row in placed],
        "text": [f"{row.municipality.name}<br><b>{measure.value(row)}</b>" for row in placed],
        "textfont": {
            "size": 12,
            "color": [_text_colour(measure.value(row), top) for row in placed],
        },
        "hoverinfo": "skip",
    }
    layout = base_layout(
        height=560,
        margin={"l": 0, "r": 0, "t": 0, "b": 70},
        # a little room at the sides, so the names at the coast are not cut on a phone
        geo={
            "fitbounds": "locations",
            "visible": False,
            "projection": {"type": "mercator"},
            "domain": {"x": [0.04, 0.96]},
        },
    )
    return Chart(
        key="map",
        title=_("Nordjylland pr. kommune: %(measure)s") % {"measure": measure.label},
        figure={"data": [choropleth, names], "layout": layout},
        headers=(_("Kommune"), *(str(m.label) for m in columns)),
        rows=[(row.municipality.display_name, *(m.value(row) for m in columns)) for row in rows],
        note=_(
            "Farven og tallet under kommunens navn viser »%(measure)s«; tabellen har alle målene. Huller: intet "
            "klyngekontor, ingen aktiv aftale eller ingen lokaliseret aktivitet."
        )
        % {"measure": measure.label},
    )
