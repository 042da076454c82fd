"""Reads and aggregates of survey answers: the scopes every figure counts in, option counts, per-cluster rows
for the Excel summary and the charts, and answers for display. The key figures are in `surveys.key_figures`.

Only completed responses count in any aggregate. `clusters` (a Cluster queryset) restricts it to those
clusters' invitations and responses, for the dashboard filters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Municipality
from surveys.disclosure import may_see_cluster_answers
from surveys.models import Answer, AnswerChoice, Option, QuestionType, Response, ResponseStatus, Survey
from surveys.schema import Answers, AnswerValue, Schema, schema_load, stored_value

CHUNK = 500  # rows per fetch where rows are streamed: memory stays that of one chunk


# --- The scopes every figure and aggregate counts in ---------------------------------------------------


def responses_in(survey: Survey | Sequence[Survey], clusters: QuerySet[Cluster] | None) -> QuerySet[Response]:
    """The survey's invitations (one response each), or those of several surveys, restricted to `clusters`
    when given."""
    if isinstance(survey, Survey):
        responses = Response.objects.filter(survey=survey)
    else:
        responses = Response.objects.filter(survey__in=survey)
    if clusters is not None:
        responses = responses.filter(cluster__in=clusters)
    return responses.order_by()


def completed_in(survey: Survey | Sequence[Survey], clusters: QuerySet[Cluster] | None) -> QuerySet[Response]:
    return responses_in(survey, clusters).filter(status=ResponseStatus.COMPLETED)


def municipal_choices() -> QuerySet[AnswerChoice]:
    """Municipalities chosen in `agreements` (the question also offers other kinds of party)."""
    return AnswerChoice.objects.filter(
        answer__question__code="agreements", option__municipality__isnull=False
    )


def municipalities_held() -> Coalesce:
    """How many municipalities the outer response chose in `agreements`."""
    choices = (
        municipal_choices()
        .filter(answer__response=OuterRef("pk"))
        .order_by()
        .values("answer__response")
        .annotate(held=Count("option__municipality", distinct=True))
        .values("held")
    )
    return Coalesce(Subquery(choices, output_field=IntegerField()), 0)


# --- Other aggregates for dashboards and exports -------------------------------------------------------


def option_counts_by_question(
    survey: Survey, clusters: QuerySet[Cluster] | None, codes: Sequence[str]
) -> dict[str, list[tuple[str, str, int]]]:
    """Question code → `option_counts` rows, for each of `codes`, in one query per kind of choice."""
    completed = completed_in(survey, clusters)
    single = Answer.objects.filter(response__in=completed, question__code__in=codes, option__isnull=False)
    multiple = AnswerChoice.objects.filter(answer__response__in=completed, answer__question__code__in=codes)
    chosen: Counter = Counter()  # option pk → completed responses choosing it
    for rows in (single, multiple):
        chosen.update(dict(rows.order_by().values_list("option_id").annotate(n=Count("pk"))))
    options = Option.objects.filter(question__questionnaire=survey.questionnaire, question__code__in=codes)
    counts: dict[str, list[tuple[str, str, int]]] = {code: [] for code in codes}
    for option in options.annotate(question_code=F("question__code")).order_by("order", "pk"):
        counts[option.question_code].append((option.code, option.label, chosen[option.pk]))
    return counts


def option_counts(
    *, survey: Survey, question_code: str, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[str, str, int]]:
    """(option code, label, completed responses choosing it) in option order, zeros included."""
    return option_counts_by_question(survey, clusters, (question_code,))[question_code]


def completed_responses(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> QuerySet[Response]:
    return completed_in(survey, clusters).select_related("cluster").order_by("cluster__name")


def _cluster_names(responses: QuerySet[Response]) -> QuerySet[Response]:
    """Only what a per-cluster row shows of its cluster, so a streamed chunk stays small."""
    return responses.only("cluster__name")


def _answer_value(code: str, field: str = "value_int") -> Subquery:
    """One response's answer to `code`: its number, or another field."""
    answer = Answer.objects.filter(response=OuterRef("pk"), question__code=code).order_by()
    return Subquery(answer.values(field)[:1])


