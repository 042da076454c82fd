"""Every route × every role: the status each role gets, and proof that no route is left out of the table."""

from __future__ import annotations

import importlib

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.core.testing import LOGIN, ROLES, Route

APPS = ("portal", "clusters", "surveys", "collaboration")
ROUTES: list[Route] = [
    route for app in APPS for route in importlib.import_module(f"{app}.tests.routes").ROUTES
]
# Routes outside the portal's own rules: Django admin (its own staff check), sign-in/out, language
# switch, the public health check and the public accessibility statement.
FOREIGN_NAMESPACES = {"admin"}
PUBLIC_NAMES = {"login", "logout", "set_language", "healthz", "accessibility-statement"}


def _named_patterns(patterns=None, namespace: str = ""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _portal_patterns():
    for name, pattern in _named_patterns():
        if name.split(":")[0] in FOREIGN_NAMESPACES or name in PUBLIC_NAMES:
            continue
        yield name, pattern


def test_every_route_is_in_the_matrix():
    covered = {route.name for route in ROUTES}
    missing = sorted(name for name, _ in _portal_patterns() if name not in covered)
    assert not missing, f"routes without a row in the permission matrix: {missing}"


def test_every_route_declares_who_may_use_it():
    undeclared = sorted(
        name for name, pattern in _portal_patterns() if not getattr(pattern.callback, "allowed_roles", None)
    )
    assert not undeclared, f"views without allow(...) from portal.core.permissions: {undeclared}"


# The GET rows are checked in tests/test_page_sweep.py, one sweep per role; the rows that write are checked
# here one by one, each on the demo data as loaded.
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "route",
    [route for route in ROUTES if route.method != "get"],
    ids=lambda route: f"{route.method}:{route.name}{route.query}",
)
def test_route_status_for_role(route: Route, role: str, demo_data, client_for_role):
    client = client_for_role(role)
    url = reverse(route.name, kwargs=route.kwargs()) + route.query
    response = getattr(client, route.method)(url, data=route.data())
    assert wrong_status(route, role, response) is None, (url, role)


def wrong_status(route: Route, role: str, response: HttpResponse) -> str | None:
    """What is wrong with the status `role` got for `route`, against the table; None when it is right (for an
    anonymous visitor mostly a redirect to sign-in)."""
    expected = route.expect[role]
    if expected == LOGIN:
        right = response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        right = response.status_code == expected
    return None if right else f"status {response.status_code}, the matrix says {expected}"
