"""Reads and aggregates of survey answers. Every survey figure the portal shows is computed here, once.

Only completed responses count in any figure. `clusters` (a Cluster queryset) restricts a figure to those
clusters' invitations and responses, for the dashboard filters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Municipality
from portal.permissions import Role, has_role, is_staff_or_admin
from surveys.models import Answer, AnswerChoice, QuestionType, Response, ResponseStatus, Survey
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


# --- Loading the answers behind the figures (constant number of queries) ------------------------------


@dataclass
class _Facts:
    """The typed answers of a survey's completed responses, as plain dicts keyed by response id."""

    invited: dict[int, int]  # response id → cluster id
    completed: dict[int, int]
    values: dict[str, dict[int, bool | int | str | frozenset[str]]]  # question code → response id → value
    estimated: dict[str, set[int]]  # question code → response ids that marked an estimate
    municipal: dict[int, set[int]]  # response id → municipality ids chosen in `agreements`

    def answered(self, code: str) -> dict:
        return self.values.get(code, {})


def _responses(survey: Survey, clusters: QuerySet[Cluster] | None) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey)
    if clusters is not None:
        responses = responses.filter(cluster__in=clusters)
    return responses


def _facts(survey: Survey, clusters: QuerySet[Cluster] | None) -> _Facts:
    responses = _responses(survey, clusters)
    invited, completed = {}, {}
    for pk, cluster_id, status in responses.values_list("pk", "cluster_id", "status"):
        invited[pk] = cluster_id
        if status == ResponseStatus.COMPLETED:
            completed[pk] = cluster_id
    values: dict[str, dict[int, object]] = defaultdict(dict)
    estimated: dict[str, set[int]] = defaultdict(set)
    answers = Answer.objects.filter(response_id__in=list(completed)).values_list(
        "response_id",
        "question__code",
        "question__type",
        "value_bool",
        "value_int",
        "value_text",
        "option__code",
        "is_estimate",
    )
    for response_id, code, kind, value_bool, value_int, value_text, option_code, is_estimate in answers:
        values[code][response_id] = {
            QuestionType.YES_NO: value_bool,
            QuestionType.INTEGER: value_int,
            QuestionType.TEXT: value_text,
            QuestionType.SINGLE_CHOICE: option_code,
            QuestionType.MULTIPLE_CHOICE: frozenset(),
        }[kind]
        if is_estimate:
            estimated[code].add(response_id)
    municipal: dict[int, set[int]] = defaultdict(set)
    choices = AnswerChoice.objects.filter(answer__response_id__in=list(completed)).values_list(
        "answer__response_id", "answer__question__code", "option__code", "option__municipality_id"
    )
    for response_id, code, option_code, municipality_id in choices:
        values[code][response_id] = values[code][response_id] | {option_code}
        if code == "agreements" and municipality_id is not None:
            municipal[response_id].add(municipality_id)
    return _Facts(invited, completed, values, estimated, municipal)


# --- The figures: one definition each ------------------------------------------------------------------


@dataclass(frozen=True)
class _Definition:
    key: str
    label: str
    question_code: str
    members: Callable[[_Facts], set[int]]  # the responses behind the figure (drill-down)
    value: Callable[[_Facts], int | float | None] | None = None  # default: how many members
    unit: str = ""


def _where(code: str, test: Callable[[object], bool]) -> Callable[[_Facts], set[int]]:
    return lambda facts: {pk for pk, value in facts.answered(code).items() if test(value)}


def _reported(code: str) -> Callable[[_Facts], set[int]]:
    return lambda facts: set(facts.answered(code))


def _sum(code: str) -> Callable[[_Facts], int | None]:
    return lambda facts: sum(facts.answered(code).values()) if facts.answered(code) else None


def _response_rate(facts: _Facts) -> float | None:
    return round(100 * len(facts.completed) / len(facts.invited), 1) if facts.invited else None


def _with_municipal_agreement(facts: _Facts) -> set[int]:
    return {pk for pk in facts.answered("agreements") if facts.municipal.get(pk)}


def _most_municipal_agreements(facts: _Facts) -> set[int]:
    most = _max_municipal_agreements(facts)
    return {pk for pk in _with_municipal_agreement(facts) if len(facts.municipal[pk]) == most}


def _max_municipal_agreements(facts: _Facts) -> int | None:
    if not facts.answered("agreements"):
        return None
    return max((len(facts.municipal.get(pk, ())) for pk in facts.answered("agreements")), default=0)


