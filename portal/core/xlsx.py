"""Excel workbooks written with XlsxWriter in constant-memory mode: flat memory, real numbers, no formulas.

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
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from numbers import Number
from pathlib import Path
from typing import IO, NamedTuple

import xlsxwriter
from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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
HEADER_FOOTER_LIMIT = 255  # characters in an Excel header or footer, codes included
# A sheet title in a header: at most 31 characters, each '&' doubled.
SHEET_TITLE_IN_HEADER = 2 * 31
ROW_HEIGHT = 15  # points: a row of the default 11-point font
BOLD_WIDTH = 0.85  # the share of a column's width, in characters, that bold text fills


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


def _wrapped_lines(text: str, width: float) -> int:
    """The lines `text` takes wrapped at its spaces in a column `width` characters wide (bold characters
    run wider, hence the margin)."""
    return len(textwrap.wrap(text, max(int(width * BOLD_WIDTH), 1))) or 1


def _plain_number(value):
    """A Decimal as a float: xlsx stores doubles anyway."""
    return float(value) if value.__class__ is Decimal else value


class _SheetWriter:
    """Writes plain rows cell by cell, each value by its type: text is always written as text (never a
    formula), numbers and dates with their column's number format, and a format only where one is needed."""

    def __init__(self, formats: _Formats, worksheet, columns: Sequence[Column]):
        self.formats = formats
        self.worksheet = worksheet
        self.widths = [column.width for column in columns]
        self.column_formats = [formats.number(column.number_format) for column in columns]

    def header(self, row: int, values: Iterable[str]) -> None:
        """Column headers: bold text cells, through the same check as every other text, wrapped in a row
        tall enough for the longest (a spreadsheet does not grow a row to fit a file's wrapped text)."""
        values = [str(value) for value in values]
        lines = max(map(_wrapped_lines, values, self.widths), default=1)
        if lines > 1:
            self.worksheet.set_row(row, ROW_HEIGHT * lines)
        for column, value in enumerate(values):
            self.text(row, column, value, header=True)

    def text(self, row: int, column: int, value: str, *, header: bool = False) -> None:
        """The one way text becomes a cell: quoted when a spreadsheet would read it as a formula, never a
        formula cell. Outside the header row empty text is an empty cell, as Excel has it. A carriage
        return is a line feed, as any XML reader would read it; XlsxWriter would keep it as `_x000D_`."""
        if _TEXT_NEEDING_CARE.search(value):
            value = safe_text(value)
            quoted = value[:1] in FORMULA_PREFIXES
        else:
            quoted = False
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if header:
            cell_format = self.formats.quoted_header if quoted else self.formats.header
            self.worksheet.write_string(row, column, value, cell_format)
        elif quoted:
            self.worksheet.write_string(row, column, value, self.formats.quoted)
        elif value:
            self.worksheet.write_string(row, column, value)

    def row(self, row: int, values: Sequence) -> None:
        worksheet = self.worksheet
        for column, (value, column_format) in enumerate(zip(values, self.column_formats, strict=False)):
            kind = value.__class__
            if kind is str:
                self.text(row, column, value)
            elif value is None:
                continue
            elif kind is bool:
                worksheet.write_boolean(row, column, value)
            elif kind in _NUMBER_CLASSES or isinstance(value, Number):
                worksheet.write_number(row, column, _plain_number(value), column_format)
            elif isinstance(value, date | time):
                # A date needs a format to show as one; without a column format it gets the portal's.
                worksheet.write_datetime(row, column, value, column_format or self.formats.date)
            elif kind is Formatted:
                number_format = self.formats.number(value.number_format)
                worksheet.write_number(row, column, _plain_number(value.value), number_format)
            else:  # lazy translations and other objects: as text, never as a formula
                self.text(row, column, str(value))


class _Formats:
    """A workbook's cell formats, each made once."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self.workbook = workbook
        # Column headers wrap: a narrow number column ("Kontorer i Nordjylland") would cut its header off.
        self.header = workbook.add_format({"bold": True, "text_wrap": True})
        self.quoted_header = workbook.add_format({"bold": True, "text_wrap": True, "quote_prefix": True})
        self.quoted = workbook.add_format({"quote_prefix": True})
        self._numbers: dict[str, object] = {}
        self.date = self.number(DATE)

    def number(self, number_format: str | None):
        if number_format is None:
            return None
        if number_format not in self._numbers:
            self._numbers[number_format] = self.workbook.add_format({"num_format": number_format})
        return self._numbers[number_format]


def _header_footer_text(text: str, limit: int) -> str:
    """Plain text for an Excel header or footer, where '&' starts a code; a cut through an '&&' would leave
    a lone '&', so trailing ones go."""
    return safe_text(text).replace("&", "&&")[:limit].rstrip("&")


def _print_setup(worksheet, sheet: Sheet, first_header_row: int, last_header_row: int) -> None:
    """Landscape, one page wide, the column headers on every page; title, date and pages in the margins."""
    worksheet.set_landscape()
    worksheet.set_paper(9)  # A4
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(first_header_row - 1, last_header_row - 1)
    title = sheet.header_lines[0] if sheet.header_lines else sheet.title
    right = _header_footer_text(sheet_title(sheet.title), SHEET_TITLE_IN_HEADER)
    left = _header_footer_text(str(title), HEADER_FOOTER_LIMIT - len(right) - len("&L&R"))
    worksheet.set_header(f"&L{left}&R{right}")
    worksheet.set_footer("&L&D&R" + _("Side &P af &N"))


def _write_sheet(formats: _Formats, sheet: Sheet) -> None:
    worksheet = formats.workbook.add_worksheet(sheet_title(sheet.title))
    writer = _SheetWriter(formats, worksheet, sheet.columns)
    for index, column in enumerate(sheet.columns):
        worksheet.set_column(index, index, column.width)
    lines = [line for line in sheet.header_lines if line]
    first_header_row = len(lines) + (2 if lines else 1)
    codes = [column.code for column in sheet.columns]
    header_row = first_header_row + (1 if any(codes) else 0)
    worksheet.freeze_panes(f"A{header_row + 1}")
    _print_setup(worksheet, sheet, first_header_row, header_row)
    for index, line in enumerate(lines):
        writer.row(index, [line])
    writer.header(first_header_row - 1, (column.header for column in sheet.columns))
    if any(codes):
        writer.header(header_row - 1, codes)
    last_row = header_row
    for values in sheet.rows:
        writer.row(last_row, values)
        last_row += 1
    worksheet.autofilter(header_row - 1, 0, last_row - 1, max(len(sheet.columns), 1) - 1)


def write_workbook(target: str | Path | IO[bytes], sheets: Iterable[Sheet]) -> None:
    """Write `sheets` in order to `target` (a path or a binary file object), streaming row by row.

    XlsxWriter in constant-memory mode writes each row out as the next one starts, so memory stays flat
    however many rows there are. Values are written by type (`write_string`, `write_number`, ...), so no
    string is read as a formula, a number or a link; the two options keep even a plain `write()` so."""
    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    formats = _Formats(workbook)
    for sheet in sheets:
        _write_sheet(formats, sheet)
    if not workbook.worksheets():
        _write_sheet(formats, Sheet(title="Ark", columns=[Column("")], rows=[]))
    workbook.close()


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
