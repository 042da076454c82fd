"""The shared Excel writer (portal/xlsx.py): numbers stay numbers, text never becomes a formula."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from portal.xlsx import INTEGER, PERCENT_1, Column, Sheet, write_workbook

DANGEROUS = ['=HYPERLINK("http://evil.example","klik")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


def _roundtrip(sheet: Sheet):
    buffer = io.BytesIO()
    write_workbook(buffer, [sheet])
    buffer.seek(0)
    return load_workbook(buffer)[sheet.title]


def test_text_that_looks_like_a_formula_is_written_as_quoted_text():
    worksheet = _roundtrip(
        Sheet(
            title="Svar",
            columns=[Column("navn"), Column("antal", number_format=INTEGER)],
            rows=[[text, 1] for text in DANGEROUS],
        )
    )
    cells = [row[0] for row in worksheet.iter_rows(min_row=2)]
    # XML reads a bare carriage return back as a line feed; the text itself is kept.
    assert [cell.value for cell in cells] == [text.replace("\r", "\n") for text in DANGEROUS]
    assert all(cell.data_type == "s" for cell in cells)
    assert all(cell.quotePrefix for cell in cells)


def test_numbers_are_numeric_cells_with_danish_formats_and_the_header_block_is_frozen():
    worksheet = _roundtrip(
        Sheet(
            title="Nøgletal",
            columns=[
                Column("nøgle"),
                Column("værdi", number_format=INTEGER),
                Column("pct", number_format=PERCENT_1),
            ],
            rows=[["members_total", 1740, 92.3]],
            header_lines=["Filtre: ingen", "Dannet 24-11-2026 08:00"],
        )
    )
    assert worksheet["A1"].value == "Filtre: ingen"
    assert [cell.value for cell in worksheet[4]] == ["nøgle", "værdi", "pct"]
    assert worksheet.freeze_panes == "A5"
    assert worksheet.auto_filter.ref == "A4:C5"
    value, percent = worksheet["B5"], worksheet["C5"]
    assert (value.value, value.data_type, value.number_format) == (1740, "n", "#,##0")
    assert (percent.value, percent.number_format) == (92.3, "0.0")


@pytest.mark.parametrize("text", ["kontrol\x07tegn", "fin tekst"])
def test_control_characters_are_dropped_instead_of_breaking_the_file(text):
    worksheet = _roundtrip(Sheet(title="Ark", columns=[Column("x")], rows=[[text]]))
    assert worksheet["A2"].value == text.replace("\x07", "")
