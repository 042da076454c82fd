"""Reading a filled Excel template (`surveys.excel_template`): file checks, parsing, and every issue found.

Reading checks the file before openpyxl opens it (size, zip entry count and uncompressed size), then parses
every cell into typed answers, collecting every error with sheet, row, column, value and reason.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time

import openpyxl
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from surveys.excel_template import ANSWER_SHEET, CLUSTER, ESTIMATE, STATUS, TemplateColumn, columns
from surveys.models import Question, QuestionType, ResponseStatus
from surveys.schema import Answers, AnswerValue, Schema

logger = logging.getLogger(__name__)
TRUE_WORDS = frozenset({"1", "x", "ja", "yes"})
FALSE_WORDS = frozenset({"0", "nej", "no"})
MAX_INT = 2_147_483_647  # the largest whole number every supported database stores
MAX_ERRORS = 200  # errors listed; the rest are counted, so a hopeless file gives a short answer
_WHOLE = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*[.,]\d+")


@dataclass(frozen=True)
class ImportIssue:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str
    respondent: str = ""  # SurveyXact: the respondentid and cluster of the row

    def __str__(self) -> str:
        place = " · ".join(
            part
            for part in (
                self.sheet and _("ark %(sheet)s") % {"sheet": self.sheet},
                self.respondent and _("respondent %(respondent)s") % {"respondent": self.respondent},
                self.row and _("række %(row)s") % {"row": self.row},
                self.column and _("kolonne %(column)s") % {"column": self.column},
                self.value and _("værdi «%(value)s»") % {"value": self.value},
            )
            if part
        )
        return f"{place}: {self.message}" if place else self.message


@dataclass
class ParsedRow:
    row: int
    cluster_slug: str
    status: str
    answers: Answers
    source: str = ""  # recorded in the response's history (SurveyXact: the respondentid)


@dataclass
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # slugs of blank rows (no status, no answers): untouched
    clusters: dict[str, int] = field(default_factory=dict)  # every cluster slug in the sheet → its first row
    errors: list[ImportIssue] = field(default_factory=list)
    notes: list[ImportIssue] = field(default_factory=list)  # worth knowing, but no reason to refuse the file
    sheet: str = ANSWER_SHEET  # where the rows are, and the column naming their cluster
    cluster_column: str = CLUSTER
    errors_not_shown: int = 0  # errors beyond the first MAX_ERRORS: only counted

    def add_error(self, issue: ImportIssue) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(issue)
        else:
            self.errors_not_shown += 1

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_not_shown


class FileRejected(Exception):
    def __init__(self, issue: ImportIssue):
        super().__init__(issue.message)
        self.issue = issue


def file_issue(name: str, message: str) -> FileRejected:
    return FileRejected(ImportIssue(sheet="", row=None, column="", value=name, message=message))


def check_archive(data: bytes, name: str = "", size: int | None = None) -> None:
    """Refuse anything that is not a reasonably sized xlsx archive, before openpyxl opens it.

    `size` is the file's real size when `data` may have been cut short at the limit.
    """
    if name and not name.lower().endswith(".xlsx"):
        raise file_issue(name, _("Filen skal være en Excel-fil af typen .xlsx."))
    entries = check_zip(data, name, size)
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise file_issue(name, _("Filen er ikke en Excel-projektmappe (.xlsx)."))


def check_zip(data: bytes, name: str = "", size: int | None = None) -> list[zipfile.ZipInfo]:
    """Refuse anything that is not a reasonably sized zip archive (an xlsx is one); its entries."""
    size = len(data) if size is None else size
    if size > settings.SURVEY_IMPORT_MAX_BYTES:
        raise file_issue(
            name,
            _("Filen er for stor (%(size)s byte; højst %(limit)s byte).")
            % {"size": size, "limit": settings.SURVEY_IMPORT_MAX_BYTES},
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise file_issue(
            name, _("Filen er ikke en rigtig Excel-fil (.xlsx), selv om den måske hedder sådan.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise file_issue(
            name, _("Filen er ikke en rigtig Excel-fil (.xlsx): arkivet er beskadiget.")
        ) from None
    if len(entries) > settings.SURVEY_IMPORT_MAX_ENTRIES:
        raise file_issue(
            name,
            _("Filen indeholder for mange dele (%(count)s; højst %(limit)s) og åbnes ikke.")
            % {"count": len(entries), "limit": settings.SURVEY_IMPORT_MAX_ENTRIES},
        )
    # zipfile never inflates an entry beyond its declared size, so the declared sizes bound the work.
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > settings.SURVEY_IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise file_issue(
            name,
            _("Filen fylder for meget udpakket (%(size)s byte; højst %(limit)s byte) og åbnes ikke.")
            % {"size": unpacked, "limit": settings.SURVEY_IMPORT_MAX_UNCOMPRESSED_BYTES},
        )
    return entries


def read(
    data: bytes, schema: Schema, name: str = "", size: int | None = None, max_rows: int | None = None
) -> ParsedFile:
    """Parse the first sheet of a filled template. File-level problems come back as one error.

    A sheet of more than `max_rows` rows (far more than the invited clusters) is refused before it is read.
    """
    unreadable = ParsedFile(
        errors=[file_issue(name, _("Filen kunne ikke læses som en Excel-projektmappe.")).issue]
    )
    try:
        check_archive(data, name, size)
        if max_rows is not None:
            check_row_count(data, name, max_rows + HEADER_ROWS)
        # Not data_only: a formula must be seen as one (its cached value may be missing or stale).
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileRejected as rejected:
        return ParsedFile(errors=[rejected.issue])
    except Exception:  # openpyxl raises many kinds for a broken workbook; each means the same to the user
        return unreadable
    try:
        worksheet = workbook.worksheets[0]
        return _Reader(schema, worksheet.title).parse(_cell_values(worksheet))
    except Exception:  # a sheet openpyxl cannot read to the end; logged in case the fault is ours
        logger.warning("survey import: unreadable worksheet in %r", name, exc_info=True)
        return unreadable
    finally:
        workbook.close()


HEADER_ROWS = 2
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def check_row_count(data: bytes, name: str, limit: int, sheets: frozenset[str] | None = None) -> None:
    """Refuse a workbook with a sheet of more than `limit` rows before openpyxl opens it: openpyxl reads a
    whole sheet just to size it. The sheet's XML is inflated in chunks and only until the limit is passed.
    `sheets`: the archive paths of the sheets to count (default: every worksheet)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            if not (entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")):
                continue
            if sheets is not None and entry.filename not in sheets:
                continue
            rows, tail = 0, b""
            with archive.open(entry) as sheet:
                while chunk := sheet.read(256 * 1024):
                    window = tail + chunk
                    rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                    tail = window[-16:]
                    if rows > limit:
                        raise file_issue(
                            name,
                            _(
                                "Et ark har flere end %(count)s rækker, langt flere end de inviterede klynger; "
                                "filen læses ikke."
                            )
                            % {"count": limit},
                        )


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: refused, since its value is whatever Excel last computed, if anything."""

    coordinate: str


def _cell_values(worksheet) -> Iterator[tuple]:
    for row in worksheet.iter_rows():
        yield tuple(
            Formula(cell.coordinate) if cell.data_type == "f" else getattr(cell, "value", None)
            for cell in row
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _CellError(ValueError):
    pass


def _flag(value) -> bool | None:
    """A yes/no cell: True, False or None (blank)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _CellError(_("Skal være 1/0, ja/nej, yes/no eller x."))


def _whole_number(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool | date | time):
        raise _CellError(_("Skal være et helt tal."))
    if isinstance(value, float):
        if not value.is_integer():
            raise _CellError(_("Skal være et helt tal uden decimaler."))
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if _DECIMAL.fullmatch(text):
            raise _CellError(_("Skal være et helt tal uden decimaler eller tusindtalsadskiller."))
        if not _WHOLE.fullmatch(text):
            raise _CellError(_("Er ikke et tal."))
        value = int(text)
    if not isinstance(value, int):
        raise _CellError(_("Er ikke et tal."))
    if value < 0:
        raise _CellError(_("Må ikke være negativt."))
    if value > MAX_INT:
        raise _CellError(_("Er for stort."))
    return value


def _status_labels() -> dict[str, str]:
    """Each status by its label in every language, lower-cased: a Danish template imports whatever language
    the administrator's pages are in."""
    labels = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels |= {str(label).lower(): value for value, label in ResponseStatus.choices}
    return labels


class _Reader:
    def __init__(self, schema: Schema, sheet: str):
        self.schema = schema
        self.sheet = sheet
        self.layout = {column.code: column for column in columns(schema)}
        self.statuses = {value: value for value in ResponseStatus.values} | _status_labels()
        self.option_words = {
            question.code: {option.code.lower(): option.code for option in question.option_list}
            | {option.label_da.lower(): option.code for option in question.option_list}
            for question in schema.questions
            if question.type == QuestionType.SINGLE_CHOICE
        }
        self.result = ParsedFile()

    def error(self, row: int | None, column: str, value, message: str) -> None:
        self.result.add_error(ImportIssue(self.sheet, row, column, _text(value)[:100], message))

    def parse(self, rows: Iterator[tuple]) -> ParsedFile:
        header, self.header_row = next(rows, None), 1
        if header is not None and CLUSTER not in {_text(cell) for cell in header}:
            # Row 1 holds the question texts and row 2 the codes; files of the older format have codes in row 1.
            second = next(rows, None)
            if second is not None and CLUSTER in {_text(cell) for cell in second}:
                header, self.header_row = second, 2
            elif second is not None:
                rows = itertools.chain([second], rows)
        if header is None or not any(_text(cell) for cell in header):
            self.error(1, "", "", _("Arket er tomt: række 2 (eller 1) skal indeholde kolonnernes koder."))
            return self.result
        if not self._header(header):
            return self.result
        data_rows = 0
        for number, row in enumerate(rows, start=self.header_row + 1):
            if not any(cell is not None and cell != "" for cell in row):
                continue
            data_rows += 1
            self._row(number, row)
        if not data_rows and not self.result.errors:
            self.error(None, "", "", _("Arket har ingen rækker med klynger under overskriftsrækken."))
        return self.result

    def _without_formulas(self, number: int, row: tuple) -> tuple:
        """The row with every formula cell reported (naming the cell) and read as blank."""
        if not any(isinstance(cell, Formula) for cell in row):
            return row
        codes = {index: code for code, index in self.positions.items()}
        for index, cell in enumerate(row):
            if isinstance(cell, Formula):
                self.error(
                    number,
                    codes.get(index, f"#{index + 1}"),
                    cell.coordinate,
                    _("Cellen %(cell)s indeholder en formel: formler er ikke tilladt; skriv værdien.")
                    % {"cell": cell.coordinate},
                )
        return tuple(None if isinstance(cell, Formula) else cell for cell in row)

    def _header(self, header: tuple) -> bool:
        """Check the code row and work out, once for the whole sheet, which cell of a row each column reads."""
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            code = _text(cell)
            if not code:
                continue
            if code in positions:
                self.error(self.header_row, code, code, _("Kolonnen står mere end én gang."))
            elif code not in self.layout:
                self.error(
                    self.header_row,
                    code,
                    code,
                    _("Ukendt kolonne: ingen spørgsmål eller svarmulighed har denne kode."),
                )
            else:
                positions[code] = index
        for required in (CLUSTER, STATUS):
            if required not in positions:
                self.error(
                    self.header_row, required, "", _("Kolonnen «%(code)s» mangler.") % {"code": required}
                )
        if self.result.errors:
            return False
        self.positions = positions
        self.unnamed = [index for index, cell in enumerate(header) if not _text(cell)]
        answer_columns = [(index, self.layout[code]) for code, index in positions.items()]
        self.answer_columns = [
            (index, column, self._parser(column))
            for index, column in answer_columns
            if column.question is not None
        ]
        return True

    def _cell(self, row: tuple, code: str):
        index = self.positions.get(code)
        return row[index] if index is not None and index < len(row) else None

    def _row(self, number: int, row: tuple) -> None:
        errors_before = self.result.error_count
        row = self._without_formulas(number, row)  # a refused cell is not also reported as missing
        seen = self.result.clusters
        for index in self.unnamed:
            if index < len(row) and _text(row[index]):
                self.error(
                    number,
                    f"#{index + 1}",
                    row[index],
                    _("Cellen står i en kolonne uden kode i kodernes række."),
                )
        slug = _text(self._cell(row, CLUSTER))
        if not slug:
            self.error(number, CLUSTER, "", _("Rækken mangler klyngens kort navn."))
        elif slug in seen:
            self.error(number, CLUSTER, slug, _("Klyngen står også i række %(row)s.") % {"row": seen[slug]})
        else:
            seen[slug] = number
        status_text = _text(self._cell(row, STATUS))
        status = self.statuses.get(status_text.lower()) if status_text else None
        if status_text and status is None:
            self.error(
                number, STATUS, status_text, _("Ukendt status. Brug not_started, partial eller completed.")
            )
        answers, chosen, estimates = self._answers(number, row)
        answered = bool(answers) or any(chosen.values()) or bool(estimates)
        if not status_text:
            if answered:
                self.error(number, STATUS, "", _("Rækken har svar, men ingen status."))
            elif slug and self.result.error_count == errors_before:
                self.result.skipped.append(slug)
            return
        if status == ResponseStatus.NOT_STARTED and answered:
            self.error(number, STATUS, status_text, _("Rækken har svar, men status er «Ikke besvaret»."))
        answers |= {code: AnswerValue(frozenset(options)) for code, options in chosen.items()}
        for code in estimates:
            if code not in answers:
                self.error(
                    number, f"{code}:{ESTIMATE}", "x", _("Markeret som estimat, men der er intet tal.")
                )
            else:
                answers[code] = AnswerValue(answers[code].value, True)
        violations = self.schema.violations(answers)
        if status == ResponseStatus.COMPLETED and self.result.error_count == errors_before:
            violations += self.schema.missing_required(answers)  # not also for a cell already refused
        for violation in violations:
            self.error(
                number, violation.question_code, self._cell(row, violation.question_code), violation.message
            )
        if self.result.error_count == errors_before and status is not None:
            self.result.rows.append(
                ParsedRow(number, slug, status, {} if status == ResponseStatus.NOT_STARTED else answers)
            )

    def _answers(self, number: int, row: tuple) -> tuple[Answers, dict[str, set[str]], set[str]]:
        answers: Answers = {}
        # A multiple-choice question is answered once any of its option cells is filled (a 0 is "not this
        # one"); with every option cell blank it is unanswered, not "none chosen".
        chosen: dict[str, set[str]] = {}
        estimates: set[str] = set()
        width = len(row)
        for index, column, parse in self.answer_columns:
            value = row[index] if index < width else None
            if value is None:  # blank: every kind of column reads it as unanswered or not chosen
                continue
            try:
                parsed = parse(value)
            except _CellError as problem:
                self.error(number, column.code, value, str(problem))
                continue
            if column.option_code:
                options = chosen.setdefault(column.question.code, set())
                if parsed:
                    options.add(column.option_code)
            elif column.is_estimate:
                if parsed:
                    estimates.add(column.question.code)
            elif parsed is not None:
                answers[column.question.code] = AnswerValue(parsed)
        return answers, chosen, estimates

    def _parser(self, column: TemplateColumn) -> Callable:
        """How a cell of `column` becomes its value (None: unanswered); option and estimate columns are flags."""
        question = column.question
        if column.option_code or column.is_estimate:
            return _flag
        return {
            QuestionType.YES_NO: _flag,
            QuestionType.INTEGER: _whole_number,
            QuestionType.TEXT: lambda cell: _text(cell) or None,
            QuestionType.SINGLE_CHOICE: lambda cell: self._option(question, cell),
        }[question.type]

    def _option(self, question: Question, value) -> str | None:
        text = _text(value)
        if not text:
            return None
        code = self.option_words[question.code].get(text.lower())
        if code is None:
            raise _CellError(_("Ukendt svarmulighed. Brug en af kodene i arket «Spørgsmål»."))
        return code
