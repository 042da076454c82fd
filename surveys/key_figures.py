"""The contract's key figures (../shared/survey-2023.md): one definition each, counted and summed in SQL.

Only completed responses count in any figure. `clusters` (a Cluster queryset) restricts a figure to those
clusters' invitations and responses, for the dashboard filters.

Every figure rests on a set of invitations (its basis and its drill-down), written once as a condition on
Response rows; the database counts them, so memory and Python time stay flat however many answers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.lookups import Exact, GreaterThan
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from surveys.disclosure import Disclosure
from surveys.models import Answer, AnswerChoice, ResponseStatus, Survey
from surveys.selectors import (
    completed_in,
    municipal_choices,
    municipalities_held,
    responses_in,
)


@dataclass(frozen=True)
class KeyFigure:
    key: str  # contract key, e.g. "unique_companies"
    label: str  # Danish label, e.g. "Unikke virksomheder"
    value: int | float | None
    reported_by: int  # completed responses that answered the question behind it
    estimated_by: int  # of those, how many marked the number as an estimate
    unit: str = ""  # "%" for response_rate
    question_code: str = ""  # question behind it ("" for invited/completed/response_rate)


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


def _totals(surveys: Sequence[Survey], clusters: QuerySet[Cluster] | None) -> dict[int, _Totals]:
    """Each wave's totals (by survey pk), in three grouped queries however many waves."""
    completed = completed_in(surveys, clusters)
    questions = defaultdict(dict)
    for survey_id, code, reported, estimated, total in (
        Answer.objects.filter(response__in=completed)
        .order_by()
        .values("response__survey_id", "question__code")
        .annotate(
            reported=Count("pk"), estimated=Count("pk", filter=Q(is_estimate=True)), total=Sum("value_int")
        )
        .values_list("response__survey_id", "question__code", "reported", "estimated", "total")
    ):
        questions[survey_id][code] = _QuestionTotals(reported, estimated, total)
    municipal = defaultdict(Counter)
    for survey_id, held, responses in (
        completed.annotate(held=municipalities_held())
        .values_list("survey_id", "held")
        .annotate(n=Count("pk"))
    ):
        municipal[survey_id][held] = responses
    municipalities = dict(
        municipal_choices()
        .filter(answer__response__in=completed)
        .order_by()
        .values("answer__response__survey_id")
        .annotate(distinct=Count("option__municipality", distinct=True))
        .values_list("answer__response__survey_id", "distinct")
    )
    return {
        survey.pk: _Totals(
            questions=questions[survey.pk],
            municipal=municipal[survey.pk],
            municipalities=municipalities.get(survey.pk, 0),
        )
        for survey in surveys
    }


@dataclass(frozen=True)
class _Definition:
    key: str
    label: str
    question_code: str
    # The invitations behind the figure (its basis and drill-down): a condition on Response rows, or one
    # that depends on the wave's totals.
    members: Q | Callable[[_Totals], Q]
    value: Callable[[_Totals], int | float | None] | None = None  # default: how many members
    unit: str = ""
    # How many members, when the totals already tell (so the big aggregate need not count them again).
    # A figure without one must have a plain condition: one grouped query counts it for every wave.
    base: Callable[[_Totals], int] | None = None

    def members_of(self, totals: _Totals) -> Q:
        return self.members(totals) if callable(self.members) else self.members


def _sum(code: str) -> Callable[[_Totals], int | None]:
    return lambda totals: totals.question(code).total


def _reported(code: str) -> Callable[[_Totals], int]:
    return lambda totals: totals.question(code).reported


def _with_municipal(totals: _Totals) -> int:
    return sum(responses for held, responses in totals.municipal.items() if held > 0)


def _holding_most(totals: _Totals) -> int:
    return totals.municipal[totals.most_municipal] if totals.most_municipal else 0


def _response_rate(totals: _Totals) -> float | None:
    invited, completed = totals.bases["invited"], totals.bases["completed"]
    return round(100 * completed / invited, 1) if invited else None


def _most_municipal_agreements(totals: _Totals) -> Q:
    return WITH_MUNICIPAL_AGREEMENT & Q(Exact(municipalities_held(), totals.most_municipal or 0))


