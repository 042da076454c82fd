"""Survey fixtures: the reference survey (no answers), the demo survey, and filled Excel files."""

from __future__ import annotations

import io

import openpyxl
import pytest

from surveys.excel_template import CODE_ROW, survey_template_write
from surveys.models import Survey


@pytest.fixture
def survey(reference_data) -> Survey:
    return Survey.objects.select_related("questionnaire").get(slug="klyngesurvey-2023")


@pytest.fixture
def demo_survey(demo_data) -> Survey:
    return Survey.objects.select_related("questionnaire").get(slug="klyngesurvey-2023")


def filled_template(survey: Survey, rows: dict[str, dict[str, object]], header_edit=None) -> bytes:
    """The survey's template with `rows` ({cluster slug: {column code: value}}) filled in, as xlsx bytes.

    The template comes pre-filled with the portal's answers; `rows` changes only the cells it names."""
    blank = io.BytesIO()
    survey_template_write(survey=survey, file=blank)
    workbook = openpyxl.load_workbook(io.BytesIO(blank.getvalue()))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[CODE_ROW]]
    row_of = {
        sheet.cell(row=number, column=1).value: number for number in range(CODE_ROW + 1, sheet.max_row + 1)
    }
    for slug, values in rows.items():
        if slug not in row_of:
            row_of[slug] = sheet.max_row + 1
            sheet.cell(row=row_of[slug], column=1, value=slug)
        for code, value in values.items():
            sheet.cell(row=row_of[slug], column=header.index(code) + 1).value = value  # None clears the cell
    if header_edit:
        header_edit(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def fill():
    return filled_template
