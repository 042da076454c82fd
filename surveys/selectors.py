"""Reads and aggregates of survey answers. Every survey figure the portal shows is computed here, once.

Only completed responses count in any figure. `clusters` (a Cluster queryset) restricts a figure to those
clusters' invitations and responses, for the dashboard filters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

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
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Municipality
from surveys.disclosure import may_see_cluster_answers
from surveys.models import Answer, AnswerChoice, Option, QuestionType, Response, ResponseStatus, Survey
from surveys.schema import Answers, AnswerValue, Schema, schema_load, stored_value


@dataclass(frozen=True)
class KeyFigure:
    key: str  # contract key, e.g. "unique_companies"
    label: str  # Danish label, e.g. "Unikke virksomheder"
    value: int | float | None
    reported_by: int  # completed responses that answered the question behind it
    estimated_by: int  # of those, how many marked the number as an estimate
    unit: str = ""  # "%" for response_rate
    question_code: str = ""  # question behind it ("" for invited/completed/response_rate)


CHUNK = 500  # rows per fetch where rows are streamed: memory stays that of one chunk


# --- The figures: one definition each, counted and summed in SQL ----------------------------------------
# Every figure rests on a set of invitations (its basis and its drill-down), written once as a condition
# on Response rows; the database counts them, so memory and Python time stay flat however many answers.


def _responses(survey: Survey, clusters: QuerySet[Cluster] | None) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey)
    if clusters is not None:
        responses = responses.filter(cluster__in=clusters)
    return responses.order_by()


def _completed(survey: Survey, clusters: QuerySet[Cluster] | None) -> QuerySet[Response]:
    return _responses(survey, clusters).filter(status=ResponseStatus.COMPLETED)


COMPLETED = Q(status=ResponseStatus.COMPLETED)


def _answered(code: str, **lookups) -> Q:
    """Completed, with an answer to `code` (matching `lookups`)."""
    answers = Answer.objects.filter(response=OuterRef("pk"), question__code=code, **lookups)
    return COMPLETED & Q(Exists(answers))


def _choices(code: str) -> Q:
    """At least one option of the multiple-choice question `code` chosen."""
    return Q(
        Exists(AnswerChoice.objects.filter(answer__response=OuterRef("pk"), answer__question__code=code))
    )


def _chose_any(code: str) -> Q:
    return COMPLETED & _choices(code)


def _municipal_choices() -> QuerySet[AnswerChoice]:
    """Municipalities chosen in `agreements` (the question also offers other kinds of party)."""
    return AnswerChoice.objects.filter(
        answer__question__code="agreements", option__municipality__isnull=False
    )


def _municipalities_held() -> Coalesce:
    """How many municipalities the outer response chose in `agreements`."""
    choices = (
        _municipal_choices()
        .filter(answer__response=OuterRef("pk"))
        .order_by()
        .values("answer__response")
        .annotate(held=Count("option__municipality", distinct=True))
        .values("held")
    )
    return Coalesce(Subquery(choices, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class _QuestionTotals:
    reported: int = 0  # completed responses that answered it
    estimated: int = 0  # of those, how many marked the number as an estimate
    total: int | None = None  # sum of the numbers (None when nobody answered)


@dataclass
class _Totals:
    """What the figures are made of, each read from the database by one aggregate query."""

    questions: dict[str, _QuestionTotals]
    municipal: Counter  # municipalities with an agreement per completed response → how many responses
    municipalities: int  # distinct municipalities with an agreement
    bases: dict[str, int] = field(default_factory=dict)  # figure key → invitations it rests on

    def question(self, code: str) -> _QuestionTotals:
        return self.questions.get(code, _QuestionTotals())

    @property
    def most_municipal(self) -> int | None:
        """The most municipality agreements one cluster holds (None when nobody answered `agreements`)."""
        if not self.question("agreements").reported:
            return None
        return max((held for held in self.municipal if held > 0), default=0)


def _totals(survey: Survey, clusters: QuerySet[Cluster] | None) -> _Totals:
    completed = _completed(survey, clusters)
    questions = {
        code: _QuestionTotals(reported, estimated, total)
        for code, reported, estimated, total in Answer.objects.filter(response__in=completed)
        .order_by()
        .values("question__code")
        .annotate(
            reported=Count("pk"), estimated=Count("pk", filter=Q(is_estimate=True)), total=Sum("value_int")
        )
        .values_list("question__code", "reported", "estimated", "total")
    }
    municipal = Counter(
        dict(completed.annotate(held=_municipalities_held()).values_list("held").annotate(n=Count("pk")))
    )
    municipalities = (
        _municipal_choices()
        .filter(answer__response__in=completed)
        .aggregate(distinct=Count("option__municipality", distinct=True))["distinct"]
    )
    return _Totals(questions=questions, municipal=municipal, municipalities=municipalities)


@dataclass(frozen=True)
class _Definition:
    key: str
    label: str
    question_code: str
    members: Callable[[_Totals], Q]  # the invitations behind the figure (its basis and drill-down)
    value: Callable[[_Totals], int | float | None] | None = None  # default: how many members
    unit: str = ""


def _always(condition: Q) -> Callable[[_Totals], Q]:
    return lambda totals: condition


def _sum(code: str) -> Callable[[_Totals], int | None]:
    return lambda totals: totals.question(code).total


def _response_rate(totals: _Totals) -> float | None:
    invited, completed = totals.bases["invited"], totals.bases["completed"]
    return round(100 * completed / invited, 1) if invited else None


def _most_municipal_agreements(totals: _Totals) -> Q:
    return WITH_MUNICIPAL_AGREEMENT & Q(Exact(_municipalities_held(), totals.most_municipal or 0))


PRESENT = ("own_office", "co_located")
WITH_MUNICIPAL_AGREEMENT = COMPLETED & Q(GreaterThan(_municipalities_held(), 0))
DEFINITIONS: tuple[_Definition, ...] = (
    _Definition("invited", _("Inviterede klynger"), "", _always(Q())),
    _Definition("completed", _("Gennemførte besvarelser"), "", _always(COMPLETED)),
    _Definition("response_rate", _("Svarprocent"), "", _always(COMPLETED), _response_rate, unit="%"),
    _Definition(
        "willing_dialogue", _("Ønsker tæt dialog"), "dialog", _always(_answered("dialog", value_bool=True))
    ),
    _Definition(
        "physically_present",
        _("Fysisk til stede i Nordjylland"),
        "presence",
        _always(_answered("presence", option__code__in=PRESENT)),
    ),
    _Definition(
        "own_office",
        _("Selvstændigt fysisk kontor"),
        "presence",
        _always(_answered("presence", option__code="own_office")),
    ),
    _Definition(
        "co_located",
        _("Samlokation med Erhvervshuset"),
        "presence",
        _always(_answered("presence", option__code="co_located")),
    ),
    _Definition(
        "with_nj_partner",
        _("Samarbejder med nordjyske aktører"),
        "partners",
        _always(_chose_any("partners")),
    ),
    _Definition(
        "with_nj_members",
        _("Har virksomhedsmedlemmer i Nordjylland"),
        "members_nj",
        _always(_answered("members_nj", value_int__gt=0)),
    ),
    _Definition(
        "members_total",
        _("Medlemmer i Nordjylland"),
        "members_nj",
        _always(_answered("members_nj")),
        _sum("members_nj"),
    ),
    _Definition(
        "members_large",
        _("Medlemmer med over 50 ansatte"),
        "members_nj_large",
        _always(_answered("members_nj_large")),
        _sum("members_nj_large"),
    ),
    _Definition(
        "members_small",
        _("Medlemmer med under 50 ansatte"),
        "members_nj_small",
        _always(_answered("members_nj_small")),
        _sum("members_nj_small"),
    ),
    _Definition(
        "unique_companies",
        _("Unikke virksomheder"),
        "unique_companies",
        _always(_answered("unique_companies")),
        _sum("unique_companies"),
    ),
    _Definition(
        "participants",
        _("Deltagere"),
        "participants",
        _always(_answered("participants")),
        _sum("participants"),
    ),
    _Definition(
        "with_activities",
        _("Har aktiviteter i Nordjylland"),
        "activity_types",
        _always(_chose_any("activity_types")),
    ),
    _Definition(
        "without_agreement",
        _("Uden samarbejdsaftale"),
        "agreements",
        _always(_answered("agreements") & ~_choices("agreements")),
    ),
    _Definition(
        "municipal_agreements",
        _("Samarbejdsaftaler med kommuner"),
        "agreements",
        _always(WITH_MUNICIPAL_AGREEMENT),
        lambda totals: sum(held * responses for held, responses in totals.municipal.items()),
    ),
    _Definition(
        "municipalities_with_agreement",
        _("Kommuner med en samarbejdsaftale"),
        "agreements",
        _always(WITH_MUNICIPAL_AGREEMENT),
        lambda totals: totals.municipalities,
    ),
    _Definition(
        "clusters_with_municipal_agreement",
        _("Klynger med kommunale samarbejdsaftaler"),
        "agreements",
        _always(WITH_MUNICIPAL_AGREEMENT),
    ),
    _Definition(
        "max_municipal_agreements_one_cluster",
        _("Flest kommunale aftaler hos én klynge"),
        "agreements",
        _most_municipal_agreements,
        lambda totals: totals.most_municipal,
    ),
)
KEYS = tuple(definition.key for definition in DEFINITIONS)
_BY_KEY = {definition.key: definition for definition in DEFINITIONS}


def _figure(definition: _Definition, totals: _Totals) -> KeyFigure:
    code = definition.question_code
    if code:
        reported_by, estimated_by = totals.question(code).reported, totals.question(code).estimated
    else:
        reported_by, estimated_by = (
            totals.bases["completed" if definition.key == "completed" else "invited"],
            0,
        )
    return KeyFigure(
        key=definition.key,
        label=str(definition.label),
        value=definition.value(totals) if definition.value else totals.bases[definition.key],
        reported_by=reported_by,
        estimated_by=estimated_by,
        unit=definition.unit,
        question_code=code,
    )


@dataclass(frozen=True)
class SurveyNumbers:
    figures: dict[str, KeyFigure]
    bases: dict[str, int]  # how many clusters each figure rests on (its drill-down)
    options: dict[str, list[tuple[str, str, int]]]  # question code → option_counts rows


def survey_numbers(
    *, survey: Survey, clusters: QuerySet[Cluster] | None = None, option_codes: tuple[str, ...] = ()
) -> SurveyNumbers:
    """Everything the dashboard, the JSON and the Excel summary show from the answers: the key figures in
    the contract's order, how many clusters each rests on, and the option counts of `option_codes`.
    Aggregated in the database, in a constant number of queries whatever the number of answers."""
    totals = _totals(survey, clusters)
    totals.bases = _responses(survey, clusters).aggregate(
        **{definition.key: Count("pk", filter=definition.members(totals)) for definition in DEFINITIONS}
    )
    return SurveyNumbers(
        figures={definition.key: _figure(definition, totals) for definition in DEFINITIONS},
        bases=totals.bases,
        options=_option_counts(survey, clusters, option_codes) if option_codes else {},
    )


def key_figures(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> dict[str, KeyFigure]:
    """The contract's key figures in the contract's order, from completed responses only."""
    return survey_numbers(survey=survey, clusters=clusters).figures


def key_figures_payload(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> dict:
    """The JSON shape of the contract (plus `is_demo`, so illustrative answers are never taken for real)."""
    return figures_payload(survey=survey, figures=key_figures(survey=survey, clusters=clusters))


def figures_payload(*, survey: Survey, figures: dict[str, KeyFigure]) -> dict:
    """Key figures already computed, in the contract's JSON shape."""
    return {
        "survey": survey.slug,
        "is_demo": survey.is_demo,
        "figures": {
            key: {
                "value": figure.value,
                "reported_by": figure.reported_by,
                "estimated_by": figure.estimated_by,
                "label": figure.label,
            }
            for key, figure in figures.items()
        },
    }


