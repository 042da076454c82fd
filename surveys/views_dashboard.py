"""The survey dashboard, its drill-down, the meeting packs and the Excel summary."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.charts import map_context
from clusters.models import Municipality
from clusters.selectors_background import landscape_background
from clusters.selectors_landscape import municipality_coverage
from portal.core.caching import cached_body
from portal.core.permissions import ANY_ROLE, STAFF_ROLES, allow, is_staff_or_admin
from portal.core.xlsx import xlsx_response
from surveys import charts, hooks, selectors
from surveys.dashboard import (
    comparable_waves,
    comparison_wave,
    filter_query,
    key_figure_tiles,
    latest_survey,
    response_status_counts,
    wave_history,
    wave_statuses,
)
from surveys.disclosure import Disclosure, disclosure_for
from surveys.exports import summary_filename, summary_log, summary_sheets
from surveys.filters_dashboard import CompareForm, DashboardFilterSet
from surveys.findings import extra_findings, key_findings
from surveys.key_figures import KEYS, key_figure_clusters, key_figures, survey_numbers
from surveys.models import Survey

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
    numbers = survey_numbers(survey=survey, clusters=clusters, option_codes=OPTION_CHARTS)
    figures, bases = numbers.figures, numbers.bases
    statuses = wave_statuses()
    # The other waves' filtered groups are not checked against the minimum: the board compares unfiltered only.
    may_compare = not (disclosure.for_board and clusters is not None)
    candidates = comparable_waves(survey=survey, statuses=statuses) if may_compare else []
    wave = comparison_wave(survey=survey, candidates=candidates, chosen=compare, clusters=clusters)
    own = next(status for status in statuses if status.survey.pk == survey.pk)
    compared = [own, *(status for status in candidates if wave and status.survey == wave.survey)]
    query = filter_query(filterset)

    def drill(key: str) -> str:
        return next((tile.drilldown_url for tile in tiles if tile.figure.key == key), "")

    def options(code: str):
        return numbers.options[code]

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
    history = wave_history(
        survey=survey, figures=figures, wave=wave, candidates=candidates, clusters=clusters
    )
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


def filtered(request: HttpRequest, survey: Survey) -> DashboardFilterSet:
    return DashboardFilterSet(request.GET or None, survey=survey)


@allow(ANY_ROLE)
def dashboard_latest(request: HttpRequest) -> HttpResponse:
    survey = latest_survey()
    if survey is None:
        raise Http404
    return redirect("surveys:dashboard", slug=survey.slug)


def dashboard_page(request: HttpRequest, survey: Survey, status: int = 200) -> HttpResponse:
    filterset = filtered(request, survey)
    compare = CompareForm(request.GET, survey=survey)
    context = {"survey": survey, "filter": filterset, "compare_form": compare}
    if (not filterset.is_bound or filterset.is_valid()) and compare.is_valid():
        disclosure = disclosure_for(user=request.user, survey=survey, filterset=filterset)
        content = dashboard_content(
            survey=survey, filterset=filterset, disclosure=disclosure, compare=compare.cleaned_data["compare"]
        )
        context.update(content)
    return render(request, "surveys/dashboard.html", context, status=status)


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "query", "roles", "date"))
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("questionnaire", "period"), slug=slug)
    return dashboard_page(request, survey)


@allow(STAFF_ROLES)
def dashboard_drilldown(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    if key not in KEYS:
        raise Http404
    filterset = filtered(request, survey)
    clusters = filterset.clusters()
    figure = key_figures(survey=survey, clusters=clusters)[key]
    behind = key_figure_clusters(survey=survey, key=key, clusters=clusters)
    return render(
        request,
        "surveys/dashboard_drilldown.html",
        {
            "survey": survey,
            "figure": figure,
            "clusters": behind,
            "active_filters": filterset.active(),
            "filter_query": filter_query(filterset),
        },
    )


def check_audience(request: HttpRequest, audience: str) -> None:
    """A meeting pack's audience: the management's pack is for staff and administrators, the board's for all."""
    if audience not in AUDIENCES:
        raise Http404
    if audience == "direktion" and not is_staff_or_admin(request.user):
        raise PermissionDenied


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "query", "roles", "date"))
def meeting_pack(request: HttpRequest, slug: str, audience: str) -> HttpResponse:
    check_audience(request, audience)
    survey = get_object_or_404(Survey.objects.select_related("questionnaire", "period"), slug=slug)
    filterset = filtered(request, survey)
    context = {
        "survey": survey,
        "filter": filterset,
        "audience": audience,
        "audience_label": AUDIENCES[audience],
    }
    if not filterset.is_bound or filterset.is_valid():
        clusters = filterset.clusters()
        disclosure = disclosure_for(
            user=request.user, survey=survey, filterset=filterset, as_board=audience == "bestyrelse"
        )
        content = dashboard_content(survey=survey, filterset=filterset, disclosure=disclosure)
        context.update(content)
        if not disclosure.refused:
            context["extra_findings"] = extra_findings(survey=survey, clusters=clusters)
        context["pack_sections"] = hooks.meeting_pack_sections.collect(
            survey=survey, clusters=clusters, disclosure=disclosure, audience=audience
        )
        context["background"] = landscape_background()
        context.update(map_context(municipality_coverage(), request.GET))
    return render(request, "surveys/meeting_pack.html", context)


@allow(ANY_ROLE)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("questionnaire", "period"), slug=slug)
    filterset = filtered(request, survey)
    if filterset.is_bound and not filterset.is_valid():
        return dashboard_page(request, survey, status=400)
    # ?udgave=bestyrelse (the board's meeting pack): the board's edition, whoever downloads it.
    as_board = request.GET.get("udgave") == "bestyrelse"
    disclosure = disclosure_for(user=request.user, survey=survey, filterset=filterset, as_board=as_board)
    sheets = summary_sheets(survey=survey, filterset=filterset, disclosure=disclosure)
    summary_log(survey=survey, actor=request.user.get_username(), disclosure=disclosure, filterset=filterset)
    return xlsx_response(sheets=sheets, filename=summary_filename(survey=survey, disclosure=disclosure))
