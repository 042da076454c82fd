"""The record of processing for contact persons (GDPR) and the contacts due for review: administrators only."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusters.personal_data import PROCESSING_RECORD, contacts_due_for_review
from portal.core.permissions import ADMIN_ONLY, allow


@allow(ADMIN_ONLY)
def personal_data(request: HttpRequest) -> HttpResponse:
    context = {
        "record": PROCESSING_RECORD,
        "retention_years": settings.CONTACT_RETENTION_YEARS,
        "due": list(contacts_due_for_review()),
    }
    return render(request, "clusters/personal_data.html", context)
