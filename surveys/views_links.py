"""Administrators handing out answer links: send by e-mail, copy, revoke, and remind those not yet submitted."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.permissions import ADMIN_ONLY, allow
from surveys import services_links
from surveys.forms import LinkActionForm
from surveys.models import Response, Survey


@allow(ADMIN_ONLY)
@require_POST
def link_action(request: HttpRequest, slug: str, cluster: str) -> HttpResponse:
    response = get_object_or_404(
        Response.objects.select_related("cluster", "survey"), survey__slug=slug, cluster__slug=cluster
    )
    form = LinkActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ukendt handling."))
        return redirect(response.survey)
    action, name = form.cleaned_data["action"], response.cluster.name
    if action == "send":
        sending = services_links.link_send(response=response, user=request.user)
        if sending.recipients:
            messages.success(
                request,
                _("Linket er sendt til %(cluster)s (%(count)s modtagere).")
                % {"cluster": name, "count": len(sending.recipients)},
            )
        else:
            messages.warning(
                request,
                _("%(cluster)s har ingen kontaktperson med e-mail. Kopiér linket i stedet: %(url)s")
                % {"cluster": name, "url": services_links.link_url(sending.link)},
            )
    elif action == "copy":
        link = services_links.link_copied(response=response, user=request.user)
        messages.info(
            request,
            _("Personligt link til %(cluster)s: %(url)s")
            % {"cluster": name, "url": services_links.link_url(link)},
        )
    else:
        link = getattr(response, "link", None)
        if link is not None:
            services_links.link_revoke(link=link, user=request.user)
        messages.success(request, _("Linket til %(cluster)s er trukket tilbage.") % {"cluster": name})
    return redirect(response.survey)


@allow(ADMIN_ONLY)
@require_POST
def survey_remind(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    sent = services_links.links_remind(survey=survey, user=request.user)
    messages.success(
        request, _("Påmindelse sendt til %(count)s klynger, der ikke har indsendt.") % {"count": len(sent)}
    )
    return redirect(survey)
