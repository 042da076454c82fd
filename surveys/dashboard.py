"""What the survey dashboard, the meeting pack and the Excel summary show.

The figures come from `surveys.key_figures` and `surveys.selectors` only, shown as `surveys.disclosure`
allows; this module phrases each key figure's basis and finds the wave to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusters.models import Cluster
from surveys import selectors
from surveys.disclosure import Disclosure
from surveys.key_figures import DEFINITIONS, KeyFigure, SurveyNumbers
from surveys.models import Question, QuestionType, ResponseStatus, Survey
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
    change_text: str = ""
    drilldown_url: str = ""


@dataclass(frozen=True)
class TileGroup:
    """The deck's headings over the tiles; the base (who answered) is said once, for the group."""

    title: str
    basis_text: str
    tiles: list[Tile]


# The deck's headings, in its order, and the figures under each.
TILE_GROUPS = (
    (gettext_lazy("Besvarelser"), ("invited", "completed", "response_rate")),
    (
        gettext_lazy("Tilstedeværelse og samarbejdspartnere"),
        ("willing_dialogue", "physically_present", "own_office", "co_located", "with_nj_partner"),
    ),
    (
        gettext_lazy("Medlemmer, deltagere og aktivitetstyper"),
        (
            "with_nj_members",
            "members_total",
            "members_large",
            "members_small",
            "unique_companies",
            "participants",
            "with_activities",
        ),
    ),
    (
        gettext_lazy("Samarbejdsaftaler"),
        (
            "without_agreement",
            "municipal_agreements",
            "municipalities_with_agreement",
            "clusters_with_municipal_agreement",
            "max_municipal_agreements_one_cluster",
        ),
    ),
)


def _basis_text(figure: KeyFigure, *, completed: int, is_sum: bool) -> str:
    """What one tile rests on, where it differs from its group's base."""
    if not figure.question_code:
        return ""
    if not is_sum:
        if figure.reported_by == completed:
            return ""
        return _("svar fra %(n)s af %(total)s klynger") % {"n": figure.reported_by, "total": completed}
    parts = []
    if figure.value is not None and (figure.estimated_by or figure.reported_by < completed):
        parts.append(_("minimumstal"))
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


COMPARABLE_RATE = 75  # below this response rate (in %), a wave's figures are not comparable yet


@dataclass(frozen=True)
class WaveStatus:
    """One survey wave and how far its answers have come (whatever the filters)."""

    survey: Survey
    invited: int
    completed: int

    @property
    def rate(self) -> float:
        return 100 * self.completed / self.invited if self.invited else 0.0

    @property
    def comparable(self) -> bool:
        return self.rate >= COMPARABLE_RATE

    @property
    def warning(self) -> str:
        return _("%(year)s: %(completed)s af %(invited)s svar – tallene er ikke sammenlignelige endnu") % {
            "year": self.survey.year,
            "completed": self.completed,
            "invited": self.invited,
        }


def wave_statuses() -> list[WaveStatus]:
    """Every wave, oldest first, with its invitations and completed answers (one query)."""
    rows = selectors.survey_list().select_related("questionnaire").order_by("year", "pk")
    return [WaveStatus(row, row.invited_count, row.completed_count) for row in rows]


def comparable_waves(*, survey: Survey, statuses: list[WaveStatus]) -> list[WaveStatus]:
    """The waves before `survey` with completed answers, newest first: the ones it may be compared with."""
    return [
        status
        for status in reversed(statuses)
        if status.completed and (status.survey.year, status.survey.pk) < (survey.year, survey.pk)
    ]


@dataclass(frozen=True)
class Wave:
    survey: Survey
    figures: dict[str, KeyFigure]
    shared_codes: frozenset[str]