def key_figure_clusters(
    *, survey: Survey, key: str, clusters: QuerySet[Cluster] | None = None
) -> list[Cluster]:
    """The clusters behind a figure (drill-down): those counted, or those that reported a summed number."""
    members = _BY_KEY[key].members(_totals(survey, clusters))
    responses = _responses(survey, clusters).filter(members)
    return list(Cluster.objects.filter(pk__in=responses.values("cluster_id")).order_by("name"))


# --- Other aggregates for dashboards and exports -------------------------------------------------------


def _option_counts(
    survey: Survey, clusters: QuerySet[Cluster] | None, codes: Sequence[str]
) -> dict[str, list[tuple[str, str, int]]]:
    completed = _completed(survey, clusters)
    single = Answer.objects.filter(response__in=completed, question__code__in=codes, option__isnull=False)
    multiple = AnswerChoice.objects.filter(answer__response__in=completed, answer__question__code__in=codes)
    chosen: Counter = Counter()  # option pk → completed responses choosing it
    for rows in (single, multiple):
        chosen.update(dict(rows.order_by().values_list("option_id").annotate(n=Count("pk"))))
    options = Option.objects.filter(question__questionnaire=survey.questionnaire, question__code__in=codes)
    counts: dict[str, list[tuple[str, str, int]]] = {code: [] for code in codes}
    for option in options.select_related("question").order_by("order", "pk"):
        counts[option.question.code].append((option.code, option.label, chosen[option.pk]))
    return counts


