from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from collaboration.selectors_followup import followup_items
from portal.core.permissions import ANY_ROLE, STAFF_ROLES, Role, allow, user_roles
from portal.services import database_check

HOME_FOLLOWUP_ITEMS = 8


@allow(ANY_ROLE)
def home(request: HttpRequest) -> HttpResponse:
    """Route each role to what it uses most; the page itself lists every part the user may open."""
    roles = user_roles(request.user)
    followup = followup_items(today=timezone.localdate()) if roles & STAFF_ROLES else []
    context = {
        "roles": roles,
        "board_only": roles == {Role.BOARD},
        "followup": followup[:HOME_FOLLOWUP_ITEMS],
    }
    context["followup_more"] = max(len(followup) - HOME_FOLLOWUP_ITEMS, 0)
    return render(request, "portal/home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Public check for the load balancer, also over plain http (SECURE_REDIRECT_EXEMPT): 200 when the
    database can be read and written, else 503."""
    try:
        database_check()
    except Exception:  # whatever the database raises, the answer is the same: not healthy
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


healthz.allowed_roles = None  # public on purpose
