"""The eleven municipalities' boundaries (static/geo/nordjylland-kommuner.geojson, DAGI, keyed by kommunekode):
where the map draws them and where it writes each municipality's name."""

from __future__ import annotations

import io
import json
import math
from functools import cache
from itertools import pairwise

from django.conf import settings
from django.templatetags.static import static
from PIL import Image, ImageDraw, ImageFont

BOUNDARIES = "geo/nordjylland-kommuner.geojson"
ATTRIBUTION = "Geodatastyrelsen & Danske Kommuner, DAGI"


def boundaries_url() -> str:
    """The file plotly.js fetches (same origin, so offline and within the page's content security policy)."""
    return static(BOUNDARIES)


@cache
def _outer_rings() -> dict[int, list[list[list[float]]]]:
    """Per kommunekode, the outer ring of each of its polygons (islands included), as [longitude, latitude]."""
    with open(settings.BASE_DIR / "static" / BOUNDARIES, encoding="utf-8") as file:
        features = json.load(file)["features"]
    return {
        int(feature["properties"]["kommunekode"]): [
            polygon[0] for polygon in feature["geometry"]["coordinates"]
        ]
        for feature in features
    }


@cache
def label_points() -> dict[int, tuple[float, float]]:
    """Per kommunekode, (longitude, latitude) of the centroid of its largest polygon: on land, away from
    the islets, where the map writes the name."""
    return {
        code: _centroid(max(rings, key=lambda ring: abs(_area(ring))))
        for code, rings in _outer_rings().items()
    }


def map_picture(fills: dict[int, str], labels: dict[int, tuple[str, str]], *, width: int = 1400) -> bytes:
    """A PNG of the municipalities (for the PowerPoint deck, which cannot run plotly.js): each filled with its
    colour in `fills` (hex) and labelled with its (text, text colour) in `labels`, by kommunekode."""
    rings = _outer_rings()
    points = [point for shapes in rings.values() for ring in shapes for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    stretch = math.cos(math.radians((south + north) / 2))  # degrees of longitude are shorter up north
    pad = width * 0.03
    scale = (width - 2 * pad) / ((east - west) * stretch)
    height = int((north - south) * scale + 2 * pad)

    def place(lon: float, lat: float) -> tuple[float, float]:
        return pad + (lon - west) * stretch * scale, pad + (north - lat) * scale

    image = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    for code, shapes in rings.items():
        for ring in shapes:
            draw.polygon(
                [place(*point) for point in ring], fill=fills.get(code, "#ffffff"), outline="#ffffff"
            )
    font = _font(width // 50)
    for code, (text, colour) in labels.items():
        if code in label_points():
            draw.multiline_text(
                place(*label_points()[code]), text, fill=colour, font=font, anchor="mm", align="center"
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (Pillow finds it among the system's fonts) for æ, ø and å; Pillow's own font, which lacks
    them, only where it is not installed."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _centroid(ring: list[list[float]]) -> tuple[float, float]:
    area = _area(ring)
    pairs = list(pairwise(ring))
    x = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    y = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    return round(x, 4), round(y, 4)
