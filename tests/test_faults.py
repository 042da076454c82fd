"""Faults: the database going away mid-request gives a clean error page and the portal recovers; an import
interrupted half-way leaves the database as it was."""

from __future__ import annotations

from unittest import mock

import psycopg2
import pytest
from django.core.signals import request_started
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from portal.core.caching import data_version
from portal.core.permissions import Role
from portal.core.testing import committed, sign_in
from portal.models import HealthProbe
from portal.services import user_create
from surveys.models import Survey
from surveys.services_import import survey_import
from surveys.tests.conftest import filled_template
from surveys.tests.test_import import COMPLETE_ENERGY, database_state


@pytest.fixture
def signed_in(db) -> Client:
    user, _ = user_create(username="fejl-admin", role=Role.ADMIN, password=PASSWORD)
    client = Client(raise_request_exception=False)
    sign_in(client, user)
    return client


def _database_gone_after(queries: int):
    """Let `queries` statements through, then fail every one as a dropped connection does."""
    real = CursorWrapper._execute
    seen = []

    def execute(self, *args, **kwargs):
        seen.append(args[0])
        if len(seen) > queries:
            raise OperationalError("server closed the connection unexpectedly")
        return real(self, *args, **kwargs)

    return mock.patch.object(CursorWrapper, "_execute", execute)


def test_database_failing_mid_request_gives_the_clean_error_page(signed_in):
    # The session is read, then the database goes away before the user record is.
    with _database_gone_after(queries=1):
        response = signed_in.get(reverse("home"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Der opstod en fejl" in page and "Intet er ændret" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_the_request_after_a_database_failure_works(signed_in):
    with _database_gone_after(queries=0):
        assert signed_in.get(reverse("home")).status_code == 500
    response = signed_in.get(reverse("home"))
    assert response.status_code == 200


def test_health_check_reports_the_database_unavailable(db):
    with _database_gone_after(queries=0):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert Client().get(reverse("healthz")).json() == {"status": "ok"}


def _writes_refused():
    """Reads go through; every write fails as on a read-only database (a standby, a read-only disk)."""
    real = CursorWrapper._execute

    def execute(self, sql, *args, **kwargs):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError("attempt to write a readonly database")
        return real(self, sql, *args, **kwargs)

    return mock.patch.object(CursorWrapper, "_execute", execute)


def test_health_check_reports_a_database_that_cannot_be_written(db):
    with _writes_refused():
        response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}


def test_health_check_leaves_nothing_behind_and_keeps_the_data_version(db):
    before = data_version()
    with committed() as on_commit:
        assert Client().get(reverse("healthz")).json() == {"status": "ok"}
    assert not on_commit, "nothing to commit: the probe's write is rolled back"
    assert data_version() == before
    assert not HealthProbe.objects.exists()


@pytest.mark.postgres
def test_postgresql_dropping_the_connection_gives_the_error_page_then_the_portal_reconnects(transactional_db):
    user, _ = user_create(username="fejl-admin", role=Role.ADMIN, password=PASSWORD)
    client = Client(raise_request_exception=False)
    sign_in(client, user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    dsn = {key: params[key] for key in ("host", "port", "user", "dbname", "password") if params.get(key)}
    with psycopg2.connect(**dsn) as admin, admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()

    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.content.decode()
    # What the WSGI handler does at the start of every request: drop a connection that has failed.
    request_started.send(sender=None)
    assert client.get(reverse("home")).status_code == 200


def test_import_interrupted_half_way_leaves_the_database_as_before(demo_data):
    survey = Survey.objects.select_related("questionnaire").get(slug="klyngesurvey-2023")
    data = filled_template(survey, {"energy-cluster-denmark": COMPLETE_ENERGY, "clean": COMPLETE_ENERGY})
    before = database_state()

    # Answers and choices are written, then the server dies while the responses are being updated.
    with (
        mock.patch("surveys.services._responses_touch", side_effect=OperationalError("server gone")),
        pytest.raises(OperationalError),
    ):
        survey_import(survey=survey, file=data, name="svar.xlsx")
    assert database_state() == before

    result = survey_import(survey=survey, file=data, name="svar.xlsx")
    assert result.ok and result.changes, "the same file goes through once the database is back"
    assert database_state() != before
