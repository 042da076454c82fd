"""A questionnaire loaded once into plain objects, and the validation rules between its questions.

The answer form and the Excel import both check answers with `Schema.violations`, so a rule is written once.
Answers are passed around as `{question code: AnswerValue}`; an unanswered question is simply absent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from surveys.models import Option, Question, Questionnaire, QuestionType, Rule, RuleKind, Section

ESTIMATE_WITHOUT_NUMBER = _("Markeret som estimat, men der er intet tal.")
REQUIRED_FOR_COMPLETION = _("Skal besvares, før besvarelsen kan markeres som gennemført.")


@dataclass(frozen=True)
class AnswerValue:
    """A typed answer: bool (yes/no), int (whole number), str (text, or the option code of a single choice),
    or frozenset of option codes (multiple choice; empty = answered, nothing chosen)."""

    value: bool | int | str | frozenset[str]
    is_estimate: bool = False


Answers = dict[str, AnswerValue]


@dataclass(frozen=True)
class Violation:
    question_code: str
    message: str


@dataclass(frozen=True)
class CompiledRule:
    kind: str
    question_code: str
    message: str
    part_codes: tuple[str, ...] = ()
    condition_code: str = ""
    condition_option_code: str = ""

    def check(self, answers: Answers) -> Violation | None:
        if self.kind == RuleKind.PARTS_WITHIN_TOTAL:
            return self._check_parts(answers)
        if self.kind == RuleKind.ONLY_WHEN_NOT:
            return self._check_only_when_not(answers)
        raise ValueError(f"unknown rule kind {self.kind!r}")

    def _check_parts(self, answers: Answers) -> Violation | None:
        parts = [answers[code].value for code in self.part_codes if code in answers]
        total = answers.get(self.question_code)
        if total is None or not parts or sum(parts) <= total.value:
            return None
        return Violation(self.question_code, self.message)

    def _check_only_when_not(self, answers: Answers) -> Violation | None:
        if self.question_code not in answers:
            return None
        condition = answers.get(self.condition_code)
        if condition is not None and condition.value != self.condition_option_code:
            return None
        return Violation(self.question_code, self.message)


@dataclass
class Schema:
    questionnaire: Questionnaire
    sections: list[Section]
    questions: list[Question]  # in display order, each with `option_list` in order
    rules: list[CompiledRule] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_code = {question.code: question for question in self.questions}
        self.options_by_pk = {
            option.pk: option for question in self.questions for option in question.option_list
        }

    def violations(self, answers: Answers) -> list[Violation]:
        return [violation for rule in self.rules if (violation := rule.check(answers)) is not None]

    def missing_required(self, answers: Answers) -> list[Violation]:
        """The required questions a completed response has left unanswered ("none chosen" is an answer)."""
        return [
            Violation(question.code, str(REQUIRED_FOR_COMPLETION))
            for question in self.questions
            if question.is_required and question.code not in answers
        ]

    def questions_of(self, section: Section) -> list[Question]:
        return [question for question in self.questions if question.section_id == section.pk]


def schema_load(questionnaire: Questionnaire) -> Schema:
    """The questionnaire with its sections, questions, options and rules, in five queries.

    Each row is read once: a question's section, a rule's condition option and a rule's parts are taken from
    the rows already read rather than selected again with every question and rule.
    """
    sections = list(questionnaire.sections.order_by("order", "pk"))
    sections_by_pk = {section.pk: section for section in sections}
    questions = list(questionnaire.questions.order_by("section__order", "order", "pk"))
    options: dict[int, list[Option]] = {question.pk: [] for question in questions}
    for option in Option.objects.filter(question__questionnaire=questionnaire).order_by("order", "pk"):
        options[option.question_id].append(option)
    for question in questions:
        question.section = sections_by_pk[question.section_id]
        question.option_list = options[question.pk]
        question.options_by_pk = {option.pk: option for option in question.option_list}
        question.options_by_code = {option.code: option for option in question.option_list}
    by_pk = {question.pk: question for question in questions}
    parts: dict[int, set[int]] = defaultdict(set)
    for rule_id, question_id in Rule.parts.through.objects.filter(
        rule__questionnaire=questionnaire
    ).values_list("rule_id", "question_id"):
        parts[rule_id].add(question_id)
    rules = [
        CompiledRule(
            kind=rule.kind,
            question_code=by_pk[rule.question_id].code,
            message=rule.message,
            part_codes=tuple(question.code for question in questions if question.pk in parts[rule.pk]),
            condition_code=by_pk[rule.condition_question_id].code if rule.condition_question_id else "",
            condition_option_code=(
                by_pk[rule.condition_question_id].options_by_pk[rule.condition_option_id].code
                if rule.condition_option_id
                else ""
            ),
        )
        for rule in Rule.objects.filter(questionnaire=questionnaire).order_by("pk")
    ]
    return Schema(questionnaire=questionnaire, sections=sections, questions=questions, rules=rules)


def stored_value(question: Question, answer, chosen: frozenset[str]) -> AnswerValue:
    """The typed value of a stored Answer row (`chosen`: option codes of its AnswerChoice rows)."""
    match question.type:
        case QuestionType.YES_NO:
            return AnswerValue(answer.value_bool)
        case QuestionType.INTEGER:
            return AnswerValue(answer.value_int, answer.is_estimate)
        case QuestionType.TEXT:
            return AnswerValue(answer.value_text)
        case QuestionType.SINGLE_CHOICE:
            return AnswerValue(question.options_by_pk[answer.option_id].code)
        case QuestionType.MULTIPLE_CHOICE:
            return AnswerValue(chosen)
    raise ValueError(f"unknown question type {question.type!r}")
