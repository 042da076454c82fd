"""Writing answers: one path for the answer form, the Excel import and the demo data.

Every write of answers goes through `responses_diff` + `responses_apply`, which touch only what changed and keep
the change history with simple-history's bulk helpers, so imports, the form and the demo loader behave alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from surveys import bulk
from surveys.models import Answer, AnswerChoice, Question, QuestionType, Response, ResponseStatus
from surveys.schema import Answers, AnswerValue, Schema, schema_load, stored_value

ANSWER_FIELDS = ["value_bool", "value_int", "value_text", "option_id", "is_estimate"]
IDS_PER_QUERY = 500  # ids per statement, well within every database's parameter limit


class ResponseConflict(Exception):
    """Someone else saved the response after this form was opened."""


@dataclass
class ResponseDiff:
    """What saving `new_status` and `answers` would change on one response, and the rows stored now."""

    response: Response
    old_status: str
    new_status: str
    answers: Answers
    stored_rows: dict[str, StoredAnswer]  # by question code
    stored_choices: dict[int, dict[str, int]]  # answer pk → option code → AnswerChoice pk
    added: list[str] = field(default_factory=list)  # question codes answered now and not before
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def old_status_label(self) -> str:
        return ResponseStatus(self.old_status).label

    @property
    def new_status_label(self) -> str:
        return ResponseStatus(self.new_status).label

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status

    @property
    def has_changes(self) -> bool:
        return self.status_changed or bool(self.added or self.changed or self.removed)


class StoredAnswer(NamedTuple):
    """A stored Answer row, read as a tuple: loading 100,000 model instances would cost seconds."""

    pk: int
    response_id: int
    question_id: int
    value_bool: bool | None
    value_int: int | None
    value_text: str
    option_id: int | None
    is_estimate: bool


def _stored_answers(
    schema: Schema, responses: list[Response]
) -> tuple[dict[int, dict[str, StoredAnswer]], dict[int, dict[str, int]]]:
    """Stored answers by response and question code; stored choice pks by answer pk and option code."""
    ids = {response.pk for response in responses}
    # A long id list would exceed some databases' parameter limits; the survey's rows are then read instead.
    scope = (
        {"response_id__in": ids}
        if len(ids) <= 500
        else {"response__survey_id__in": {response.survey_id for response in responses}}
    )
    questions_by_pk = {question.pk: question for question in schema.questions}
    rows: dict[int, dict[str, StoredAnswer]] = defaultdict(dict)
    for values in Answer.objects.filter(**scope).values_list(*StoredAnswer._fields):
        answer = StoredAnswer(*values)
        if answer.response_id in ids:
            rows[answer.response_id][questions_by_pk[answer.question_id].code] = answer
    choices: dict[int, dict[str, int]] = defaultdict(dict)
    choice_scope = {f"answer__{key}": value for key, value in scope.items()}
    for pk, answer_id, option_id in AnswerChoice.objects.filter(**choice_scope).values_list(
        "pk", "answer_id", "option_id"
    ):
        choices[answer_id][schema.options_by_pk[option_id].code] = pk
    return rows, choices


def responses_answers(*, schema: Schema, responses: list[Response]) -> dict[int, Answers]:
    """The stored answers of each response as typed values, by response pk (two queries)."""
    rows, choices = _stored_answers(schema, responses)
    return {
        response.pk: {
            code: stored_value(schema.by_code[code], answer, frozenset(choices[answer.pk]))
            for code, answer in rows[response.pk].items()
        }
        for response in responses
    }


def responses_diff(*, schema: Schema, wanted: dict[Response, tuple[str, Answers]]) -> list[ResponseDiff]:
    """Compare the wanted status and answers of each response with what is stored (two queries)."""
    rows, choices = _stored_answers(schema, list(wanted))
    diffs = []
    for response, (status, answers) in wanted.items():
        diff = ResponseDiff(
            response=response,
            old_status=response.status,
            new_status=status,
            answers=answers,
            stored_rows=rows[response.pk],
            stored_choices=choices,
        )
        for question in schema.questions:
            answer = diff.stored_rows.get(question.code)
            old = None if answer is None else stored_value(question, answer, frozenset(choices[answer.pk]))
            new = answers.get(question.code)
            if old is None and new is not None:
                diff.added.append(question.code)
            elif old is not None and new is None:
                diff.removed.append(question.code)
            elif old != new:
                diff.changed.append(question.code)
        diffs.append(diff)
    return diffs


def _answer_values(question: Question, value: AnswerValue) -> tuple:
    """The Answer columns that hold `value`, in the order of ANSWER_FIELDS."""
    match question.type:
        case QuestionType.YES_NO:
            return value.value, None, "", None, False
        case QuestionType.INTEGER:
            return None, value.value, "", None, value.is_estimate
        case QuestionType.TEXT:
            return None, None, value.value, None, False
        case QuestionType.SINGLE_CHOICE:
            return None, None, "", question.options_by_code[value.value].pk, False
        case QuestionType.MULTIPLE_CHOICE:  # the chosen options are AnswerChoice rows
            return None, None, "", None, False
    raise ValueError(f"unknown question type {question.type!r}")


@dataclass
class _Writes:
    """Everything a batch of diffs writes, collected before any write, as plain column tuples."""

    new_answers: list[tuple] = field(default_factory=list)  # (response, question, *ANSWER_FIELDS)
    new_choices: list[tuple[tuple[int, int] | int, int]] = field(
        default_factory=list
    )  # (answer pk, or (response, question) of a new answer; option)
    updated_answers: list[tuple] = field(default_factory=list)  # (*ANSWER_FIELDS, answer pk)
    removed_answer_ids: list[int] = field(default_factory=list)
    removed_choice_ids: list[int] = field(default_factory=list)
    responses: dict[str, list[Response]] = field(default_factory=lambda: defaultdict(list))  # by new status

    def collect(self, diff: ResponseDiff, schema: Schema) -> None:
        response = diff.response
        for code in diff.added:
            question, value = schema.by_code[code], diff.answers[code]
            self.new_answers.append((response.pk, question.pk, *_answer_values(question, value)))
            if question.type == QuestionType.MULTIPLE_CHOICE:
                self.new_choices += [
                    ((response.pk, question.pk), question.options_by_code[option].pk)
                    for option in value.value
                ]
        for code in diff.changed:
            question, value, answer = schema.by_code[code], diff.answers[code], diff.stored_rows[code]
            if question.type == QuestionType.MULTIPLE_CHOICE:
                chosen = diff.stored_choices[answer.pk]
                self.new_choices += [
                    (answer.pk, question.options_by_code[option].pk) for option in value.value - chosen.keys()
                ]
                self.removed_choice_ids += [chosen[option] for option in chosen.keys() - value.value]
            else:
                self.updated_answers.append((*_answer_values(question, value), answer.pk))
        self.removed_answer_ids += [diff.stored_rows[code].pk for code in diff.removed]
        self.responses[diff.new_status].append(response)


@transaction.atomic
def responses_apply(diffs: list[ResponseDiff], *, schema: Schema, user=None, reason: str = "") -> int:
    """Write the diffs: answers and choices added, changed and removed, statuses and versions, with history.

    The caller holds the responses (select_for_update), so every answer and choice of them with a primary
    key above the highest one before the write is one this call created. New and changed rows go through
    surveys.bulk as plain tuples and the database copies their history rows from them; removals use
    Django's delete (simple-history records each). Returns how many responses changed.
    """
    writes = _Writes()
    for diff in diffs:
        if diff.has_changes:
            writes.collect(diff, schema)
    if writes.removed_answer_ids:
        Answer.objects.filter(pk__in=writes.removed_answer_ids).delete()
    if writes.removed_choice_ids:
        AnswerChoice.objects.filter(pk__in=writes.removed_choice_ids).delete()
    answers_before, choices_before = bulk.max_pk(Answer), bulk.max_pk(AnswerChoice)
    bulk.insert(Answer, ["response_id", "question_id", *ANSWER_FIELDS], writes.new_answers)
    new_answer_ids = _new_answer_ids(writes.new_choices, after=answers_before)
    bulk.insert(
        AnswerChoice,
        ["answer_id", "option_id"],
        [
            (new_answer_ids[answer] if isinstance(answer, tuple) else answer, option)
            for answer, option in writes.new_choices
        ],
    )
    bulk.update(Answer, ANSWER_FIELDS, writes.updated_answers)
    _responses_touch(writes.responses, user=user)
    history = {"user": user, "reason": reason}
    changed = [response.pk for responses in writes.responses.values() for response in responses]
    for chunk in bulk.batched(changed, IDS_PER_QUERY):
        bulk.history_copy(
            Answer.objects.filter(response_id__in=chunk, pk__gt=answers_before), history_type="+", **history
        )
        bulk.history_copy(
            AnswerChoice.objects.filter(answer__response_id__in=chunk, pk__gt=choices_before),
            history_type="+",
            **history,
        )
        bulk.history_copy(Response.objects.filter(pk__in=chunk), history_type="~", **history)
    for chunk in bulk.batched([row[-1] for row in writes.updated_answers], IDS_PER_QUERY):
        bulk.history_copy(Answer.objects.filter(pk__in=chunk), history_type="~", **history)
    return len(changed)


def _new_answer_ids(new_choices: list[tuple], *, after: int) -> dict[tuple[int, int], int]:
    """(response, question) → primary key of the new answers that new choices belong to."""
    keys = {answer for answer, _option in new_choices if isinstance(answer, tuple)}
    ids = {}
    for chunk in bulk.batched(sorted({response for response, _question in keys}), IDS_PER_QUERY):
        rows = Answer.objects.filter(
            pk__gt=after, response_id__in=chunk, question_id__in={question for _response, question in keys}
        ).values_list("response_id", "question_id", "pk")
        ids |= {(response, question): pk for response, question, pk in rows}
    return ids


def _responses_touch(by_status: dict[str, list[Response]], *, user) -> None:
    """Set the new status, bump the version and stamp who and when, one UPDATE per status and chunk."""
    now = timezone.now()
    for status, responses in by_status.items():
        for chunk in bulk.batched(responses, IDS_PER_QUERY):
            Response.objects.filter(pk__in=[response.pk for response in chunk]).update(
                status=status, version=F("version") + 1, updated_at=now, updated_by=user
            )
            for response in chunk:
                response.status, response.version = status, response.version + 1
                response.updated_at, response.updated_by = now, user


@transaction.atomic
def response_save(
    *,
    response: Response,
    status: str,
    answers: Answers,
    version: int,
    user=None,
    reason: str = "svarformular",
) -> ResponseDiff:
    """Save one response from the answer form, refusing it if someone saved after `version` was read.

    `reason` names the way in, for the history: "svarformular" (an administrator); none from an answer
    link, whose `history_reason` names the link ("svarlink: 12")."""
    locked = Response.objects.select_for_update().select_related("survey__questionnaire").get(pk=response.pk)
    if locked.version != version:
        raise ResponseConflict
    schema = schema_load(locked.survey.questionnaire)
    violations = schema.violations(answers)
    if violations:
        raise ValidationError({violation.question_code: violation.message for violation in violations})
    if status == ResponseStatus.NOT_STARTED:
        answers = {}
    (diff,) = responses_diff(schema=schema, wanted={locked: (status, answers)})
    responses_apply([diff], schema=schema, user=user, reason=reason)
    response.refresh_from_db()
    return diff
