"""Excel workbooks written in openpyxl's write-only mode: constant memory, real numbers, no formulas.

Every export builds `Sheet`s and hands them to `write_workbook` (or `xlsx_response` in a view). A sheet
gets a header block (title, active filters, generation time), a bold column-header row with frozen panes
under it (a second one with the columns' codes where they have one), an autofilter over the data, column
widths and number formats ('#,##0' shows as 1.740 in a Danish Excel). Every sheet prints landscape, one page
wide, with the header rows repeated and the title, date and page numbers in its header and footer. Text that a spreadsheet could read as a formula (starting with =, +, -, @, tab or carriage
return) is written as a text cell with Excel's quote prefix, so it can never be evaluated.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from numbers import Number
from pathlib import Path
from typing import IO, NamedTuple

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

INTEGER = "#,##0"
DECIMAL_1 = "#,##0.0"
PERCENT_1 = "0.0%"  # a real fraction (0.923), shown as 92,3 % in a Danish Excel
DATE = "dd-mm-yyyy"
FORMULA_PREFIXES = frozenset("=+-@\t\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text that is a formula to a spreadsheet or holds characters xlsx cannot: one search finds both.
_TEXT_NEEDING_CARE = re.compile(
    rf"^[{re.escape(''.join(sorted(FORMULA_PREFIXES)))}]|{ILLEGAL_CHARACTERS_RE.pattern}"
)
_NUMBER_CLASSES = frozenset({int, float, Decimal})  # the common ones, without the slower isinstance
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None
    code: str = ""  # for machines: a second header row holds the codes when any column has one


class Formatted(NamedTuple):
    """A value with its own number format, where one column mixes formats (92,3 beside 1.740)."""

    value: object
    number_format: str


@dataclass
class Sheet:
    """One worksheet. `rows` may be any iterable (a generator keeps memory flat); each row is a sequence
    of cell values in column order: str, int, float, Decimal, date, bool or None."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    header_lines: Sequence[str] = field(default_factory=tuple)


