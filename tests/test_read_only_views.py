"""A plain page view writes nothing to the database, so on SQLite a reader never takes the write lock (and
with WAL never waits for a writer): every GET in the permission matrix, as every role, with a warm session,
both when the page is rendered and when it is viewed again (served from the cache where it is kept)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.core.testing import ROLES
from tests.test_permission_matrix import ROUTES

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
GETS = [route for route in ROUTES if route.method == "get"]
# Routes whose first view records something on purpose, and only the first.
RECORDED_ONCE = {"surveys:answer"}  # a respondent's first opening of the link (AnswerLink.opened_at)


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_view_writes_to_the_database(role, demo_data, client_for_role):
    client = client_for_role(role)
    client.get(reverse("home"))  # the session as a signed-in user has it after the first page
    offenders = {}
    for route in GETS:
        url = reverse(route.name, kwargs=route.kwargs()) + route.query
        for view in ("first", "again"):
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            if view == "first" and route.name in RECORDED_ONCE:
                continue
            if writes := _writes(queries):
                offenders[f"{url} ({view} view)"] = writes
    assert offenders == {}