def number_answer_rows(
    *, survey: Survey, question_codes: Sequence[str], clusters: QuerySet[Cluster] | None = None
) -> Iterator[tuple[Cluster, list[tuple[int | None, bool]]]]:
    """Every completed response's cluster by name, with (number or None if unanswered, is estimate) for
    each of `question_codes`; streamed from the database in chunks."""
    columns = {}
    for index, code in enumerate(question_codes):
        columns[f"number_{index}"] = _answer_value(code)
        columns[f"estimate_{index}"] = _answer_value(code, "is_estimate")
    responses = _cluster_names(completed_responses(survey=survey, clusters=clusters)).annotate(**columns)
    for response in responses.iterator(chunk_size=CHUNK):
        yield (
            response.cluster,
            [
                (getattr(response, f"number_{index}"), bool(getattr(response, f"estimate_{index}")))
                for index in range(len(question_codes))
            ],
        )


def number_answers(
    *, survey: Survey, question_code: str, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[Cluster, int | None, bool]]:
    """(cluster, number or None if unanswered, is estimate) for every completed response, by cluster name."""
    rows = number_answer_rows(survey=survey, question_codes=(question_code,), clusters=clusters)
    return [(cluster, value, estimate) for cluster, ((value, estimate),) in rows]


def municipal_agreement_rows(
    *, survey: Survey, municipalities: Sequence[Municipality], clusters: QuerySet[Cluster] | None = None
) -> Iterator[tuple[Cluster, list[bool]]]:
    """Every completed response's cluster by name, with whether it chose each of `municipalities` in
    `agreements`; streamed from the database in chunks."""
    columns = {
        f"municipality_{index}": Exists(
            AnswerChoice.objects.filter(
                answer__response=OuterRef("pk"),
                answer__question__code="agreements",
                option__municipality=municipality,
            )
        )
        for index, municipality in enumerate(municipalities)
    }
    responses = _cluster_names(completed_responses(survey=survey, clusters=clusters)).annotate(**columns)
    for response in responses.iterator(chunk_size=CHUNK):
        yield response.cluster, [getattr(response, name) for name in columns]


@dataclass(frozen=True)
class ClusterMembers:
    name: str
    large: int | None  # members with over 50 employees; None if unanswered
    small: int | None
    is_estimate: bool


def largest_by_members(
    *, survey: Survey, limit: int, clusters: QuerySet[Cluster] | None = None
) -> list[ClusterMembers]:
    """The `limit` responding clusters with the most North Jutland members (both size bands together),
    largest first, then by name: chosen in SQL, so a chart of the largest costs the same at any size."""
    responses = completed_in(survey, clusters).annotate(
        large=_answer_value("members_nj_large"),
        small=_answer_value("members_nj_small"),
        large_estimate=_answer_value("members_nj_large", "is_estimate"),
        small_estimate=_answer_value("members_nj_small", "is_estimate"),
    )
    size = Coalesce(F("large"), Value(0)) + Coalesce(F("small"), Value(0))
    rows = responses.order_by(size.desc(), "cluster__name", "pk").values_list(
        "cluster__name", "large", "small", "large_estimate", "small_estimate"
    )[:limit]
    return [
        ClusterMembers(name, large, small, bool(large_estimate or small_estimate))
        for name, large, small, large_estimate, small_estimate in rows
    ]


def largest_by_municipal_agreements(
    *, survey: Survey, limit: int, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[str, set[int]]]:
    """The `limit` responding clusters with the most municipalities chosen in `agreements`, most first, then by
    name, each with the ids of those municipalities: two queries at any size."""
    top = list(
        completed_in(survey, clusters)
        .annotate(held=municipalities_held())
        .order_by("-held", "cluster__name", "pk")
        .values_list("pk", "cluster__name")[:limit]
    )
    chosen: dict[int, set[int]] = defaultdict(set)
    for response_id, municipality_id in (
        municipal_choices()
        .filter(answer__response__in=[pk for pk, _name in top])
        .values_list("answer__response", "option__municipality")
    ):
        chosen[response_id].add(municipality_id)
    return [(name, chosen[pk]) for pk, name in top]


