from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core.permissions import ANY_ROLE, Role, allow, user_roles


@allow(ANY_ROLE)
def home(request: HttpRequest) -> HttpResponse:
    """Route each role to what it uses most; the page itself lists every part the user may open."""
    roles = user_roles(request.user)
    return render(request, "portal/home.html", {"roles": roles, "board_only": roles == {Role.BOARD}})


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
    """Public liveness check for the load balancer: answers only whether the database responds."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


healthz.allowed_roles = None  # public on purpose
