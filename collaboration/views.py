"""Collaboration pages: everyone reads; staff rate and keep the log; administrators edit models and agreements."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.charts import map_context
from clusters.models import Cluster
from clusters.selectors_footprint import hides_board_facts
from clusters.selectors_landscape import municipality_coverage
from collaboration import selectors, selectors_coverage, selectors_fit, services
from collaboration.charts import kpi_chart
from collaboration.filters import AgreementFilter
from collaboration.forms import (
    AgreementForm,
    CollaborationModelForm,
    DocumentForm,
    FitRatingForm,
    FitWeightsForm,
    GoalForm,
    InteractionForm,
    KpiForm,
    MeasurementForm,
    StrategyEffortForm,
)
from collaboration.forms_followup import FollowUpMeetingForm
from collaboration.models import (
    Agreement,
    ChecklistItem,
    CollaborationModel,
    FitRating,
    Goal,
    Kpi,
    StrategyEffort,
)
from portal.core.caching import cached_body
from portal.core.permissions import ADMIN_ONLY, ANY_ROLE, STAFF_ROLES, allow, is_admin
from surveys.dashboard import latest_survey
from surveys.models import Survey

PAGE_SIZE = 50


def _edit(request: HttpRequest, form: forms.ModelForm, *, title: str, back: str, **save) -> HttpResponse:
    """Save a bound, valid ModelForm (with `save` set on its instance first) or render it again."""
    if request.method == "POST" and form.is_valid():
        for name, value in save.items():
            setattr(form.instance, name, value)
        obj = form.save()
        messages.success(request, _("Gemt."))
        return redirect(back or obj.get_absolute_url())
    return render(request, "collaboration/form.html", {"form": form, "title": title, "back": back})


def _bound(form_class, request: HttpRequest, **kwargs):
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


@allow(ANY_ROLE)
def model_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/model_list.html",
        {
            "models": CollaborationModel.objects.order_by("position", "name"),
            "checklist": ChecklistItem.objects.order_by("position"),
        },
    )


@allow(ANY_ROLE)
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    model = get_object_or_404(CollaborationModel, slug=slug)
    agreements = model.agreements.prefetch_related("clusters").order_by("-start_date", "title")
    return render(request, "collaboration/model_detail.html", {"model": model, "agreements": agreements})


@allow(ADMIN_ONLY)
def model_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    model = get_object_or_404(CollaborationModel, slug=slug) if slug else None
    form = _bound(CollaborationModelForm, request, instance=model)
    title = _("Redigér samarbejdsmodel") if model else _("Ny samarbejdsmodel")
    return _edit(request, form, title=title, back=model.get_absolute_url() if model else "")


@allow(ANY_ROLE)
def strategy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/strategy.html",
        {
            "strategy": selectors.current_strategy(),
            "efforts": StrategyEffort.objects.order_by("kind", "position", "name"),
        },
    )


@allow(ADMIN_ONLY)
def effort_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    effort = get_object_or_404(StrategyEffort, code=code) if code else None
    form = _bound(StrategyEffortForm, request, instance=effort)
    title = _("Redigér indsats") if effort else _("Ny indsats")
    strategy = effort.strategy if effort else selectors.current_strategy()
    return _edit(request, form, title=title, back=reverse("collaboration:strategy"), strategy=strategy)


def _weights(request: HttpRequest) -> tuple[FitWeightsForm, dict[str, int]]:
    form = FitWeightsForm(request.GET)
    return form, form.weights()


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "query", "roles", "date"))
def fit_matrix(request: HttpRequest) -> HttpResponse:
    form, weights = _weights(request)
    sort = request.GET.get("sort", "")
    survey, for_board = latest_survey(), hides_board_facts(request.user)
    ranking = selectors_fit.fit_ranking(weights=weights, survey=survey, for_board=for_board)
    page = Paginator(ranking.cluster_ids(sort), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors_fit.fit_rows(ranking=ranking, cluster_ids=page.object_list)
    context = {
        "form": form,
        "weights": weights,
        "efforts": ranking.efforts,
        "page_obj": page,
        "rows": rows,
        "sort": sort,
        "unknown_sort": sort not in {"", *(effort.code for effort in ranking.efforts)},
        "survey": survey,
        "show_demo_banner": selectors.demo_present(),
    }
    return render(request, "collaboration/fit_matrix.html", context)


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "query", "roles", "date"))
def strategy_support(request: HttpRequest) -> HttpResponse:
    form, weights = _weights(request)
    survey = latest_survey()
    context = {
        "form": form,
        "survey": survey,
        "support": selectors_fit.strategy_support(
            weights=weights, survey=survey, for_board=hides_board_facts(request.user)
        ),
        "show_demo_banner": selectors.demo_present(),
        "models": CollaborationModel.objects.prefetch_related("rule_efforts").order_by("position", "name"),
    }
    return render(request, "collaboration/strategy_support.html", context)


@allow(STAFF_ROLES)
def fit_rate(request: HttpRequest, slug: str) -> HttpResponse:
    # The effort is a query parameter, so the matrix reverses one URL per cluster rather than per cell.
    cluster = get_object_or_404(Cluster, slug=slug)
    effort = get_object_or_404(StrategyEffort, code=request.GET.get("indsats", ""))
    rating = FitRating.objects.filter(cluster=cluster, effort=effort).first()
    form = _bound(FitRatingForm, request, instance=rating)
    if request.method == "POST" and form.is_valid():
        services.fit_rating_save(cluster=cluster, effort=effort, user=request.user, **form.cleaned_data)
        messages.success(request, _("Vurderingen er gemt."))
        return redirect(f"{reverse('collaboration:fit-matrix')}?sort={effort.code}")
    return render(
        request,
        "collaboration/fit_rate.html",
        {"form": form, "cluster": cluster, "effort": effort, "rating": rating},
    )


@allow(ANY_ROLE)
def agreement_list(request: HttpRequest) -> HttpResponse:
    filterset = AgreementFilter(request.GET, queryset=selectors.agreement_list())
    agreements = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboration/agreement_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "agreements": page.object_list,
            "show_demo_banner": selectors.demo_present(),
            "surveys": Survey.objects.order_by("-year", "title") if is_admin(request.user) else [],
        },
    )


@allow(ANY_ROLE)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = selectors.agreement_detail(pk=pk, user=request.user)
    context["goals"] = [
        (goal, [(progress, kpi_chart(progress) if progress.measurements else None) for progress in kpis])
        for goal, kpis in context["goals"]
    ]
    context["has_charts"] = any(chart for _goal, kpis in context["goals"] for _progress, chart in kpis)
    return render(request, "collaboration/agreement_detail.html", context)


@allow(ADMIN_ONLY)
def agreement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk) if pk else None
    form = _bound(AgreementForm, request, instance=agreement)
    title = _("Redigér aftale") if agreement else _("Ny aftale")
    return _edit(request, form, title=title, back=agreement.get_absolute_url() if agreement else "")


def _add_to_agreement(request: HttpRequest, form_class, *, agreement: Agreement, title: str, **save):
    form = _bound(form_class, request)
    return _edit(request, form, title=title, back=agreement.get_absolute_url(), **save)


@allow(ADMIN_ONLY)
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    return _add_to_agreement(
        request, DocumentForm, agreement=agreement, title=_("Nyt dokument"), agreement_id=pk
    )


@allow(ADMIN_ONLY)
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    return _add_to_agreement(request, GoalForm, agreement=agreement, title=_("Nyt mål"), agreement_id=pk)


@allow(ADMIN_ONLY)
def kpi_create(request: HttpRequest, goal: int) -> HttpResponse:
    goal_obj = get_object_or_404(Goal.objects.select_related("agreement"), pk=goal)
    title = _("Ny KPI for målet »%(goal)s«") % {"goal": goal_obj.title}
    return _add_to_agreement(request, KpiForm, agreement=goal_obj.agreement, title=title, goal=goal_obj)


@allow(ADMIN_ONLY)
def measurement_create(request: HttpRequest, kpi: int) -> HttpResponse:
    kpi_obj = get_object_or_404(Kpi.objects.select_related("goal__agreement"), pk=kpi)
    form = _bound(MeasurementForm, request, kpi=kpi_obj)
    title = _("Ny måling af »%(kpi)s«") % {"kpi": kpi_obj.name}
    return _edit(request, form, title=title, back=kpi_obj.goal.agreement.get_absolute_url())


@allow(STAFF_ROLES)
def agreement_interaction_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    title = _("Ny post i mødeloggen for »%(title)s«") % {"title": agreement.title}
    return _add_to_agreement(
        request, InteractionForm, agreement=agreement, title=title, agreement_id=pk, created_by=request.user
    )


@allow(STAFF_ROLES)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    title = _("Nyt opfølgningsmøde for »%(title)s«") % {"title": agreement.title}
    return _add_to_agreement(request, FollowUpMeetingForm, agreement=agreement, title=title, agreement_id=pk)


@allow(STAFF_ROLES)
def cluster_interaction_create(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_object_or_404(Cluster, slug=slug)
    form = _bound(InteractionForm, request)
    title = _("Ny post i mødeloggen for %(cluster)s") % {"cluster": cluster.name}
    return _edit(
        request, form, title=title, back=cluster.get_absolute_url(), cluster=cluster, created_by=request.user
    )


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "query", "roles", "date"))
def coverage(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors_coverage.coverage_clusters(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **selectors_coverage.coverage(
            clusters=list(page.object_list), for_board=hides_board_facts(request.user)
        ),
        **map_context(municipality_coverage(), request.GET),
        "page_obj": page,
        "show_demo_banner": selectors.demo_present(),
    }
    return render(request, "collaboration/coverage.html", context)


@allow(ADMIN_ONLY)
def survey_agreements(request: HttpRequest, slug: str) -> HttpResponse:
    """Agreements the clusters reported in a survey; administrators turn the chosen ones into records."""
    survey = get_object_or_404(Survey, slug=slug)
    if request.method == "POST":
        try:
            chosen = [int(value) for value in request.POST.getlist("choice")]
            created = services.agreements_from_survey(survey=survey, choice_ids=chosen)
        except ValueError:
            messages.error(request, _("Ugyldigt valg: svarene angives med deres nummer."))
        except services.ConversionError as error:
            messages.error(request, _("Intet er oprettet. %(reason)s") % {"reason": error})
        else:
            messages.success(request, _("%(count)s aftaler oprettet.") % {"count": len(created)})
        return redirect("collaboration:survey-agreements", slug=survey.slug)
    return render(
        request,
        "collaboration/survey_agreements.html",
        {"survey": survey, "reported": selectors.reported_agreements(survey=survey)},
    )
