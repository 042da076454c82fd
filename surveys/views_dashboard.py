"""The survey dashboard, its drill-down, the meeting packs and the Excel summary."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from clusters.charts import map_context
from clusters.selectors_background import landscape_background
from clusters.selectors_landscape import municipality_coverage
from portal.core.caching import cached_body
from portal.core.permissions import ANY_ROLE, STAFF_ROLES, allow, is_staff_or_admin
from portal.core.xlsx import xlsx_response
from surveys import hooks
from surveys.dashboard import (
    filter_query,
    latest_survey,
)
from surveys.dashboard_content import AUDIENCES, dashboard_content
from surveys.disclosure import disclosure_for
from surveys.exports import summary_filename, summary_log, summary_sheets
from surveys.filters_dashboard import CompareForm, DashboardFilterSet
from surveys.findings import extra_findings
from surveys.key_figures import KEYS, key_figure_clusters, key_figures
from surveys.models import Survey


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