# --- Responses and answers for display -----------------------------------------------------------------


def survey_overview(*, survey: Survey) -> dict:
    """The survey overview: every invitation with its status, completion, last change and who has not answered."""
    responses = list(
        survey.responses.select_related("cluster", "updated_by", "link").order_by("cluster__name")
    )
    completed = [response for response in responses if response.is_completed]
    return {
        "responses": responses,
        "invited": len(responses),
        "completed": len(completed),
        "partial": sum(1 for response in responses if response.status == ResponseStatus.PARTIAL),
        "completion_rate": round(100 * len(completed) / len(responses), 1) if responses else None,
        "last_change": max((r.updated_at for r in responses if r.updated_at), default=None),
        "not_answered": [response for response in responses if not response.is_completed],
    }


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.select_related("period").annotate(
        invited_count=Count("responses", distinct=True),
        completed_count=Count(
            "responses", filter=Q(responses__status=ResponseStatus.COMPLETED), distinct=True
        ),
        last_change=Max("responses__updated_at"),
    )


@dataclass(frozen=True)
class DisplayAnswer:
    question_code: str
    question: str
    type: str
    answered: bool
    text: str  # the answer as a reader sees it (option labels, ja/nej, the number)
    value: bool | int | str | frozenset[str] | None
    is_estimate: bool = False


@dataclass(frozen=True)
class DisplaySection:
    title: str
    answers: list[DisplayAnswer]


def response_answers(*, schema: Schema, response: Response) -> Answers:
    """A response's stored answers as typed values by question code (two queries)."""
    # Unordered, and the options' codes from the schema: the rows are looked up by key, so the models' default
    # orderings and a join to the options would only cost time.
    stored = {answer.question_id: answer for answer in response.answers.order_by()}
    chosen: dict[int, set[str]] = defaultdict(set)
    for answer_id, option_id in (
        AnswerChoice.objects.filter(answer__response=response)
        .order_by()
        .values_list("answer_id", "option_id")
    ):
        chosen[answer_id].add(schema.options_by_pk[option_id].code)
    return {
        question.code: stored_value(question, stored[question.pk], frozenset(chosen[stored[question.pk].pk]))
        for question in schema.questions
        if question.pk in stored
    }


def response_sections(*, response: Response) -> list[DisplaySection]:
    """A response's answers grouped by section, in questionnaire order, for display."""
    schema = schema_load(response.survey.questionnaire)
    answers = response_answers(schema=schema, response=response)
    return [
        DisplaySection(
            title=section.title,
            answers=[
                _display(question, answers.get(question.code)) for question in schema.questions_of(section)
            ],
        )
        for section in schema.sections
    ]


def _display(question, answer: AnswerValue | None) -> DisplayAnswer:
    if answer is None:
        return DisplayAnswer(question.code, question.text, question.type, False, "", None)
    value = answer.value
    match question.type:
        case QuestionType.YES_NO:
            text = str(_("Ja") if value else _("Nej"))
        case QuestionType.SINGLE_CHOICE:
            text = question.options_by_code[value].label
        case QuestionType.MULTIPLE_CHOICE:
            text = ", ".join(option.label for option in question.option_list if option.code in value) or str(
                _("Ingen")
            )
        case _:
            text = str(value)
    return DisplayAnswer(question.code, question.text, question.type, True, text, value, answer.is_estimate)


def cluster_survey_answers(*, cluster: Cluster, user) -> list[dict]:
    """The cluster's answers in every survey it was invited to that `user` may see, newest survey first."""
    responses = (
        Response.objects.filter(cluster=cluster)
        .select_related("survey__questionnaire", "updated_by")
        .order_by("-survey__year", "survey__title")
    )
    return [
        {
            "survey": response.survey,
            "response": response,
            "sections": response_sections(response=response),
        }
        for response in responses
        if may_see_cluster_answers(user=user, survey=response.survey)
    ]
