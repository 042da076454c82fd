"""Error pages that never touch the database, so they render even when it has gone away."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader


def _render(template: str, status: int, request: HttpRequest) -> HttpResponse:
    body = loader.get_template(template).render({"request_path": request.path})
    return HttpResponse(body, status=status)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _render("errors/403.html", 403, request)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _render("errors/404.html", 404, request)


def server_error(request: HttpRequest) -> HttpResponse:
    return _render("errors/500.html", 500, request)
