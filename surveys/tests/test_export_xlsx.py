"""The shared Excel writer (portal/core/xlsx.py): numbers stay numbers, text never becomes a formula."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.core.xlsx import DATE, DECIMAL_1, INTEGER, PERCENT_1, Column, Sheet, write_workbook

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
            rows=[["members_total", 1740, 0.923]],
            header_lines=["Filtre: ingen", "Dannet 24-11-2026 08:00"],
        )
    )
    assert worksheet["A1"].value == "Filtre: ingen"
    assert [cell.value for cell in worksheet[4]] == ["nøgle", "værdi", "pct"]
    assert worksheet.freeze_panes == "A5"
    assert worksheet.auto_filter.ref == "A4:C5"
    value, percent = worksheet["B5"], worksheet["C5"]
    assert (value.value, value.data_type, value.number_format) == (1740, "n", "#,##0")
    assert (percent.value, percent.number_format) == (0.923, "0.0%")  # a real percentage: 92,3 %


def test_every_row_keeps_its_own_numbers_and_dates_in_formatted_columns():
    rows = [
        [1740, Decimal("0.67"), date(2026, 1, 5)],
        [None, Decimal("2.50"), None],
        [3, 1, date(2027, 12, 31)],
    ]
    worksheet = _roundtrip(
        Sheet(
            title="Ark",
            columns=[
                Column("antal", number_format=INTEGER),
                Column("point", number_format=DECIMAL_1),
                Column("dato", number_format=DATE),
            ],
            rows=rows,
        )
    )
    written = [[cell.value for cell in row] for row in worksheet.iter_rows(min_row=2)]
    assert written == [
        [1740, 0.67, datetime(2026, 1, 5)],
        [None, 2.5, None],
        [3, 1, datetime(2027, 12, 31)],
    ]
    formats = {
        (cell.number_format, cell.data_type)
        for row in worksheet.iter_rows(min_row=2)
        for cell in row
        if cell.value is not None
    }
    assert formats == {("#,##0", "n"), ("#,##0.0", "n"), ("dd-mm-yyyy", "d")}


def test_empty_text_is_an_empty_cell():
    buffer = io.BytesIO()
    write_workbook(buffer, [Sheet(title="Ark", columns=[Column("a"), Column("b")], rows=[["", "x"]])])
    with zipfile.ZipFile(buffer) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert 'r="A2"' not in sheet_xml and 'r="B2"' in sheet_xml


@pytest.mark.parametrize("text", ["kontrol\x07tegn", "fin tekst"])
def test_control_characters_are_dropped_instead_of_breaking_the_file(text):
    worksheet = _roundtrip(Sheet(title="Ark", columns=[Column("x")], rows=[[text]]))
    assert worksheet["A2"].value == text.replace("\x07", "")


def test_a_header_wider_than_its_column_wraps_in_a_row_tall_enough_for_it():
    worksheet = _roundtrip(
        Sheet(
            title="Klynger",
            columns=[Column("Klynge", width=30), Column("Kontorer i Nordjylland (register)", width=14)],
            rows=[["MADE", 1]],
        )
    )
    assert all(cell.alignment.wrap_text and cell.font.b for cell in worksheet[1])
    # "Kontorer i" / "Nordjylland" / "(register)": three lines of 15 points.
    assert worksheet.row_dimensions[1].height == 45
    assert worksheet.row_dimensions[2].height is None  # the data rows keep the default height


def test_headers_that_fit_leave_the_row_its_default_height():
    worksheet = _roundtrip(Sheet(title="Ark", columns=[Column("Klynge", width=30)], rows=[]))
    assert worksheet.row_dimensions[1].height is None