def safe_text(value: str) -> str:
    """Strip the control characters the xlsx format cannot hold (openpyxl would refuse the whole file)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def sheet_title(title: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub("-", str(title))[:31] or "Ark"


def _plain_number(value):
    """A Decimal as a float: xlsx stores doubles anyway, and openpyxl converts a Decimal three times."""
    return float(value) if value.__class__ is Decimal else value


class _SheetWriter:
    """Turns plain rows into cells; styled cells only where a number format or a quote prefix is needed.

    A write-only worksheet serialises each row inside `append`, so one styled cell per column is reused
    from row to row instead of a new cell for every number: with most cells numeric, building cells
    was a third of the time of writing a sheet."""

    def __init__(self, worksheet, columns: Sequence[Column]):
        self.worksheet = worksheet
        self.column_cells = [
            self._cell(None, self._style(number_format=column.number_format))
            if column.number_format
            else None
            for column in columns
        ]
        self.quoted_style = self._style(quotePrefix=True)
        self.header_style = self._style(font=Font(bold=True))
        self.quoted_header_style = self._style(font=Font(bold=True), quotePrefix=True)
        self.format_styles: dict[str, object] = {}

    def _style(self, **attributes):
        template = WriteOnlyCell(self.worksheet)
        for name, value in attributes.items():
            setattr(template, name, value)
        return template._style

    def _cell(self, value, style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.worksheet, value)
        cell._style = style
        return cell

    def _text_cell(self, value: str, style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.worksheet, None)
        cell._value = value
        cell.data_type = "s"  # set after the value: openpyxl would otherwise infer 'f' for "=..."
        cell._style = style
        return cell

    def header(self, values: Iterable[str]) -> list:
        """Column headers: bold text cells, through the same check as every other text."""
        return [self.text(str(value), header=True) for value in values]

    def text(self, value: str, *, header: bool = False):
        """The one way text becomes a cell: quoted when a spreadsheet would read it as a formula, never a
        formula cell. Outside the header row plain text is a plain value and empty text an empty cell, as
        Excel has it (openpyxl would write an element for "")."""
        if _TEXT_NEEDING_CARE.search(value):
            value = safe_text(value)
            quoted = value[:1] in FORMULA_PREFIXES
        else:
            quoted = False
        if header:
            return self._text_cell(value, self.quoted_header_style if quoted else self.header_style)
        return self._text_cell(value, self.quoted_style) if quoted else value or None

    def formatted(self, value: Formatted) -> WriteOnlyCell:
        if value.number_format not in self.format_styles:
            self.format_styles[value.number_format] = self._style(number_format=value.number_format)
        return self._cell(_plain_number(value.value), self.format_styles[value.number_format])

    def row(self, values: Sequence) -> list:
        out = []
        for value, column_cell in zip(values, self.column_cells, strict=False):
            kind = value.__class__
            if kind is str:
                out.append(self.text(value))
            elif value is None or kind is bool:
                out.append(value)
            elif kind in _NUMBER_CLASSES:
                value = _plain_number(value)
                if column_cell is None:
                    out.append(value)
                else:
                    # What openpyxl's value setter would infer for a number, without its type lookups:
                    # most cells of a summary are numbers in a formatted column.
                    column_cell._value = value
                    column_cell.data_type = "n"
                    out.append(column_cell)
            elif isinstance(value, Number | date | time):
                if column_cell is None:
                    out.append(value)
                else:
                    column_cell.value = value  # a date also gets a date format if the column has none
                    out.append(column_cell)
            elif kind is Formatted:
                out.append(self.formatted(value))
            else:  # lazy translations and other objects: as text, never as a formula
                out.append(self.text(str(value)))
        return out


def _header_footer_text(text: str) -> str:
    """Plain text for an Excel header or footer, where '&' starts a code."""
    return safe_text(text).replace("&", "&&")[:200]


def _print_setup(worksheet, sheet: Sheet, first_header_row: int, last_header_row: int) -> None:
    """Landscape, one page wide, the column headers on every page; title, date and pages in the margins."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = 9  # A4
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.print_title_rows = f"{first_header_row}:{last_header_row}"
    title = sheet.header_lines[0] if sheet.header_lines else sheet.title
    worksheet.oddHeader.left.text = _header_footer_text(str(title))
    worksheet.oddHeader.right.text = _header_footer_text(sheet_title(sheet.title))
    worksheet.oddFooter.left.text = "&D"
    worksheet.oddFooter.right.text = _("Side &P af &N")


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet_title(sheet.title))
    writer = _SheetWriter(worksheet, sheet.columns)
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    lines = [line for line in sheet.header_lines if line]
    first_header_row = len(lines) + (2 if lines else 1)
    codes = [column.code for column in sheet.columns]
    header_row = first_header_row + (1 if any(codes) else 0)
    worksheet.freeze_panes = f"A{header_row + 1}"
    _print_setup(worksheet, sheet, first_header_row, header_row)
    for line in lines:
        worksheet.append(writer.row([line]))
    if lines:
        worksheet.append([])
    worksheet.append(writer.header(column.header for column in sheet.columns))
    if any(codes):
        worksheet.append(writer.header(codes))
    last_row = header_row
    for values in sheet.rows:
        worksheet.append(writer.row(values))
        last_row += 1
    last_column = get_column_letter(max(len(sheet.columns), 1))
    worksheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"


def write_workbook(target: str | Path | IO[bytes], sheets: Iterable[Sheet]) -> None:
    """Write `sheets` in order to `target` (a path or a binary file object), streaming row by row."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    if not workbook.worksheets:
        _write_sheet(workbook, Sheet(title="Ark", columns=[Column("")], rows=[]))
    workbook.save(target)


def xlsx_response(*, sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """Stream a workbook from a temporary file: the rows never sit in memory, and the file is removed
    when the response is closed."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        write_workbook(handle, sheets)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
