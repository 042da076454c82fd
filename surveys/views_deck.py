"""The meeting pack as a PowerPoint deck to download (surveys.deck)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from portal.core.permissions import ANY_ROLE, allow
from surveys.deck import CONTENT_TYPE, deck_filename, meeting_pack_deck
from surveys.disclosure import disclosure_for
from surveys.models import Survey
from surveys.views_dashboard import check_audience, dashboard_page, filtered


@allow(ANY_ROLE)
def deck(request: HttpRequest, slug: str, audience: str) -> HttpResponse:
    check_audience(request, audience)
    survey = get_object_or_404(Survey.objects.select_related("questionnaire", "period"), slug=slug)
    filterset = filtered(request, survey)
    if filterset.is_bound and not filterset.is_valid():
        return dashboard_page(request, survey, status=400)
    disclosure = disclosure_for(
        user=request.user, survey=survey, filterset=filterset, as_board=audience == "bestyrelse"
    )
    body = meeting_pack_deck(survey=survey, filterset=filterset, disclosure=disclosure, audience=audience)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{deck_filename(survey=survey, audience=audience)}"'
    )
    return response
