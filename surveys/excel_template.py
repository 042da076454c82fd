"""The survey's Excel template (../shared/survey-2023.md): its columns, the answer and documentation sheets.

`columns()` is the one description of the layout: the template writes it and `surveys.excel_import` accepts
exactly it. Row 1 holds short Danish question texts, row 2 the codes the import reads, then one row per invited
cluster pre-filled with the answers in the portal, so changing one cell and importing changes one answer.
Status and choice cells offer drop-downs (openpyxl data validation; the lists sit on the `Spørgsmål` sheet).
The streaming writer of portal.core.xlsx offers no data validation, and the template is small: it is built
in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.core.xlsx import FORMULA_PREFIXES, safe_text
from surveys.models import Question, QuestionType, ResponseStatus, Survey
from surveys.schema import Answers, Schema, schema_load
from surveys.services import responses_answers

ANSWER_SHEET = "Svar"
QUESTION_SHEET = "Spørgsmål"
CLUSTER, CLUSTER_NAME, STATUS = "cluster", "cluster_name", "status"
ESTIMATE = "estimate"
YES, NO = "ja", "nej"
TEXT_ROW, CODE_ROW, FIRST_CLUSTER_ROW = 1, 2, 3
SHORT_TEXT = 60


@dataclass(frozen=True)
class TemplateColumn:
    code: str  # the header in row 1
    question: Question | None = None
    option_code: str = ""  # multiple choice: the option this column marks
    is_estimate: bool = False  # whole number: the estimate flag of `question`


def columns(schema: Schema) -> list[TemplateColumn]:
    layout = [TemplateColumn(CLUSTER), TemplateColumn(CLUSTER_NAME), TemplateColumn(STATUS)]
    for question in schema.questions:
        if question.type == QuestionType.MULTIPLE_CHOICE:
            layout += [
                TemplateColumn(f"{question.code}:{option.code}", question, option_code=option.code)
                for option in question.option_list
            ]
        else:
            layout.append(TemplateColumn(question.code, question))
            if question.type == QuestionType.INTEGER and question.allows_estimate:
                layout.append(TemplateColumn(f"{question.code}:{ESTIMATE}", question, is_estimate=True))
    return layout


def _short(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _heading(column: TemplateColumn) -> str:
    """Row 1: a short Danish text saying what the column asks."""
    question = column.question
    if question is None:
        return {CLUSTER: _("Klynge (kort navn)"), CLUSTER_NAME: _("Klynge"), STATUS: _("Status")}[column.code]
    if column.option_code:
        label = question.options_by_code[column.option_code].label_da
    elif column.is_estimate:
        label = _("estimat?")
    else:
        return _short(question.text_da)
    return _short(f"{_short(question.text_da, max(20, SHORT_TEXT - len(label) - 2))}: {label}")


def cell_value(column: TemplateColumn, status: str, answers: Answers):
    """The value a cluster's row shows in `column`: its answer in the portal, as the import reads it."""
    question = column.question
    if question is None:
        return str(ResponseStatus(status).label) if column.code == STATUS else None
    answer = answers.get(question.code)
    if answer is None:
        return None
    if column.option_code:
        if not answer.value:
            return NO  # answered, none chosen: all of the question's cells blank would be unanswered
        return YES if column.option_code in answer.value else None
    if column.is_estimate:
        return YES if answer.is_estimate else None
    match question.type:
        case QuestionType.YES_NO:
            return YES if answer.value else NO
        case QuestionType.SINGLE_CHOICE:
            return question.options_by_code[answer.value].label_da
    return answer.value


def _put(sheet, row: int, column: int, value) -> None:
    """A cell holding `value`; text that looks like a formula stays text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = safe_text(value)
        cell.value = value
        if value[:1] in FORMULA_PREFIXES:
            cell.data_type = "s"
            cell.quotePrefix = True  # Excel keeps it text even when someone edits the cell
    else:
        cell.value = value


def survey_template_workbook(survey: Survey) -> Workbook:
    """The template of a survey: its questionnaire's columns and a pre-filled row per invited cluster."""
    schema = schema_load(survey.questionnaire)
    responses = list(survey.responses.select_related("cluster").order_by("cluster__name"))
    answers = responses_answers(schema=schema, responses=responses)
    layout = columns(schema)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ANSWER_SHEET
    for index, column in enumerate(layout, start=1):
        _put(sheet, TEXT_ROW, index, _heading(column))
        _put(sheet, CODE_ROW, index, column.code)
        sheet.cell(row=TEXT_ROW, column=index).font = Font(bold=True)
        sheet.cell(row=TEXT_ROW, column=index).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=CODE_ROW, column=index).font = Font(italic=True, color="666666")
        sheet.column_dimensions[get_column_letter(index)].width = 18 if column.question else 24
    for row, response in enumerate(responses, start=FIRST_CLUSTER_ROW):
        _put(sheet, row, 1, response.cluster.slug)
        _put(sheet, row, 2, response.cluster.name)
        for index, column in enumerate(layout[2:], start=3):
            _put(sheet, row, index, cell_value(column, response.status, answers[response.pk]))
    sheet.freeze_panes = sheet.cell(row=FIRST_CLUSTER_ROW, column=3)
    sheet.row_dimensions[TEXT_ROW].height = 60
    documentation = workbook.create_sheet(QUESTION_SHEET)
    lists = _documentation_sheet(documentation, schema, layout)
    _drop_downs(sheet, layout, lists, last_row=max(FIRST_CLUSTER_ROW, FIRST_CLUSTER_ROW + len(responses) - 1))
    return workbook


