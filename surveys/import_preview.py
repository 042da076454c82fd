"""What an import will do, per cluster, in words: each answer as its question text, old value → new value."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from surveys.models import Question, QuestionType
from surveys.schema import AnswerValue, Schema, stored_value
from surveys.services import ResponseDiff


@dataclass(frozen=True)
class AnswerChange:
    code: str
    question: str  # the question's text
    old: str = ""
    new: str = ""


@dataclass
class ClusterPreview:
    diff: ResponseDiff
    added: list[AnswerChange] = field(default_factory=list)
    changed: list[AnswerChange] = field(default_factory=list)
    removed: list[AnswerChange] = field(default_factory=list)


def answer_text(question: Question, value: AnswerValue) -> str:
    """An answer as a reader says it: Ja/Nej, the number (estimat), the option labels, the text."""
    match question.type:
        case QuestionType.YES_NO:
            return _("Ja") if value.value else _("Nej")
        case QuestionType.INTEGER:
            return f"{value.value} ({_('estimat')})" if value.is_estimate else str(value.value)
        case QuestionType.SINGLE_CHOICE:
            return question.options_by_code[value.value].label
        case QuestionType.MULTIPLE_CHOICE:
            labels = [option.label for option in question.option_list if option.code in value.value]
            return ", ".join(labels) or _("ingen valgt")
    return str(value.value)


def _old(diff: ResponseDiff, question: Question) -> str:
    answer = diff.stored_rows[question.code]
    chosen = frozenset(diff.stored_choices.get(answer.pk, {}))
    return answer_text(question, stored_value(question, answer, chosen))


def cluster_previews(diffs: list[ResponseDiff], schema: Schema) -> list[ClusterPreview]:
    previews = []
    for diff in diffs:
        preview = ClusterPreview(diff)
        for code in diff.added:
            question = schema.by_code[code]
            preview.added.append(
                AnswerChange(code, question.text, new=answer_text(question, diff.answers[code]))
            )
        for code in diff.changed:
            question = schema.by_code[code]
            new = answer_text(question, diff.answers[code])
            preview.changed.append(AnswerChange(code, question.text, _old(diff, question), new))
        for code in diff.removed:
            question = schema.by_code[code]
            preview.removed.append(AnswerChange(code, question.text, old=_old(diff, question)))
        previews.append(preview)
    return previews
