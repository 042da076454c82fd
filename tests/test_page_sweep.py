"""Every page as every role, in one sweep per role over the demo data with a markup payload in every free
text (one test per role, so the workers share the sweep). Each GET route of the permission matrix
(`tests/test_permission_matrix.py`) is opened, and opened again where the view keeps its page
(`cached_body`) or records its first view; the sweep checks:

- the status the matrix gives the role;
- that no user text reaches a page unescaped, in its HTML or inside its chart JSON;
- that neither view writes to the database: the first, where the page is made, nor the second, served from
  the cache. So on SQLite a reader never takes the write lock (and with WAL never
  waits for a writer).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from portal.core.testing import ROLES, Route
from tests.test_escaping import RAW_MARKERS, poison_user_text
from tests.test_permission_matrix import ROUTES, wrong_status

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
GETS = [route for route in ROUTES if route.method == "get"]
# Routes whose first view records something on purpose, and only the first.
RECORDED_ONCE = {"surveys:answer"}  # a respondent's first opening of the link (AnswerLink.opened_at)


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


def _body(response: HttpResponse) -> bytes:
    # A download is read inside the query capture: what its generator runs is part of the view.
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _views(route: Route, path: str) -> tuple[str, ...]:
    kept = hasattr(resolve(path).func, "cached_body_varies_on")
    return ("first", "again") if kept or route.name in RECORDED_ONCE else ("first",)


def _unescaped(response: HttpResponse, body: bytes) -> list[str]:
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return []
    page = body.decode()
    return [f"unescaped {marker!r}" for marker in RAW_MARKERS if marker in page]


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_page_as_role(role, demo_data, client_for_role):
    assert poison_user_text() > 13
    client = client_for_role(role)
    client.get(reverse("home"))  # the session as a signed-in user has it after the first page
    problems: dict[str, list[str]] = defaultdict(list)
    html_pages = 0
    for route in GETS:
        url = reverse(route.name, kwargs=route.kwargs()) + route.query
        for view in _views(route, url.split("?")[0]):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, data=route.data())
                body = _body(response)
            recorded_on_purpose = view == "first" and route.name in RECORDED_ONCE
            if (writes := _writes(queries)) and not recorded_on_purpose:
                problems[url].append(f"the {view} view writes {writes}")
            if view == "first":
                if wrong := wrong_status(route, role, response):
                    problems[url].append(wrong)
                problems[url] += _unescaped(response, body)
                html_pages += bool(response["Content-Type"].startswith("text/html"))
    assert dict((url, found) for url, found in problems.items() if found) == {}
    if role != "anonymous":
        assert html_pages >= 10
