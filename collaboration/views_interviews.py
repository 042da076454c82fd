"""Interview pages: staff and administrators record and read them; the board never sees them (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from clusters.models import Actor, Cluster
from collaboration.filters import InterviewFilter
from collaboration.forms_interviews import FollowUpFormSet, InterviewForm, QuoteFormSet
from collaboration.models_interviews import Interview
from collaboration.selectors_interviews import interview_detail as select_interview
from collaboration.selectors_interviews import interview_list as select_interviews
from collaboration.services_interviews import interview_save
from portal.core.permissions import STAFF_ROLES, allow

PAGE_SIZE = 50


@allow(STAFF_ROLES)
def interview_list(request: HttpRequest) -> HttpResponse:
    filterset = InterviewFilter(request.GET, queryset=select_interviews())
    interviews = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(interviews, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page_obj": page, "interviews": page.object_list}
    return render(request, "collaboration/interview_list.html", context)


@allow(STAFF_ROLES)
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        interview = select_interview(pk=pk)
    except Interview.DoesNotExist:
        raise Http404 from None
    return render(request, "collaboration/interview_detail.html", {"interview": interview})


@allow(STAFF_ROLES)
def interview_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    interview = get_object_or_404(Interview, pk=pk) if pk else Interview(**_subject_from(request))
    data = request.POST if request.method == "POST" else None
    form = InterviewForm(data, instance=interview)
    quotes = QuoteFormSet(data, instance=interview, prefix="quotes")
    follow_ups = FollowUpFormSet(data, instance=interview, prefix="follow_ups")
    if data is not None and form.is_valid() and quotes.is_valid() and follow_ups.is_valid():
        saved = interview_save(form=form, quotes=quotes, follow_ups=follow_ups, interviewer=request.user)
        messages.success(request, _("Interviewet er gemt."))
        return redirect(saved.get_absolute_url())
    context = {
        "form": form,
        "quotes": quotes,
        "follow_ups": follow_ups,
        "title": _("Redigér interview") if pk else _("Nyt interview"),
        "back": interview.get_absolute_url() if pk else "",
    }
    return render(request, "collaboration/interview_form.html", context)


def _subject_from(request: HttpRequest) -> dict:
    """A new interview started from a cluster's or actor's page (?cluster=slug or ?actor=slug)."""
    if slug := request.GET.get("cluster"):
        return {"cluster": get_object_or_404(Cluster, slug=slug)}
    if slug := request.GET.get("actor"):
        return {"actor": get_object_or_404(Actor, slug=slug)}
    return {}