def option_counts(
    *, survey: Survey, question_code: str, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[str, str, int]]:
    """(option code, label, completed responses choosing it) in option order, zeros included."""
    return _option_counts(survey, clusters, (question_code,))[question_code]


def completed_responses(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> QuerySet[Response]:
    return _completed(survey, clusters).select_related("cluster").order_by("cluster__name")


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
    responses = _completed(survey, clusters).annotate(
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
        _completed(survey, clusters)
        .annotate(held=_municipalities_held())
        .order_by("-held", "cluster__name", "pk")
        .values_list("pk", "cluster__name")[:limit]
    )
    chosen: dict[int, set[int]] = defaultdict(set)
    for response_id, municipality_id in (
        _municipal_choices()
        .filter(answer__response__in=[pk for pk, _name in top])
        .values_list("answer__response", "option__municipality")
    ):
        chosen[response_id].add(municipality_id)
    return [(name, chosen[pk]) for pk, name in top]


# --- Responses and answers for display -----------------------------------------------------------------


def survey_overview(*, survey: Survey) -> dict:
    """The survey overview: every invitation with its status, completion, last change and who has not answered."""
    responses = list(survey.responses.select_related("cluster", "updated_by").order_by("cluster__name"))
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
    stored = {answer.question_id: answer for answer in response.answers.all()}
    chosen: dict[int, set[str]] = defaultdict(set)
    for answer_id, option_code in AnswerChoice.objects.filter(answer__response=response).values_list(
        "answer_id", "option__code"
    ):
        chosen[answer_id].add(option_code)
    return {
        question.code: stored_value(question, stored[question.pk], frozenset(chosen[stored[question.pk].pk]))
        for question in schema.questions
        if question.pk in stored
    }


def cluster_answers(*, survey: Survey, cluster: Cluster) -> list[DisplaySection]:
    """One cluster's answers grouped by section, in questionnaire order, for display."""
    schema = schema_load(survey.questionnaire)
    response = Response.objects.filter(survey=survey, cluster=cluster).first()
    answers = response_answers(schema=schema, response=response) if response is not None else {}
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
            "sections": cluster_answers(survey=response.survey, cluster=cluster),
        }
        for response in responses
        if may_see_cluster_answers(user=user, survey=response.survey)
    ]
