"""What the survey dashboard, the meeting pack and the Excel summary show.

The figures come from `surveys.key_figures` and `surveys.selectors` only, shown as `surveys.disclosure`
allows; this module phrases each key figure's basis and finds the wave to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusters.models import Cluster
from surveys.disclosure import Disclosure
from surveys.key_figures import DEFINITIONS, KeyFigure, key_figures
from surveys.models import Question, QuestionType, Response, ResponseStatus, Survey
from surveys.selectors import responses_in


def format_value(value: int | float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = number_format(value, decimal_pos=1 if unit == "%" else None, use_l10n=True, force_grouping=True)
    return f"{text} %" if unit == "%" else text


@dataclass(frozen=True)
class Tile:
    figure: KeyFigure
    value_text: str
    basis_text: str
    compare_text: str = ""
    drilldown_url: str = ""


def in_sentence(label: str) -> str:
    """A label inside a sentence: only its first letter lower-cased, so names keep their case ("medlemmer i
    Nordjylland"); a label opening with an abbreviation stays as it is ("KPI'er")."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _basis_text(figure: KeyFigure, *, completed: int, invited: int, is_sum: bool) -> str:
    if not figure.question_code:
        if figure.key == "invited":
            return ""
        return _("%(completed)s af %(invited)s inviterede klynger") % {
            "completed": completed,
            "invited": invited,
        }
    if not is_sum:
        return _("blandt %(n)s klynger, der svarede") % {"n": figure.reported_by}
    parts = []
    if figure.value is not None and (figure.estimated_by or figure.reported_by < completed):
        parts.append(
            _("minimum %(value)s %(label)s")
            % {"value": format_value(figure.value), "label": in_sentence(figure.label)}
        )
    parts.append(_("oplyst af %(n)s af %(total)s klynger") % {"n": figure.reported_by, "total": completed})
    if figure.estimated_by:
        parts.append(
            ngettext("heraf %(n)s estimat", "heraf %(n)s estimater", figure.estimated_by)
            % {"n": figure.estimated_by}
        )
    return " · ".join(parts)


def summed_keys(survey: Survey) -> set[str]:
    """Figures that add up reported numbers (so they rest on who reported, and may be minimums)."""
    numbers = set(
        Question.objects.filter(questionnaire=survey.questionnaire, type=QuestionType.INTEGER).values_list(
            "code", flat=True
        )
    )
    return {
        definition.key
        for definition in DEFINITIONS
        if definition.value is not None and definition.question_code in numbers
    }


@dataclass(frozen=True)
class Wave:
    survey: Survey
    figures: dict[str, KeyFigure]
    shared_codes: frozenset[str]


def comparison_wave(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> Wave | None:
    """The survey's nearest earlier wave (else the nearest later one) with questions in common, with
    the same filters applied. Figures are compared only where the question code exists in both."""
    own_codes = set(survey.questionnaire.questions.values_list("code", flat=True))
    others = Survey.objects.exclude(pk=survey.pk).select_related("questionnaire").order_by("year", "pk")
    earlier = [other for other in others if other.year < survey.year]
    later = [other for other in others if other.year >= survey.year]
    for other in [*reversed(earlier), *later]:
        shared = own_codes & set(other.questionnaire.questions.values_list("code", flat=True))
        if shared:
            figures = key_figures(survey=other, clusters=clusters)
            return Wave(survey=other, figures=figures, shared_codes=frozenset(shared))
    return None


def key_figure_tiles(
    *,
    survey: Survey,
    figures: dict[str, KeyFigure],
    disclosure: Disclosure,
    wave: Wave | None = None,
    query: str = "",
) -> list[Tile]:
    completed = figures["completed"].value or 0
    invited = figures["invited"].value or 0
    sums = summed_keys(survey)
    tiles = []
    for key, figure in figures.items():
        compare = ""
        if wave is not None and (not figure.question_code or figure.question_code in wave.shared_codes):
            other = wave.figures[key]
            compare = f"{wave.survey.year}: {format_value(other.value, other.unit)}"
        url = ""
        if disclosure.drilldown:
            url = reverse("surveys:dashboard-drilldown", kwargs={"slug": survey.slug, "key": key})
            url += f"?{query}" if query else ""
        tiles.append(
            Tile(
                figure=figure,
                value_text=format_value(figure.value, figure.unit),
                basis_text=_basis_text(figure, completed=completed, invited=invited, is_sum=key in sums),
                compare_text=compare,
                drilldown_url=url,
            )
        )
    return tiles


def filter_query(filterset) -> str:
    """The active filters as a query string, so links and exports keep them."""
    if not filterset.is_active:
        return ""
    return urlencode({name: value for name, value in filterset.form.cleaned_data.items() if value})


def response_status_counts(
    *, survey: Survey, clusters: QuerySet[Cluster] | None = None
) -> list[tuple[str, int]]:
    """(status label, invitations with that status) in the status order, zeros included."""
    counts = dict(responses_in(survey, clusters).values_list("status").annotate(n=Count("pk")))
    return [(str(label), counts.get(status, 0)) for status, label in ResponseStatus.choices]


def latest_survey() -> Survey | None:
    """The newest survey with completed answers (else the newest at all): what "Dashboards" opens.
    An index lookup per survey rather than counting the responses, since every home page asks."""
    surveys = Survey.objects.order_by("-year", "-pk")
    completed = Response.objects.filter(survey=OuterRef("pk"), status=ResponseStatus.COMPLETED)
    return surveys.filter(Exists(completed)).first() or surveys.first()
