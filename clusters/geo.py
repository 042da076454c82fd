"""The eleven municipalities' boundaries (static/geo/nordjylland-kommuner.geojson, DAGI, keyed by kommunekode):
where the map draws them and where it writes each municipality's name."""

from __future__ import annotations

import json
from functools import cache
from itertools import pairwise

from django.conf import settings
from django.templatetags.static import static

BOUNDARIES = "geo/nordjylland-kommuner.geojson"
ATTRIBUTION = "Geodatastyrelsen & Danske Kommuner, DAGI"


def boundaries_url() -> str:
    """The file plotly.js fetches (same origin, so offline and within the page's content security policy)."""
    return static(BOUNDARIES)


@cache
def label_points() -> dict[int, tuple[float, float]]:
    """Per kommunekode, (longitude, latitude) of the centroid of its largest polygon: on land, away from
    the islets, where the map writes the name."""
    with open(settings.BASE_DIR / "static" / BOUNDARIES, encoding="utf-8") as file:
        features = json.load(file)["features"]
    return {
        int(feature["properties"]["kommunekode"]): _centroid(
            max(
                (polygon[0] for polygon in feature["geometry"]["coordinates"]),
                key=lambda ring: abs(_area(ring)),
            )
        )
        for feature in features
    }


def _area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _centroid(ring: list[list[float]]) -> tuple[float, float]:
    area = _area(ring)
    pairs = list(pairwise(ring))
    x = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    y = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    return round(x, 4), round(y, 4)
