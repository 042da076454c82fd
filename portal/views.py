from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from collaboration.selectors_followup import followup_items
from portal.core.caching import cached_body
from portal.core.permissions import ANY_ROLE, STAFF_ROLES, Role, allow, user_roles
from portal.services import database_check

HOME_FOLLOWUP_ITEMS = 8


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "query", "roles", "date"))
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


# The day the checks the statement describes (axe-core on every page, the keyboard tests, a look at 390 px)
# were last reviewed by hand; change it with the statement.
ACCESSIBILITY_LAST_CHECKED = datetime.date(2026, 12, 1)


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgængelighedserklæring) the web accessibility act asks for: public."""
    context = {"contact": settings.ACCESSIBILITY_CONTACT, "last_checked": ACCESSIBILITY_LAST_CHECKED}
    return render(request, "portal/accessibility.html", context)


accessibility_statement.allowed_roles = None  # public on purpose: the law wants it reachable by anyone


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