PRESENT = ("own_office", "co_located")
WITH_MUNICIPAL_AGREEMENT = COMPLETED & Q(GreaterThan(municipalities_held(), 0))
DEFINITIONS: tuple[_Definition, ...] = (
    _Definition("invited", _("Inviterede klynger"), "", Q()),
    _Definition("completed", _("Gennemførte besvarelser"), "", COMPLETED),
    _Definition("response_rate", _("Svarprocent"), "", COMPLETED, _response_rate, unit="%"),
    _Definition("willing_dialogue", _("Ønsker tæt dialog"), "dialog", _answered("dialog", value_bool=True)),
    _Definition(
        "physically_present",
        _("Fysisk til stede i Nordjylland"),
        "presence",
        _answered("presence", option__code__in=PRESENT),
    ),
    _Definition(
        "own_office",
        _("Selvstændigt fysisk kontor"),
        "presence",
        _answered("presence", option__code="own_office"),
    ),
    _Definition(
        "co_located",
        _("Samlokation med Erhvervshuset"),
        "presence",
        _answered("presence", option__code="co_located"),
    ),
    _Definition(
        "with_nj_partner",
        _("Samarbejder med nordjyske aktører"),
        "partners",
        _chose_any("partners"),
    ),
    _Definition(
        "with_nj_members",
        _("Har virksomhedsmedlemmer i Nordjylland"),
        "members_nj",
        _answered("members_nj", value_int__gt=0),
    ),
    _Definition(
        "members_total",
        _("Medlemmer i Nordjylland"),
        "members_nj",
        _answered("members_nj"),
        _sum("members_nj"),
        base=_reported("members_nj"),
    ),
    _Definition(
        "members_large",
        _("Medlemmer med over 50 ansatte"),
        "members_nj_large",
        _answered("members_nj_large"),
        _sum("members_nj_large"),
        base=_reported("members_nj_large"),
    ),
    _Definition(
        "members_small",
        _("Medlemmer med under 50 ansatte"),
        "members_nj_small",
        _answered("members_nj_small"),
        _sum("members_nj_small"),
        base=_reported("members_nj_small"),
    ),
    _Definition(
        "unique_companies",
        _("Unikke virksomheder"),
        "unique_companies",
        _answered("unique_companies"),
        _sum("unique_companies"),
        base=_reported("unique_companies"),
    ),
    _Definition(
        "participants",
        _("Deltagere"),
        "participants",
        _answered("participants"),
        _sum("participants"),
        base=_reported("participants"),
    ),
    _Definition(
        "with_activities",
        _("Har aktiviteter i Nordjylland"),
        "activity_types",
        _chose_any("activity_types"),
    ),
    _Definition(
        "without_agreement",
        _("Uden samarbejdsaftale"),
        "agreements",
        _answered("agreements") & ~_choices("agreements"),
    ),
    _Definition(
        "municipal_agreements",
        _("Samarbejdsaftaler med kommuner"),
        "agreements",
        WITH_MUNICIPAL_AGREEMENT,
        lambda totals: sum(held * responses for held, responses in totals.municipal.items()),
        base=_with_municipal,
    ),
    _Definition(
        "municipalities_with_agreement",
        _("Kommuner med en samarbejdsaftale"),
        "agreements",
        WITH_MUNICIPAL_AGREEMENT,
        lambda totals: totals.municipalities,
        base=_with_municipal,
    ),
    _Definition(
        "clusters_with_municipal_agreement",
        _("Klynger med kommunale samarbejdsaftaler"),
        "agreements",
        WITH_MUNICIPAL_AGREEMENT,
        base=_with_municipal,
    ),
    _Definition(
        "max_municipal_agreements_one_cluster",
        _("Flest kommunale aftaler hos én klynge"),
        "agreements",
        _most_municipal_agreements,
        lambda totals: totals.most_municipal,
        base=_holding_most,
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


def waves_numbers(
    *, surveys: Sequence[Survey], clusters: QuerySet[Cluster] | None = None
) -> dict[int, SurveyNumbers]:
    """The key figures of each wave (by survey pk) with how many clusters each rests on: aggregated in the
    database, in four queries whatever the number of waves or answers."""
    totals_of = _totals(surveys, clusters)
    counted = [definition for definition in DEFINITIONS if definition.base is None]
    counts = {
        row.pop("survey_id"): row
        for row in responses_in(surveys, clusters)
        .values("survey_id")
        .annotate(**{definition.key: Count("pk", filter=definition.members) for definition in counted})
    }
    numbers = {}
    for survey in surveys:
        totals = totals_of[survey.pk]
        counted_here = counts.get(survey.pk, {})
        totals.bases = {
            definition.key: counted_here.get(definition.key, 0)
            if definition.base is None
            else definition.base(totals)
            for definition in DEFINITIONS
        }
        numbers[survey.pk] = SurveyNumbers(
            figures={definition.key: _figure(definition, totals) for definition in DEFINITIONS},
            bases=totals.bases,
        )
    return numbers


def survey_numbers(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> SurveyNumbers:
    """Everything the dashboard, the JSON and the Excel summary show of the key figures: the figures in the
    contract's order and how many clusters each rests on."""
    return waves_numbers(surveys=[survey], clusters=clusters)[survey.pk]


def key_figures(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> dict[str, KeyFigure]:
    """The contract's key figures in the contract's order, from completed responses only."""
    return survey_numbers(survey=survey, clusters=clusters).figures


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


def key_figures_payload_for(
    *, survey: Survey, clusters: QuerySet[Cluster] | None, disclosure: Disclosure
) -> dict:
    """The contract's JSON as one audience may see it: where the board's filtered group is too small
    (`surveys.disclosure`), every figure keeps only its label, with `refused` saying why."""
    if not disclosure.refused:
        return figures_payload(survey=survey, figures=key_figures(survey=survey, clusters=clusters))
    return {
        "survey": survey.slug,
        "is_demo": survey.is_demo,
        "refused": disclosure.message,
        "figures": {
            definition.key: {"value": None, "label": str(definition.label)} for definition in DEFINITIONS
        },
    }


def key_figure_clusters(
    *, survey: Survey, key: str, clusters: QuerySet[Cluster] | None = None
) -> list[Cluster]:
    """The clusters behind a figure (drill-down): those counted, or those that reported a summed number."""
    members = _BY_KEY[key].members_of(_totals([survey], clusters)[survey.pk])
    responses = responses_in(survey, clusters).filter(members)
    return list(Cluster.objects.filter(pk__in=responses.values("cluster_id")).order_by("name"))