def comparison_wave(
    *,
    survey: Survey,
    candidates: list[WaveStatus],
    numbers: dict[int, SurveyNumbers],
    chosen: str = "",
) -> Wave | None:
    """The wave to compare with: `chosen` (a slug among `candidates`), else the previous completed wave; never
    a later one. `numbers` holds the candidates' figures with the same filters (`waves_numbers`); figures are
    compared only where the question code exists in both."""
    other = next((status.survey for status in candidates if status.survey.slug == chosen), None)
    if other is None and candidates:
        other = candidates[0].survey
    if other is None:
        return None
    theirs = Question.objects.filter(questionnaire=other.questionnaire_id).values("code")
    ours = Question.objects.filter(questionnaire=survey.questionnaire_id, code__in=theirs)
    shared = frozenset(ours.values_list("code", flat=True))
    return Wave(survey=other, figures=numbers[other.pk].figures, shared_codes=shared)


# The headline counts the small chart over all waves follows.
HISTORY_KEYS = (
    "willing_dialogue",
    "physically_present",
    "with_nj_partner",
    "with_activities",
    "without_agreement",
)


def wave_history(
    *, survey: Survey, candidates: list[WaveStatus], numbers: dict[int, SurveyNumbers]
) -> list[tuple[int, dict[str, KeyFigure]]]:
    """(year, figures) of every completed wave up to `survey`, oldest first, from `numbers` (the survey's
    and the candidates' figures with the same filters, counted together by `waves_numbers`)."""
    waves = [survey, *(status.survey for status in candidates)]
    return [(wave.year, numbers[wave.pk].figures) for wave in reversed(waves)]


def _change_text(figure: KeyFigure, other: KeyFigure) -> str:
    if figure.value is None or other.value is None:
        return ""
    change = figure.value - other.value
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    text = format_value(abs(change))
    if figure.unit == "%":
        text = _("%(change)s %%-point") % {"change": format_value(round(abs(change), 1))}
    return f"{sign}{text}"


def _tile(figure: KeyFigure, *, wave: Wave | None, basis_text: str, url: str) -> Tile:
    compare = change = ""
    if wave is not None and (not figure.question_code or figure.question_code in wave.shared_codes):
        other = wave.figures[figure.key]
        compare = f"{wave.survey.year}: {format_value(other.value, other.unit)}"
        change = _change_text(figure, other)
    return Tile(
        figure=figure,
        value_text=format_value(figure.value, figure.unit),
        basis_text=basis_text,
        compare_text=compare,
        change_text=change,
        drilldown_url=url,
    )


def key_figure_tiles(
    *,
    survey: Survey,
    figures: dict[str, KeyFigure],
    disclosure: Disclosure,
    wave: Wave | None = None,
    query: str = "",
) -> list[TileGroup]:
    """The tiles under the deck's headings, each group saying once which clusters it rests on."""
    completed = figures["completed"].value or 0
    invited = figures["invited"].value or 0
    sums = summed_keys(survey)

    def url(key: str) -> str:
        if not disclosure.drilldown:
            return ""
        link = reverse("surveys:dashboard-drilldown", kwargs={"slug": survey.slug, "key": key})
        return f"{link}?{query}" if query else link

    groups = []
    for index, (title, keys) in enumerate(TILE_GROUPS):
        if index == 0:
            basis = _("%(completed)s af %(invited)s inviterede klynger har svaret") % {
                "completed": completed,
                "invited": invited,
            }
        else:
            basis = _("Blandt de %(n)s klynger, der svarede") % {"n": completed}
        tiles = [
            _tile(
                figures[key],
                wave=wave,
                basis_text=_basis_text(figures[key], completed=completed, is_sum=key in sums),
                url=url(key),
            )
            for key in keys
        ]
        groups.append(TileGroup(title=str(title), basis_text=basis, tiles=tiles))
    return groups


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
    """What "Dashboards" opens: the newest wave with a response rate of at least 75 %, else the newest with
    completed answers, else the newest at all (one query)."""
    statuses = list(reversed(wave_statuses()))
    best = next((status for status in statuses if status.comparable), None)
    best = best or next((status for status in statuses if status.completed), None)
    best = best or next(iter(statuses), None)
    return best.survey if best else None
