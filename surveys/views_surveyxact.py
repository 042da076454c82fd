"""The SurveyXact import page: upload an export → the mapping (stored, given or proposed) → preview → confirm."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.core.permissions import ADMIN_ONLY, allow
from surveys import services_import, uploads
from surveys.excel_import import FileRejected
from surveys.forms import ImportConfirmForm, SurveyXactUploadForm
from surveys.models import Survey

SESSION_KEY = "surveyxact_import"


def _survey(slug: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("questionnaire", "period"), slug=slug)


def _stashed(request: HttpRequest, survey: Survey, token: str | None) -> tuple[dict, bytes | None]:
    """The upload this user stashed for this survey under `token`, and its bytes (None: gone or not theirs)."""
    stashed = request.session.get(SESSION_KEY) or {}
    if not token or stashed.get("token") != token or stashed.get("survey") != survey.slug:
        return {}, None
    return stashed, uploads.upload_read(token)


@allow(ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def surveyxact_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Nothing is written before the administrator has seen the mapping and the preview and confirmed."""
    survey = _survey(slug)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, survey)
    form = SurveyXactUploadForm(request.POST or None, request.FILES or None)
    context = {"survey": survey, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stashed, data = _stashed(request, survey, form.cleaned_data["token"])
        if upload is None and data is None:
            form.add_error("file", _("Vælg en SurveyXact-eksport."))
        elif upload is not None and upload.size > settings.SURVEY_IMPORT_MAX_BYTES:
            result = services_import.surveyxact_import(
                survey=survey, file=upload, dry_run=True, name=upload.name
            )
            context |= {"result": result, "file_name": upload.name}
        else:
            name = upload.name if upload else stashed["name"]
            data = upload.read() if upload else data
            context |= _preview(request, survey, data, name, form.cleaned_data["mapping"])
    return render(request, "surveys/import_surveyxact.html", context)


def _preview(request: HttpRequest, survey: Survey, data: bytes, name: str, given: dict | None) -> dict:
    mapping, proposed = given or survey.surveyxact_mapping, False
    if not mapping:
        try:
            mapping, proposed = (
                services_import.surveyxact_mapping_proposal(survey=survey, file=data, name=name),
                True,
            )
        except FileRejected:
            mapping = {}
    result = services_import.surveyxact_import(
        survey=survey, file=data, mapping=mapping, dry_run=True, name=name
    )
    token = uploads.upload_stash(data)
    request.session[SESSION_KEY] = {"token": token, "survey": survey.slug, "name": name, "mapping": mapping}
    mapping_text = json.dumps(mapping, indent=2, ensure_ascii=False)
    return {
        "result": result,
        "file_name": name,
        "proposed": proposed,
        "mapping_text": mapping_text,
        "form": SurveyXactUploadForm(initial={"mapping": mapping_text, "token": token}),
        "confirm_form": ImportConfirmForm(initial={"token": token}) if result.ok else None,
    }


def _confirm(request: HttpRequest, survey: Survey) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    stashed, data = _stashed(request, survey, form.cleaned_data["token"] if form.is_valid() else None)
    if data is None:
        messages.error(request, _("Den uploadede fil findes ikke længere. Upload den igen."))
        return redirect("surveys:import-surveyxact", slug=survey.slug)
    arguments = {"survey": survey, "file": data, "mapping": stashed["mapping"], "name": stashed["name"]}
    preview = services_import.surveyxact_import(**arguments, dry_run=True)
    result = (
        services_import.surveyxact_import(**arguments, user=request.user)
        if preview.ok and form.allows(preview)
        else preview
    )
    if not result.ok or result.dry_run:  # the data or rules changed since the preview, or the tick is missing
        context = {"survey": survey, "result": result, "file_name": stashed["name"]}
        context |= {
            "form": SurveyXactUploadForm(initial={"token": stashed["token"]}),
            "confirm_form": form if result.ok else None,
        }
        return render(request, "surveys/import_surveyxact.html", context)
    uploads.upload_discard(stashed["token"])
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _(
            "SurveyXact-importen er gennemført: %(count)s klynger er opdateret, og mappingen er gemt med surveyen."
        )
        % {"count": len(result.changes)},
    )
    return redirect("surveys:survey-detail", slug=survey.slug)
