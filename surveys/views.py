"""Survey pages: list, overview, answers per cluster, answer entry, template download, import, next year."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.core.permissions import ADMIN_ONLY, ANY_ROLE, allow, is_staff_or_admin
from portal.core.xlsx import XLSX_CONTENT_TYPE
from surveys import selectors, services_import, services_waves, uploads
from surveys.disclosure import disclosure_for, may_see_cluster_answers
from surveys.excel_template import survey_template_write
from surveys.filters_dashboard import DashboardFilterSet
from surveys.forms import ImportConfirmForm, ImportUploadForm, ResponseForm, StartNextForm, response_form_save
from surveys.key_figures import key_figures_payload_for
from surveys.models import Response, Survey
from surveys.schema import schema_load
from surveys.selectors_history import response_history

IMPORT_SESSION_KEY = "survey_import"
ADMIN_CONFLICT = gettext_lazy(
    "En anden har gemt svarene, efter du åbnede siden. Dine ændringer er ikke gemt. Åbn siden igen for at se de nye svar, og indtast dine ændringer på ny."
)


def _survey(slug: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("questionnaire", "period"), slug=slug)


def _response(survey: Survey, cluster_slug: str) -> Response:
    response = get_object_or_404(
        Response.objects.select_related("cluster", "updated_by"), survey=survey, cluster__slug=cluster_slug
    )
    response.survey = survey  # the survey in hand, with its questionnaire: no query for either
    return response


@allow(ANY_ROLE)
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/survey_list.html", {"surveys": selectors.survey_list()})


@allow(ANY_ROLE)
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(slug)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "overview": selectors.survey_overview(survey=survey),
            "may_see_clusters": may_see_cluster_answers(user=request.user, survey=survey),
        },
    )


@allow(ANY_ROLE)
def key_figures(request: HttpRequest, slug: str) -> JsonResponse:
    """The dashboard's figures as JSON, with the dashboard's filters (`?area=…&stage=…&presence=…`)."""
    survey = _survey(slug)
    filterset = DashboardFilterSet(request.GET or None, survey=survey)
    if filterset.is_bound and not filterset.is_valid():
        return JsonResponse({"survey": survey.slug, "errors": filterset.errors.get_json_data()}, status=400)
    clusters = filterset.clusters()
    payload = key_figures_payload_for(
        survey=survey,
        clusters=clusters,
        disclosure=disclosure_for(user=request.user, survey=survey, filterset=filterset),
    )
    payload["filters"] = dict(filterset.form.cleaned_data) if filterset.is_active else {}
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@allow(ANY_ROLE)
def response_detail(request: HttpRequest, slug: str, cluster: str) -> HttpResponse:
    survey = _survey(slug)
    if not may_see_cluster_answers(user=request.user, survey=survey):
        raise Http404
    response = _response(survey, cluster)
    context = {
        "survey": survey,
        "response": response,
        "sections": selectors.response_sections(response=response),
    }
    if is_staff_or_admin(request.user):  # never the board, even where it sees the answers
        context["history"] = response_history(survey=survey, response=response)
    return render(request, "surveys/response_detail.html", context)


@allow(ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, slug: str, cluster: str) -> HttpResponse:
    survey = _survey(slug)
    response = _response(survey, cluster)
    schema = schema_load(survey.questionnaire)
    answers = selectors.response_answers(schema=schema, response=response)
    form = ResponseForm(request.POST or None, schema=schema, answers=answers, version=response.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = response_form_save(
            form, response=response, user=request.user, reason="svarformular", conflict=ADMIN_CONFLICT
        )
        if status is None:
            messages.success(
                request, _("Svarene for %(cluster)s er gemt.") % {"cluster": response.cluster.name}
            )
            return redirect("surveys:response-detail", slug=survey.slug, cluster=response.cluster.slug)
    return render(
        request,
        "surveys/response_edit.html",
        {"survey": survey, "response": response, "form": form},
        status=status,
    )


@allow(ADMIN_ONLY)
def survey_template(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(slug)
    content = io.BytesIO()
    survey_template_write(survey=survey, file=content)
    content.seek(0)
    return FileResponse(
        content, as_attachment=True, filename=f"{survey.slug}-skabelon.xlsx", content_type=XLSX_CONTENT_TYPE
    )


@allow(ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def survey_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → preview of every change and error → confirm. Nothing is written before confirmation."""
    survey = _survey(slug)
    if request.method == "POST" and "token" in request.POST:
        return _import_confirm(request, survey)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"survey": survey, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services_import.survey_import(survey=survey, file=upload, dry_run=True, name=upload.name)
        if result.ok:  # the file is within the size limit, so it may be kept until confirmation
            upload.seek(0)
            token = uploads.upload_stash(upload.read())
            request.session[IMPORT_SESSION_KEY] = {"token": token, "survey": survey.slug, "name": upload.name}
            context["confirm_form"] = ImportConfirmForm(initial={"token": token})
        context |= {"result": result, "file_name": upload.name}
    return render(request, "surveys/import.html", context)


def _import_confirm(request: HttpRequest, survey: Survey) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    stashed = request.session.get(IMPORT_SESSION_KEY) or {}
    valid = (
        form.is_valid()
        and stashed.get("token") == form.cleaned_data["token"]
        and stashed.get("survey") == survey.slug
    )
    data = uploads.upload_read(stashed["token"]) if valid else None
    if data is None:
        messages.error(request, _("Den uploadede fil findes ikke længere. Upload den igen."))
        return redirect("surveys:import", slug=survey.slug)
    preview = services_import.survey_import(survey=survey, file=data, dry_run=True, name=stashed["name"])
    result = (
        services_import.survey_import(survey=survey, file=data, user=request.user, name=stashed["name"])
        if preview.ok and form.allows(preview)
        else preview
    )
    if not result.ok or result.dry_run:  # the data or rules changed since the preview, or the tick is missing
        context = {
            "survey": survey,
            "form": ImportUploadForm(),
            "result": result,
            "file_name": stashed["name"],
        }
        return render(request, "surveys/import.html", context | {"confirm_form": form if result.ok else None})
    uploads.upload_discard(stashed["token"])
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("Importen er gennemført: %(count)s klynger er opdateret.") % {"count": len(result.changes)},
    )
    return redirect("surveys:survey-detail", slug=survey.slug)


@allow(ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def survey_start_next(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(slug)
    initial = {
        "year": survey.year + 1,
        "title": survey.title,
        "slug": f"klyngesurvey-{survey.year + 1}",
        "period": survey.period.code,
    }
    form = StartNextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = services_waves.survey_start_next(survey=survey, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Surveyen %(title)s er oprettet.") % {"title": new})
            return redirect(new)
    return render(request, "surveys/start_next.html", {"survey": survey, "form": form})
