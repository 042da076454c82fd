"""Reading a SurveyXact dataset export (../shared/surveyxact.md) into three plain tables.

An export is one `.xlsx` (sheets Dataset, Structure, Labels; a wide Dataset split over Dataset(1), Dataset(2), …)
or the CSV triple dataset.csv, structure.csv, labels.csv in a `.zip` or a folder. Every cell becomes a stripped
string, so the dialects (UTF-16 with TAB, cp1252 with `;` or `,`, UTF-8, xlsx) give the same tables.
Numbers written with a decimal comma (`;` files) are read with a point; a blank cell is "".
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import openpyxl
from defusedxml import ElementTree as defused_tree
from django.conf import settings
from django.utils.translation import gettext as _

from surveys.excel_import import FileRejected, check_row_count, check_zip, file_issue

DATASET, STRUCTURE, LABELS = "dataset", "structure", "labels"
STRUCTURE_HEADER = (
    "questionName",
    "variableName",
    "questionType",
    "subType",
    "questionText",
    "choiceValue",
    "choiceText",
)
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_DATASET_PART = re.compile(r"dataset(\((\d+)\))?", re.IGNORECASE)


@dataclass(frozen=True)
class Variable:
    """One row of Structure: a Dataset column and the question it belongs to."""

    question: str  # questionName: the long, stable name
    name: str  # variableName: the Dataset column (maybe cut to eight characters)
    question_type: str  # Closed or Open
    sub_type: str  # Single, Multiple, String, Double or Date
    text: str
    choice_value: str = ""  # multiple choice: the option's stable id
    choice_text: str = ""


@dataclass
class Export:
    columns: list[str]  # Dataset's header: variable names
    rows: list[dict[str, str]]  # one per respondent: variable name → cell
    variables: list[Variable]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # variable → value → label (stripped)

    def __post_init__(self) -> None:
        self.by_name = {variable.name: variable for variable in self.variables}
        self.by_question: dict[str, list[Variable]] = {}
        for variable in self.variables:
            self.by_question.setdefault(variable.question, []).append(variable)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _decode(data: bytes, name: str) -> str:
    """The text of a CSV file: the encoding from its BOM, else UTF-8, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise file_issue(
                name, _("Filen kan ikke læses som tekst (UTF-16, UTF-8 eller Windows-1252).")
            ) from None


def _csv_rows(data: bytes, name: str) -> list[list[str]]:
    text = _decode(data, name)
    first_line = text.split("\n", 1)[0]
    separator = max(("\t", ";", ","), key=first_line.count)
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
        cells = [cell.strip() for cell in row]
        if separator == ";":
            cells = [cell.replace(",", ".") if _DECIMAL_COMMA.fullmatch(cell) else cell for cell in cells]
        rows.append(cells)
    return rows


def _structure(rows: list[list[str]], name: str) -> list[Variable]:
    header = [cell for cell in rows[0]] if rows else []
    while header and not header[-1]:  # some exports add an empty last column
        header.pop()
    if tuple(header) != STRUCTURE_HEADER:
        raise file_issue(
            name,
            _("Structure skal have overskriften %(header)s.") % {"header": ";".join(STRUCTURE_HEADER)},
        )
    width = len(STRUCTURE_HEADER)
    return [Variable(*(row + [""] * width)[:width]) for row in rows[1:] if any(row)]


