"""The survey's Excel template (../shared/survey-2023.md): its columns, the answer and documentation sheets.

`columns()` is the one description of the layout: the template writes it and `surveys.excel_import` accepts
exactly it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from portal.core.xlsx import Column, Sheet, write_workbook
from surveys.models import Question, QuestionType, ResponseStatus, Survey
from surveys.schema import Schema, schema_load

ANSWER_SHEET = "Svar"
QUESTION_SHEET = "Spørgsmål"
CLUSTER, CLUSTER_NAME, STATUS = "cluster", "cluster_name", "status"
ESTIMATE = "estimate"


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


def survey_template_sheets(survey: Survey) -> list[Sheet]:
    """The template of a survey: its questionnaire's columns and a row per invited cluster."""
    clusters = list(survey.responses.order_by("cluster__name").values_list("cluster__slug", "cluster__name"))
    return template_sheets(schema_load(survey.questionnaire), clusters)


def template_sheets(schema: Schema, clusters: list[tuple[str, str]]) -> list[Sheet]:
    """The answer sheet, pre-filled with (slug, name) of the invited clusters, and the documentation sheet."""
    layout = columns(schema)
    blanks = [None] * (len(layout) - 2)
    answer_sheet = Sheet(
        title=ANSWER_SHEET,
        columns=[Column(column.code, width=max(12, min(len(column.code) + 2, 30))) for column in layout],
        rows=([slug, name, *blanks] for slug, name in clusters),
    )
    question_sheet = Sheet(
        title=QUESTION_SHEET,
        columns=[
            Column(_("Kolonne"), 28),
            Column(_("Spørgsmål"), 70),
            Column(_("Type"), 16),
            Column(_("Værdier"), 70),
        ],
        rows=[_documentation(column) for column in layout],
    )
    return [answer_sheet, question_sheet]


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
                " · ".join(f"{value} ({label})" for value, label in ResponseStatus.choices),
            ],
        }[column.code]
    if column.option_code:
        label = question.options_by_code[column.option_code].label_da
        return [
            column.code,
            f"{question.text_da} → {label}",
            question.get_type_display(),
            _("1, x eller ja når valgt"),
        ]
    if column.is_estimate:
        return [
            column.code,
            _("Er tallet i %(code)s et estimat?") % {"code": question.code},
            _("Ja/nej"),
            _("1 eller x"),
        ]
    values = {
        QuestionType.YES_NO: _("1/0, ja/nej, yes/no eller x (= ja); tom = ikke besvaret"),
        QuestionType.INTEGER: _("Helt tal, 0 eller større; tom = ikke besvaret"),
        QuestionType.TEXT: _("Fri tekst"),
    }.get(question.type) or " · ".join(
        f"{option.code} ({option.label_da})" for option in question.option_list
    )
    return [column.code, question.text_da, question.get_type_display(), values]


def survey_template_write(*, survey: Survey, file: str | Path | IO[bytes]) -> None:
    """Write the survey's Excel template to a path or binary file."""
    write_workbook(file, survey_template_sheets(survey))
