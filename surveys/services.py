"""Writes to surveys: reference and demo data, saving answers (form and import share one path), next year's survey.

Every write of answers goes through `responses_diff` + `responses_apply`, which touch only what changed and keep
the change history with simple-history's bulk helpers, so imports, the form and the demo loader behave alike.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from clusters.models import Cluster, Municipality, ProgrammePeriod
from surveys import bulk, excel_import
from surveys.excel_template import ANSWER_SHEET, CLUSTER
from surveys.models import (
    Answer,
    AnswerChoice,
    Option,
    Question,
    Questionnaire,
    QuestionType,
    Response,
    ResponseStatus,
    Rule,
    Section,
    Survey,
)
from surveys.schema import Answers, AnswerValue, Schema, schema_load, stored_value

SURVEY_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "survey-klyngesurvey-2023.json"
DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "survey-klyngesurvey-2023.json"
ANSWER_FIELDS = ["value_bool", "value_int", "value_text", "option_id", "is_estimate"]
IDS_PER_QUERY = 500  # ids per statement, well within every database's parameter limit


class ResponseConflict(Exception):
    """Someone else saved the response after this form was opened."""


# --- Reference and demo data -------------------------------------------------------------------------


@transaction.atomic
def survey_load_reference(*, path: Path = SURVEY_FIXTURE) -> dict[str, int]:
    """Create the shipped survey, its questionnaire and the invitations of the period's active clusters.

    Records are matched on their natural keys and never overwritten, so a second load changes nothing and
    an administrator's corrections stay.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0}
    questionnaire = _get_or_create(
        Questionnaire, counts, slug=data["questionnaire"]["slug"], defaults=data["questionnaire"]
    )
    municipalities = {municipality.code: municipality for municipality in Municipality.objects.all()}
    questions: dict[str, Question] = {}
    for section_order, section_data in enumerate(data["sections"], start=1):
        section = _get_or_create(
            Section,
            counts,
            questionnaire=questionnaire,
            code=section_data["code"],
            defaults={
                "title_da": section_data["title_da"],
                "title_en": section_data["title_en"],
                "order": section_order,
            },
        )
        for question_order, question_data in enumerate(section_data["questions"], start=1):
            values = {key: value for key, value in question_data.items() if key not in ("code", "options")}
            question = _get_or_create(
                Question,
                counts,
                questionnaire=questionnaire,
                code=question_data["code"],
                defaults={**values, "section": section, "order": question_order},
            )
            questions[question.code] = question
            for option_order, option_data in enumerate(question_data.get("options", []), start=1):
                _get_or_create(
                    Option,
                    counts,
                    question=question,
                    code=option_data["code"],
                    defaults={
                        "label_da": option_data["label_da"],
                        "label_en": option_data["label_en"],
                        "order": option_order,
                        "municipality": municipalities.get(option_data.get("municipality")),
                    },
                )
    if not questionnaire.rules.exists():
        for rule_data in data["rules"]:
            _rule_create(questionnaire, questions, rule_data)
            counts["created"] += 1
    survey_data = data["survey"]
    survey = _get_or_create(
        Survey,
        counts,
        slug=survey_data["slug"],
        defaults={
            "title": survey_data["title"],
            "year": survey_data["year"],
            "period": ProgrammePeriod.objects.get(code=survey_data["period"]),
            "questionnaire": questionnaire,
            "sent_on": survey_data["sent_on"],
            "closes_on": survey_data["closes_on"],
        },
    )
    counts["created"] += len(survey_invite(survey=survey, clusters=Cluster.objects.active_in(survey.period)))
    return counts


def _get_or_create(model, counts: dict[str, int], defaults: dict, **lookup):
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    counts["created"] += created
    return obj


