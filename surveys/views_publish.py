"""Publishing a survey wave into the clusters' footprint: administrators see the per-cluster preview, then
publish (surveys.services_publish)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.core.permissions import ADMIN_ONLY, allow
from surveys.models import Survey
from surveys.services_publish import PREVIEW_KINDS, PublishError, survey_publish


@allow(ADMIN_ONLY)
def survey_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("questionnaire", "period"), slug=slug)
    publishing = request.method == "POST"
    try:
        report = survey_publish(survey=survey, dry_run=not publishing)
    except PublishError as error:
        messages.error(request, str(error))
        return redirect("surveys:survey-detail", slug=survey.slug)
    if publishing:
        messages.success(
            request,
            _(
                "Offentliggjort: %(added)s tilføjet, %(changed)s ændret, %(superseded)s afløst, %(conflicts)s konflikter."
            )
            % {kind: report.total(kind) for kind in ("added", "changed", "superseded", "conflicts")},
        )
        return redirect("surveys:publish", slug=survey.slug)
    return render(
        request, "surveys/publish.html", {"survey": survey, "report": report, "kinds": PREVIEW_KINDS}
    )
