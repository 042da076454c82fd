"""A cluster answering for itself through its personal link: no portal account, nothing but its own form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.core.history import history_reason
from portal.core.permissions import allow_anyone
from surveys import selectors, services_links
from surveys.forms import ResponseForm, response_form_save
from surveys.models import ResponseStatus
from surveys.schema import schema_load

CONFLICT = gettext_lazy(
    "Svarene er ændret af en anden, efter du åbnede siden. Dine ændringer er ikke gemt. Åbn linket igen for at se "
    "de nye svar, og indtast dine ændringer på ny."
)


@allow_anyone
@never_cache
@require_http_methods(["GET", "POST"])
def respondent_answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services_links.link_for_token(token)
    except services_links.LinkInvalid as invalid:
        return render(request, "surveys/respondent_invalid.html", {"message": invalid.message}, status=410)
    with history_reason(f"svarlink: {link.pk}"):
        return _answer_page(request, link)


def _answer_page(request: HttpRequest, link) -> HttpResponse:
    services_links.link_opened(link=link)
    response, survey = link.response, link.response.survey
    context = {"survey": survey, "response": response, "submitted": link.submitted_at is not None}
    if context["submitted"]:
        context["sections"] = selectors.response_sections(response=response)
        return render(request, "surveys/respondent_form.html", context)
    schema = schema_load(survey.questionnaire)
    answers = selectors.response_answers(schema=schema, response=response)
    form = ResponseForm(request.POST or None, schema=schema, answers=answers, version=response.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = response_form_save(form, response=response, reason="", conflict=CONFLICT)
        if status is None:
            if form.status == ResponseStatus.COMPLETED:  # the read-only page that follows thanks them
                services_links.link_submitted(link=link)
            else:
                messages.success(request, _("Kladden er gemt. I kan vende tilbage via linket."))
            return redirect(request.path)
    context["form"] = form
    return render(request, "surveys/respondent_form.html", context, status=status)