def _labels(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in rows:
        if len(row) >= 3 and row[0]:
            labels.setdefault(row[0], {})[row[1]] = " ".join(row[2].split())
    return labels


def _export(tables: dict[str, list[list[str]]], name: str) -> Export:
    for table in (DATASET, STRUCTURE, LABELS):
        if table not in tables:
            raise file_issue(name, _("Eksporten mangler tabellen %(table)s.") % {"table": table.capitalize()})
    dataset = tables[DATASET]
    if not dataset or not any(dataset[0]):
        raise file_issue(name, _("Dataset er tomt: første række skal indeholde variabelnavnene."))
    columns = dataset[0]
    while columns and not columns[-1]:
        columns = columns[:-1]
    rows = [
        {column: (row[index] if index < len(row) else "") for index, column in enumerate(columns) if column}
        for row in dataset[1:]
        if any(row)
    ]
    return Export(
        columns=[column for column in columns if column],
        rows=rows,
        variables=_structure(tables[STRUCTURE], name),
        labels=_labels(tables[LABELS]),
    )


def _xlsx_tables(data: bytes, name: str) -> dict[str, list[list[str]]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook; each means the same to the user
        raise file_issue(name, _("Filen kunne ikke læses som en Excel-projektmappe.")) from None
    try:
        tables: dict[str, list[list[str]]] = {}
        parts: list[tuple[int, list[list[str]]]] = []
        for worksheet in workbook.worksheets:
            rows = [[_cell(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
            title = worksheet.title.strip()
            if match := _DATASET_PART.fullmatch(title):
                parts.append((int(match.group(2) or 0), rows))
            elif title.lower() in (STRUCTURE, LABELS):
                tables[title.lower()] = rows
        if parts:
            tables[DATASET] = _side_by_side(
                [rows for _order, rows in sorted(parts, key=lambda part: part[0])]
            )
        return tables
    finally:
        workbook.close()


def _side_by_side(parts: list[list[list[str]]]) -> list[list[str]]:
    """Dataset(1), Dataset(2), … joined on row order."""
    widths = [max((len(row) for row in part), default=0) for part in parts]
    height = max(len(part) for part in parts)
    return [
        [
            cell
            for part, width in zip(parts, widths, strict=True)
            for cell in ((part[index] if index < len(part) else []) + [""] * width)[:width]
        ]
        for index in range(height)
    ]


def _zip_tables(data: bytes, name: str) -> dict[str, list[list[str]]]:
    tables = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            table = Path(entry.filename).stem.lower()
            if table in (DATASET, STRUCTURE, LABELS) and entry.filename.lower().endswith(".csv"):
                tables[table] = _csv_rows(archive.read(entry), entry.filename)
    return tables


def _folder_tables(folder: Path) -> dict[str, list[list[str]]]:
    tables = {}
    for path in folder.iterdir():
        table = path.stem.lower()
        if path.suffix.lower() == ".csv" and table in (DATASET, STRUCTURE, LABELS):
            if path.stat().st_size > settings.SURVEY_IMPORT_MAX_BYTES:
                raise file_issue(path.name, _("Filen er for stor."))
            tables[table] = _csv_rows(path.read_bytes(), path.name)
    return tables


def _dataset_sheet_paths(archive: zipfile.ZipFile) -> frozenset[str]:
    """The archive paths of the workbook's Dataset sheets, from workbook.xml and its relationships."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        sheets = defused_tree.fromstring(archive.read("xl/workbook.xml")).iter(f"{main}sheet")
        wanted = {
            sheet.get(relation) for sheet in sheets if _DATASET_PART.fullmatch(sheet.get("name", "").strip())
        }
        links = defused_tree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, defused_tree.ParseError):
        return frozenset()  # openpyxl will say what is wrong with the workbook
    return frozenset(
        target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        for link in links
        if link.get("Id") in wanted and (target := link.get("Target", ""))
    )


def export_read(
    data: bytes | Path, name: str = "", size: int | None = None, max_rows: int | None = None
) -> Export:
    """Read an export from xlsx or zip bytes (cut at the size limit; `size` the real size) or a folder.

    An xlsx whose Dataset has more than `max_rows` respondents is refused before openpyxl opens it.
    Raises FileRejected with one issue when the file is not a readable export.
    """
    if isinstance(data, Path):
        return _export(_folder_tables(data), data.name)
    lower = name.lower()
    if name and not lower.endswith((".xlsx", ".zip")):
        raise file_issue(name, _("Eksporten skal være en .xlsx-fil eller en .zip med de tre CSV-filer."))
    check_zip(data, name, size)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        is_workbook = "xl/workbook.xml" in archive.namelist()
        datasets = _dataset_sheet_paths(archive) if is_workbook and max_rows is not None else None
    if datasets:
        check_row_count(data, name, max_rows + 1, sheets=datasets)
    return _export(_xlsx_tables(data, name) if is_workbook else _zip_tables(data, name), name)


__all__ = ["Export", "FileRejected", "Variable", "export_read"]