PRESENT = {"own_office", "co_located"}
DEFINITIONS: tuple[_Definition, ...] = (
    _Definition("invited", _("Inviterede klynger"), "", lambda facts: set(facts.invited)),
    _Definition("completed", _("Gennemførte besvarelser"), "", lambda facts: set(facts.completed)),
    _Definition(
        "response_rate", _("Svarprocent"), "", lambda facts: set(facts.completed), _response_rate, unit="%"
    ),
    _Definition("willing_dialogue", _("Ønsker tæt dialog"), "dialog", _where("dialog", lambda v: v is True)),
    _Definition(
        "physically_present",
        _("Fysisk til stede i Nordjylland"),
        "presence",
        _where("presence", PRESENT.__contains__),
    ),
    _Definition(
        "own_office", _("Selvstændigt fysisk kontor"), "presence", _where("presence", "own_office".__eq__)
    ),
    _Definition(
        "co_located", _("Samlokation med Erhvervshuset"), "presence", _where("presence", "co_located".__eq__)
    ),
    _Definition(
        "with_nj_partner", _("Samarbejder med nordjyske aktører"), "partners", _where("partners", bool)
    ),
    _Definition(
        "with_nj_members",
        _("Har virksomhedsmedlemmer i Nordjylland"),
        "members_nj",
        _where("members_nj", lambda v: v > 0),
    ),
    _Definition(
        "members_total",
        _("Medlemmer i Nordjylland"),
        "members_nj",
        _reported("members_nj"),
        _sum("members_nj"),
    ),
    _Definition(
        "members_large",
        _("Medlemmer med over 50 ansatte"),
        "members_nj_large",
        _reported("members_nj_large"),
        _sum("members_nj_large"),
    ),
    _Definition(
        "members_small",
        _("Medlemmer med under 50 ansatte"),
        "members_nj_small",
        _reported("members_nj_small"),
        _sum("members_nj_small"),
    ),
    _Definition(
        "unique_companies",
        _("Unikke virksomheder"),
        "unique_companies",
        _reported("unique_companies"),
        _sum("unique_companies"),
    ),
    _Definition(
        "participants", _("Deltagere"), "participants", _reported("participants"), _sum("participants")
    ),
    _Definition(
        "with_activities",
        _("Har aktiviteter i Nordjylland"),
        "activity_types",
        _where("activity_types", bool),
    ),
    _Definition(
        "without_agreement",
        _("Uden samarbejdsaftale"),
        "agreements",
        _where("agreements", lambda v: not v),
    ),
    _Definition(
        "municipal_agreements",
        _("Samarbejdsaftaler med kommuner"),
        "agreements",
        _with_municipal_agreement,
        lambda facts: sum(len(facts.municipal[pk]) for pk in _with_municipal_agreement(facts)),
    ),
    _Definition(
        "municipalities_with_agreement",
        _("Kommuner med en samarbejdsaftale"),
        "agreements",
        _with_municipal_agreement,
        lambda facts: len(set().union(*(facts.municipal[pk] for pk in _with_municipal_agreement(facts)))),
    ),
    _Definition(
        "clusters_with_municipal_agreement",
        _("Klynger med kommunale samarbejdsaftaler"),
        "agreements",
        _with_municipal_agreement,
    ),
    _Definition(
        "max_municipal_agreements_one_cluster",
        _("Flest kommunale aftaler hos én klynge"),
        "agreements",
        _most_municipal_agreements,
        _max_municipal_agreements,
    ),
)
KEYS = tuple(definition.key for definition in DEFINITIONS)
_BY_KEY = {definition.key: definition for definition in DEFINITIONS}


def _figure(definition: _Definition, facts: _Facts) -> KeyFigure:
    code = definition.question_code
    members = definition.members(facts)
    value = definition.value(facts) if definition.value else len(members)
    if code:
        reported = facts.answered(code)
        reported_by, estimated_by = len(reported), len(facts.estimated.get(code, set()) & reported.keys())
    else:
        reported_by = len(facts.invited) if definition.key != "completed" else len(facts.completed)
        estimated_by = 0
    return KeyFigure(
        key=definition.key,
        label=str(definition.label),
        value=value,
        reported_by=reported_by,
        estimated_by=estimated_by,
        unit=definition.unit,
        question_code=code,
    )


def key_figures(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> dict[str, KeyFigure]:
    """The contract's key figures in the contract's order, from completed responses only (three queries)."""
    facts = _facts(survey, clusters)
    return {definition.key: _figure(definition, facts) for definition in DEFINITIONS}


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
    facts = _facts(survey, clusters)
    responses = _BY_KEY[key].members(facts)
    return list(Cluster.objects.filter(pk__in=[facts.invited[pk] for pk in responses]).order_by("name"))


# --- Other aggregates for dashboards and exports -------------------------------------------------------


def completed_responses(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> QuerySet[Response]:
    return (
        _responses(survey, clusters)
        .filter(status=ResponseStatus.COMPLETED)
        .select_related("cluster")
        .order_by("cluster__name")
    )


def option_counts(
    *, survey: Survey, question_code: str, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[str, str, int]]:
    """(option code, label, completed responses choosing it) in option order, zeros included."""
    question = survey.questionnaire.questions.get(code=question_code)
    chosen = Counter(
        code
        for value in _facts(survey, clusters).answered(question_code).values()
        for code in (value if isinstance(value, frozenset) else {value})
    )
    return [
        (option.code, option.label, chosen[option.code])
        for option in question.options.order_by("order", "pk")
    ]


def number_answers(
    *, survey: Survey, question_code: str, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[Cluster, int | None, bool]]:
    """(cluster, number or None if unanswered, is estimate) for every completed response, by cluster name."""
    answers = {
        answer.response_id: answer
        for answer in Answer.objects.filter(
            response__in=completed_responses(survey=survey, clusters=clusters), question__code=question_code
        )
    }
    result = []
    for response in completed_responses(survey=survey, clusters=clusters):
        answer = answers.get(response.pk)
        result.append((response.cluster, answer and answer.value_int, bool(answer and answer.is_estimate)))
    return result


def agreement_pairs(
    *, survey: Survey, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[Cluster, Municipality]]:
    """The (cluster, municipality) pairs chosen in `agreements` by completed responses."""
    choices = (
        AnswerChoice.objects.filter(
            answer__response__in=completed_responses(survey=survey, clusters=clusters),
            answer__question__code="agreements",
            option__municipality__isnull=False,
        )
        .select_related("answer__response__cluster", "option__municipality")
        .order_by("answer__response__cluster__name", "option__municipality__name")
    )
    return [(choice.answer.response.cluster, choice.option.municipality) for choice in choices]


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


def may_see_cluster_answers(*, user, survey: Survey) -> bool:
    """Staff and administrators see each cluster's answers; the board only when the survey allows it."""
    return is_staff_or_admin(user) or (survey.board_sees_cluster_answers and has_role(user, {Role.BOARD}))


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
