"""Both meeting packs printed to PDF in real Chromium, as a board member would print them: A4 portrait, nothing
past the page's right margin, the filters and data date on every page, charts and the map as static images,
and no empty trailing page. The PDF pages are rendered to PNG (pdftoppm) and kept in test-artifacts/."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

from portal.core.permissions import Role
from tests.browser.axe import axe_violations
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_dashboard_charts import _charts_drawn

pytestmark = [
    pytest.mark.browser,
    # scripts/test.sh installs poppler-utils (root only), as it installs Chromium.
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"),
]

A4_POINTS = (595, 842)  # width × height of a portrait A4 page in PDF points
DPI = 60
MARGIN_STRIP = 0.04  # the outer 4 % of the page (8 mm of the 12 mm side margins) must stay blank
# The pack: title and headline findings, background, three chart groups, the municipalities, extra findings and
# collaboration's sections: a page each, some on two.
PAGES = range(8, 16)


def _pdf_pages(pdf) -> list[Image.Image]:
    prefix = pdf.with_suffix("")
    for old in ARTIFACTS.glob(f"{prefix.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(path).convert("L") for path in sorted(ARTIFACTS.glob(f"{prefix.name}-*.png"))]


def _pdf_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]  # pdftotext ends every page with a form feed


def _looks_right_at_both_widths(visit, name: str) -> None:
    """No axe violation and no sideways scrolling, at 1280 and 390 px (screenshots in test-artifacts/)."""
    page = visit.page
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)  # plotly redraws for the new width
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        assert [violation.describe() for violation in axe_violations(page)] == [], width
        visit.screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def _blank(image: Image.Image) -> bool:
    return ImageChops.invert(image).point(lambda value: 255 if value > 24 else 0).getbbox() is None


@pytest.mark.parametrize(("audience", "role"), [("direktion", Role.STAFF), ("bestyrelse", Role.BOARD)])
def test_printed_meeting_pack_fits_a4_with_filters_on_every_page(visit, person, demo_data, audience, role):
    visit.sign_in(person(role))
    visit.open(f"/surveys/klyngesurvey-2023/moedepakke/{audience}/")
    page = visit.page
    _charts_drawn(page)
    _looks_right_at_both_widths(visit, f"screen-meeting-pack-{audience}")
    page.emulate_media(media="print")
    assert page.locator("#chart-map img.chart-print").is_visible()  # the map prints as a picture
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"meeting-pack-{audience}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)

    images = _pdf_pages(pdf)
    texts = _pdf_texts(pdf)
    assert len(images) == len(texts)
    assert len(images) in PAGES, len(images)
    for number, (image, text) in enumerate(zip(images, texts, strict=True), start=1):
        width, height = image.size
        assert abs(width / height - A4_POINTS[0] / A4_POINTS[1]) < 0.01, f"page {number} is not A4 portrait"
        strip = int(width * MARGIN_STRIP)
        assert _blank(image.crop((width - strip, 0, width, height))), (
            f"page {number}: content past the margin"
        )
        assert _blank(image.crop((0, 0, strip, height))), f"page {number}: content in the left margin"
        assert "Filtre: ingen" in text and "Data pr." in text, f"page {number} lacks filters/date"
        body = "\n".join(text.strip().splitlines()[1:])  # everything but the running header
        assert body.strip(), f"page {number} holds nothing but the running header"
    visit.assert_clean()


@pytest.mark.parametrize(
    "path", ["/klynger/landskab/?measure=gaps", "/samarbejde/daekning/?measure=agreements"]
)
def test_map_pages_draw_the_choropleth_offline(visit, person, demo_data, path):
    visit.sign_in(person(Role.BOARD))
    visit.open(path)
    _charts_drawn(visit.page)
    assert (
        visit.page.locator("#chart-map .choroplethlocation").count() == 11
    )  # plotly drew every municipality
    assert "Geodatastyrelsen & Danske Kommuner" in visit.page.locator(".map-attribution").inner_text()
    _looks_right_at_both_widths(visit, "map-" + path.strip("/").split("/")[1].split("?")[0])
    visit.assert_clean()