def _rule_create(questionnaire: Questionnaire, questions: dict[str, Question], data: dict) -> Rule:
    condition = questions.get(data.get("condition_question") or "")
    rule = Rule.objects.create(
        questionnaire=questionnaire,
        kind=data["kind"],
        question=questions[data["question"]],
        condition_question=condition,
        condition_option=condition.options.get(code=data["condition_option"]) if condition else None,
        message_da=data["message_da"],
        message_en=data.get("message_en", ""),
    )
    rule.parts.set([questions[code] for code in data.get("parts", [])])
    return rule


def survey_invite(*, survey: Survey, clusters, user=None) -> list[Response]:
    """Invite the clusters not invited yet (one not-started response each)."""
    invited = set(survey.responses.values_list("cluster_id", flat=True))
    new = [
        Response(survey=survey, cluster=cluster, status=ResponseStatus.NOT_STARTED)
        for cluster in clusters
        if cluster.pk not in invited
    ]
    return bulk_create_with_history(new, Response, default_user=user)


@transaction.atomic
def survey_load_demo(*, path: Path = DEMO_FIXTURE) -> dict[str, int]:
    """Fill the reference survey with illustrative answers that reproduce the published 2023 aggregates.

    Only the aggregates were published; the per-cluster values are made up, so the survey is marked as demo.
    Written through the same path as the form and the import, so a second load changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    survey = Survey.objects.select_related("questionnaire").get(slug=data["survey"])
    counts = {"created": 0, "updated": 0}
    if not survey.is_demo:
        survey.is_demo = True
        survey.save(update_fields=["is_demo"])
        counts["updated"] += 1
    schema = schema_load(survey.questionnaire)
    responses = {response.cluster.slug: response for response in survey.responses.select_related("cluster")}
    wanted = {
        responses[slug]: (row["status"], _demo_answers(schema, row))
        for slug, row in data["responses"].items()
    }
    counts["updated"] += responses_apply(
        responses_diff(schema=schema, wanted=wanted), schema=schema, reason="demodata"
    )
    return counts


def _demo_answers(schema: Schema, row: dict) -> Answers:
    estimates = set(row.get("estimates", []))
    answers = {}
    for code, value in row.get("answers", {}).items():
        question = schema.by_code[code]
        if question.type == QuestionType.MULTIPLE_CHOICE:
            value = frozenset(value)
        answers[code] = AnswerValue(value, code in estimates)
    return answers


# --- Writing answers: one path for the form, the import and the demo data ----------------------------


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
    options_by_pk = {option.pk: option for question in schema.questions for option in question.option_list}
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
        choices[answer_id][options_by_pk[option_id].code] = pk
    return rows, choices


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
    *, response: Response, status: str, answers: Answers, version: int, user=None
) -> ResponseDiff:
    """Save one response from the answer form, refusing it if someone saved after `version` was read."""
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
    responses_apply([diff], schema=schema, user=user, reason="svarformular")
    response.refresh_from_db()
    return diff


# --- Excel import --------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    errors: list[excel_import.ImportIssue]
    diffs: list[ResponseDiff]
    skipped: list[str]  # clusters whose rows were blank: left untouched
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> list[ResponseDiff]:
        return [diff for diff in self.diffs if diff.has_changes]

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run


def _file_bytes(file: str | Path | bytes | IO[bytes], name: str) -> tuple[bytes, str, int]:
    """The file's first bytes up to just over the size limit, its name and its real size."""
    limit = settings.SURVEY_IMPORT_MAX_BYTES + 1
    if isinstance(file, bytes):
        return file[:limit], name, len(file)
    if isinstance(file, str | Path):
        path = Path(file)
        with path.open("rb") as handle:
            return handle.read(limit), name or path.name, path.stat().st_size
    data = file.read(limit)
    return data, name or Path(getattr(file, "name", "") or "").name, getattr(file, "size", None) or len(data)


