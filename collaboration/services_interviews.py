"""Saving an interview together with its quotes and follow-ups."""

from __future__ import annotations

from django.db import transaction

from collaboration.models_interviews import Interview


@transaction.atomic
def interview_save(*, form, quotes, follow_ups, interviewer) -> Interview:
    """Save the valid interview form and both formsets in one transaction; the first recorder is kept."""
    interview = form.save(commit=False)
    if interview.interviewer_id is None:
        interview.interviewer = interviewer
    interview.save()
    form.save_m2m()
    for formset in (quotes, follow_ups):
        formset.instance = interview
        formset.save()
    return interview
