"""Whatever an administrator typed: the payloads, and no Excel download holding a formula. The pages are
checked for unescaped text in `tests/test_page_sweep.py`, which opens every page as every role."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from portal.core.testing import ROLES
from portal.core.xlsx import FORMULA_PREFIXES, XLSX_CONTENT_TYPE
from tests.test_permission_matrix import ROUTES

# Breaks out of an attribute, a tag body and a <script> block (json_script) if anything is unescaped.
PAYLOAD = "\"'><script>alert(1)</script></script><img src=x onerror=alert(2)>"
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror", "</script><img")

USER_TEXT_APPS = ("clusters", "surveys", "collaboration")
# Identifiers that code and URLs rely on, not text a person reads.
IDENTIFIER_NAMES = {"code", "slug", "key", "cvr", "website", "email", "phone", "url", "unit", "value_code"}


def _is_free_text(field: models.Field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
        and not field.choices
        and not field.unique
        and field.name not in IDENTIFIER_NAMES
        and not field.name.endswith("_code")
        and not getattr(field.model._meta, "unique_together", None)
    )


def poison_user_text(poisoned: Callable[[str], str] = lambda text: f"{text} {PAYLOAD}") -> int:
    """Put a payload into every free-text field of every record of the portal's own apps (by default the
    markup payload after the text)."""
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label not in USER_TEXT_APPS or model.__name__.startswith("Historical"):
            continue
        fields = [field for field in model._meta.concrete_fields if _is_free_text(field)]
        for obj in model._base_manager.all():
            for field in fields:
                limit = field.max_length or 10_000
                setattr(obj, field.attname, poisoned(getattr(obj, field.attname) or "")[:limit])
            if fields:
                obj.save(update_fields=[field.name for field in fields])
                changed += 1
    return changed


SIGNED_IN_ROLES = [role for role in ROLES if role != "anonymous"]


def _urls_for(role: str, *, suffix: str = ""):
    """The GET routes `role` may open, as URLs (those whose path ends in `suffix`)."""
    for route in ROUTES:
        url = reverse(route.name, kwargs=route.kwargs()) + route.query
        if route.method == "get" and route.expect[role] == 200 and url.split("?")[0].endswith(suffix):
            yield url


# A spreadsheet reads text that starts like this as a formula; a link is what an attacker would plant.
FORMULA = '=HYPERLINK("http://x.example","y")'


def _unsafe_cells(workbook) -> list[tuple[str, str, object]]:
    """Cells a spreadsheet would evaluate: real formulas, and text starting like one without the quote
    prefix that portal.core.xlsx writes to keep it text."""
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value[:1] in FORMULA_PREFIXES and not cell.quotePrefix)
    ]


def test_every_excel_download_is_served_from_a_path_ending_in_xlsx():
    """The export sweep below finds the downloads by their path: keep Excel files at `….xlsx` URLs."""
    for route in ROUTES:
        if "xlsx" in route.name or "excel" in route.name:
            assert reverse(route.name, kwargs=route.kwargs()).endswith(".xlsx"), route.name


@pytest.mark.slow
@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_no_export_holds_a_formula_whatever_the_names_are(role, demo_data, client_for_role):
    """Every name, label and note starts with a formula; every Excel download of the role (the survey
    summary's staff and board editions with the collaboration sheets, the survey template) is scanned cell
    by cell, header rows included."""
    assert poison_user_text(lambda text: f"{FORMULA} {text}") > 13
    client = client_for_role(role)
    exports, unsafe, quoted_headers = 0, [], 0
    for url in _urls_for(role, suffix=".xlsx"):
        response = client.get(url)
        assert response["Content-Type"].startswith(XLSX_CONTENT_TYPE), url
        exports += 1
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        unsafe += [(url, *cell) for cell in _unsafe_cells(workbook)]
        for sheet in workbook.worksheets:
            header_row = int(sheet.auto_filter.ref.split(":")[0][1:]) if sheet.auto_filter.ref else 1
            quoted_headers += sum(1 for cell in sheet[header_row] if str(cell.value).startswith(FORMULA))
    assert exports >= 1, "every signed-in role downloads the survey summary"
    if role != "board":  # the board's edition has no per-municipality agreement sheet
        assert quoted_headers, "a name reached a header row (the Aftaler sheet's municipalities)"
    assert not unsafe, unsafe