@transaction.atomic
def survey_import(
    *,
    survey: Survey,
    file: str | Path | bytes | IO[bytes],
    dry_run: bool = False,
    user=None,
    name: str = "",
) -> ImportResult:
    """Read a filled template and replace the answers of every cluster with a non-blank row.

    All or nothing: any error anywhere means nothing is written, and every error is reported.
    With `dry_run` the changes are computed and reported but not written.
    """
    data, name, size = _file_bytes(file, name)
    schema = schema_load(survey.questionnaire)
    parsed = excel_import.read(data, schema, name, size)
    errors = list(parsed.errors)
    responses = {
        response.cluster.slug: response
        for response in survey.responses.select_related("cluster").select_for_update(of=("self",))
    }
    strangers = {slug: row for slug, row in parsed.clusters.items() if slug not in responses}
    known = set(Cluster.objects.filter(slug__in=list(strangers)).values_list("slug", flat=True))
    for slug, row in strangers.items():
        message = _("Klyngen er ikke inviteret til denne survey.") if slug in known else _("Ukendt klynge.")
        errors.append(excel_import.ImportIssue(ANSWER_SHEET, row, CLUSTER, slug, message))
    errors.sort(key=lambda issue: issue.row or 0)
    if errors:
        return ImportResult(errors=errors, diffs=[], skipped=[], dry_run=dry_run)
    wanted = {responses[row.cluster_slug]: (row.status, row.answers) for row in parsed.rows}
    diffs = responses_diff(schema=schema, wanted=wanted)
    if not dry_run:
        responses_apply(diffs, schema=schema, user=user, reason="import")
    return ImportResult(errors=[], diffs=diffs, skipped=parsed.skipped, dry_run=dry_run)


# --- Next year's survey --------------------------------------------------------------------------------


@transaction.atomic
def survey_start_next(
    *, survey: Survey, period: ProgrammePeriod, year: int, title: str = "", slug: str = "", user=None
) -> Survey:
    """Start a new survey: a copy of `survey`'s questionnaire, inviting the active clusters of `period`."""
    slug = slug or f"klyngesurvey-{year}"
    if Survey.objects.filter(slug=slug).exists() or Questionnaire.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("Der findes allerede en survey med det korte navn %(slug)s.") % {"slug": slug}}
        )
    new = Survey.objects.create(
        title=title or survey.title,
        slug=slug,
        year=year,
        period=period,
        questionnaire=questionnaire_copy(questionnaire=survey.questionnaire, slug=slug),
    )
    survey_invite(survey=new, clusters=Cluster.objects.active_in(period), user=user)
    return new


def questionnaire_copy(*, questionnaire: Questionnaire, slug: str) -> Questionnaire:
    """A full copy (sections, questions, options, rules) that can then be changed without touching the old one."""
    schema = schema_load(questionnaire)
    copy = Questionnaire.objects.create(
        slug=slug, title_da=questionnaire.title_da, title_en=questionnaire.title_en
    )
    sections = {
        section.pk: Section.objects.create(
            questionnaire=copy,
            code=section.code,
            title_da=section.title_da,
            title_en=section.title_en,
            order=section.order,
        )
        for section in schema.sections
    }
    questions: dict[str, Question] = {}
    for question in schema.questions:
        questions[question.code] = Question.objects.create(
            questionnaire=copy,
            section=sections[question.section_id],
            **{name: getattr(question, name) for name in _QUESTION_FIELDS},
        )
        Option.objects.bulk_create(
            Option(
                question=questions[question.code],
                **{name: getattr(option, name) for name in _OPTION_FIELDS},
            )
            for option in question.option_list
        )
    for rule in questionnaire.rules.select_related("question", "condition_question", "condition_option"):
        _rule_create(
            copy,
            questions,
            {
                "kind": rule.kind,
                "question": rule.question.code,
                "parts": [part.code for part in rule.parts.all()],
                "condition_question": rule.condition_question.code if rule.condition_question else "",
                "condition_option": rule.condition_option.code if rule.condition_option else "",
                "message_da": rule.message_da,
                "message_en": rule.message_en,
            },
        )
    return copy


_QUESTION_FIELDS = ("code", "type", "text_da", "text_en", "help_da", "help_en", "order", "allows_estimate")
_OPTION_FIELDS = ("code", "label_da", "label_en", "order", "municipality_id")
