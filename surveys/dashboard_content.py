"""What the dashboard, both meeting packs and the deck show of one survey, filter and audience: findings,
tiles, charts and the wave comparison, read in one place so the three never differ."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Municipality
from surveys import charts, selectors
from surveys.dashboard import (
    comparable_waves,
    comparison_wave,
    filter_query,
    key_figure_tiles,
    response_status_counts,
    wave_history,
    wave_statuses,
)
from surveys.disclosure import Disclosure
from surveys.filters_dashboard import DashboardFilterSet
from surveys.findings import key_findings
from surveys.key_figures import waves_numbers
from surveys.models import Survey
from surveys.selectors import option_counts_by_question

OPTION_CHARTS = ("presence", "partners", "activity_types", "agreements")
AUDIENCES = {"direktion": gettext_lazy("Direktionsmøde"), "bestyrelse": gettext_lazy("Bestyrelsesmøde")}


def _context(survey: Survey, filterset: DashboardFilterSet, disclosure: Disclosure) -> dict:
    return {
        "disclosure": disclosure,
        "refusal": disclosure.message,
        "active_filters": filterset.active(),
        "filter_query": filter_query(filterset),
        "data_date": selectors.survey_list()
        .filter(pk=survey.pk)
        .values_list("last_change", flat=True)
        .first(),
    }


def dashboard_content(
    *, survey: Survey, filterset: DashboardFilterSet, disclosure: Disclosure, compare: str = ""
) -> dict:
    """Findings, tiles and charts for one survey, filter and audience: shared by the dashboard, the meeting
    pack and the deck. `compare` is the slug of the wave to compare with (default: the previous completed
    one). A refused filter (surveys.disclosure) gets the message and no numbers at all."""
    if disclosure.refused:
        return {
            **_context(survey, filterset, disclosure),
            "figures": {},
            "bases": {},
            "tiles": [],
            "tile_groups": [],
            "charts": [],
            "chart_map": {},
        }
    clusters = filterset.clusters()
    statuses = wave_statuses()
    # The other waves' filtered groups are not checked against the minimum: the board compares unfiltered only.
    may_compare = not (disclosure.for_board and clusters is not None)
    candidates = comparable_waves(survey=survey, statuses=statuses) if may_compare else []
    # This wave's figures and every earlier one's, with the same filters, counted together.
    waves = waves_numbers(surveys=[survey, *(status.survey for status in candidates)], clusters=clusters)
    figures, bases = waves[survey.pk].figures, waves[survey.pk].bases
    option_counts = option_counts_by_question(survey, clusters, OPTION_CHARTS)
    wave = comparison_wave(survey=survey, candidates=candidates, numbers=waves, chosen=compare)
    own = next(status for status in statuses if status.survey.pk == survey.pk)
    compared = [own, *(status for status in candidates if wave and status.survey == wave.survey)]
    query = filter_query(filterset)

    def drill(key: str) -> str:
        return next((tile.drilldown_url for tile in tiles if tile.figure.key == key), "")

    def options(code: str):
        return option_counts[code]

    tile_groups = key_figure_tiles(
        survey=survey, figures=figures, disclosure=disclosure, wave=wave, query=query
    )
    tiles = [tile for group in tile_groups for tile in group.tiles]
    agreements = options("agreements")
    chart_list = [
        charts.response_status_chart(response_status_counts(survey=survey, clusters=clusters)),
        charts.option_chart(
            "presence",
            _("Fysisk tilstedeværelse i Nordjylland"),
            options("presence"),
            link=drill("physically_present"),
        ),
        charts.option_chart(
            "partners",
            _("Samarbejdspartnere: klynger pr. aktør"),
            options("partners"),
            link=drill("with_nj_partner"),
        ),
        charts.members_chart(figures, link=drill("members_total")),
        charts.option_chart(
            "activities",
            _("Aktiviteter, projekter og værditilbud"),
            options("activity_types"),
            link=drill("with_activities"),
        ),
        charts.agreements_by_actor_chart(agreements, link=drill("without_agreement")),
        charts.agreements_by_municipality_chart(agreements, link=drill("clusters_with_municipal_agreement")),
    ]
    if disclosure.cluster_level:
        responding = figures["completed"].value
        largest = {"survey": survey, "clusters": clusters, "limit": charts.MAX_CLUSTER_ROWS}
        chart_list += [
            charts.members_by_cluster_chart(selectors.largest_by_members(**largest), responding),
            charts.agreement_matrix_chart(
                selectors.largest_by_municipal_agreements(**largest), responding, Municipality.objects.all()
            ),
        ]
    history = wave_history(survey=survey, candidates=candidates, numbers=waves)
    if len(history) > 1:
        chart_list.insert(0, charts.waves_chart(history))
    return {
        **_context(survey, filterset, disclosure),
        "figures": figures,
        "bases": bases,
        "tiles": tiles,
        "tile_groups": tile_groups,
        "empty": not figures["completed"].value,
        "key_findings": key_findings(figures, bases, filtered=filterset.is_active),
        "wave_warnings": [status.warning for status in compared if not status.comparable],
        "other_waves": [status.survey for status in reversed(statuses) if status.survey.pk != survey.pk],
        "charts": chart_list,
        "chart_map": {chart.key.replace("-", "_"): chart for chart in chart_list},  # for templates
        "wave": wave,
    }