NOTES = (
    gettext_lazy("Sådan udfyldes skabelonen"),
    gettext_lazy(
        "Række 1 viser spørgsmålet kort; række 2 er kolonnens kode, som importen læser: ret ikke række 2."
    ),
    gettext_lazy(
        "Hver række fra række 3 er én inviteret klynge, udfyldt med de svar, der allerede står i portalen."
    ),
    gettext_lazy(
        "Importen erstatter svarene for hver klynge i filen. En tom celle betyder intet svar: tømmer du en celle, "
        "fjernes svaret. Importsiden viser først, hvad der ændres, og beder dig bekræfte, at svar fjernes."
    ),
    gettext_lazy("Skriv værdier, ikke formler: en celle med en formel afvises."),
    gettext_lazy(
        "Status og svarmuligheder vælges i rullemenuen; ja/nej-, flervalgs- og estimatceller har «ja» (og «nej»)."
    ),
)


def _documentation_sheet(sheet, schema: Schema, layout: list[TemplateColumn]) -> dict[str, str]:
    """Explain every column in Danish; the drop-down lists go beside the table. Returns list → cell range."""
    for row, note in enumerate(NOTES, start=1):
        _put(sheet, row, 1, str(note))
    sheet.cell(row=1, column=1).font = Font(bold=True)
    table_row = len(NOTES) + 2
    for index, title in enumerate([_("Kolonne"), _("Spørgsmål"), _("Type"), _("Sådan udfyldes")], start=1):
        _put(sheet, table_row, index, title)
        sheet.cell(row=table_row, column=index).font = Font(bold=True)
    for row, column in enumerate(layout, start=table_row + 1):
        for index, value in enumerate(_documentation(column), start=1):
            _put(sheet, row, index, value)
    for letter, width in zip("ABCD", (28, 70, 16, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    lists = {STATUS: [str(label) for label in ResponseStatus.labels]} | {
        question.code: [option.label_da for option in question.option_list]
        for question in schema.questions
        if question.type == QuestionType.SINGLE_CHOICE
    }
    ranges = {}
    for offset, (code, labels) in enumerate(lists.items()):
        index = 6 + offset
        letter = get_column_letter(index)
        _put(sheet, table_row, index, _("Liste: %(code)s") % {"code": code})
        sheet.cell(row=table_row, column=index).font = Font(bold=True)
        for row, label in enumerate(labels, start=table_row + 1):
            _put(sheet, row, index, label)
        ranges[code] = f"'{QUESTION_SHEET}'!${letter}${table_row + 1}:${letter}${table_row + len(labels)}"
    return ranges


def _drop_downs(sheet, layout: list[TemplateColumn], lists: dict[str, str], *, last_row: int) -> None:
    validations: dict[str, DataValidation] = {}

    def validation(formula: str) -> DataValidation:
        if formula not in validations:
            validations[formula] = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Ugyldig værdi"),
                error=_("Vælg en værdi i listen, eller lad cellen være tom."),
            )
            sheet.add_data_validation(validations[formula])
        return validations[formula]

    for index, column in enumerate(layout, start=1):
        question = column.question
        if column.code == STATUS:
            formula = lists[STATUS]
        elif question is None:
            continue
        elif column.is_estimate:
            formula = f'"{YES}"'
        elif column.option_code or question.type == QuestionType.YES_NO:
            formula = f'"{YES},{NO}"'
        elif question.type == QuestionType.SINGLE_CHOICE:
            formula = lists[question.code]
        else:
            continue
        letter = get_column_letter(index)
        validation(formula).add(f"{letter}{FIRST_CLUSTER_ROW}:{letter}{last_row}")


def _documentation(column: TemplateColumn) -> list[str]:
    question = column.question
    if question is None:
        return {
            CLUSTER: [CLUSTER, _("Klyngens kort navn (udfyldt; må ikke ændres)"), _("Tekst"), ""],
            CLUSTER_NAME: [
                CLUSTER_NAME,
                _("Klyngens navn (kun til orientering; læses ikke)"),
                _("Tekst"),
                "",
            ],
            STATUS: [
                STATUS,
                _("Besvarelsens status; skal udfyldes når rækken har svar"),
                _("Status"),
                _("Vælg i listen: %(labels)s")
                % {"labels": " · ".join(str(label) for label in ResponseStatus.labels)},
            ],
        }[column.code]
    if column.option_code:
        label = question.options_by_code[column.option_code].label_da
        return [
            column.code,
            f"{question.text_da} → {label}",
            question.get_type_display(),
            _(
                "«ja» når valgt; tom (eller «nej») når ikke valgt. Alle spørgsmålets celler tomme = ikke besvaret; «nej» i alle = ingen valgt"
            ),
        ]
    if column.is_estimate:
        return [
            column.code,
            _("Er tallet i %(code)s et estimat?") % {"code": question.code},
            _("Ja/nej"),
            _("«ja» når tallet er et estimat; ellers tom"),
        ]
    values = {
        QuestionType.YES_NO: _("«ja» eller «nej»; tom = ikke besvaret"),
        QuestionType.INTEGER: _("Helt tal, 0 eller større; tom = ikke besvaret"),
        QuestionType.TEXT: _("Fri tekst; tom = ikke besvaret"),
    }.get(question.type) or _("Vælg i listen: %(labels)s") % {
        "labels": " · ".join(option.label_da for option in question.option_list)
    }
    return [column.code, question.text_da, question.get_type_display(), values]


def survey_template_write(*, survey: Survey, file: str | Path | IO[bytes]) -> None:
    """Write the survey's Excel template to a path or binary file."""
    survey_template_workbook(survey).save(file)
