"""The shared cast: an administrator, a staff member, a board member and an anonymous visitor."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from portal.core.permissions import Role
from portal.services import user_create

PASSWORD = "test-password-not-secret-42"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher costs half a second each. Production is unaffected
    (the production settings are proved in subprocesses)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(db):
    """The shipped reference data, loaded through the same command an operator runs."""
    from django.core.management import call_command

    call_command("load_reference_data", stdout=io.StringIO())


def _client_for(role: Role | None, username: str) -> Client:
    client = Client()
    if role is not None:
        user, _ = user_create(username=username, role=role, password=PASSWORD)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.user = user
    return client


@pytest.fixture
def admin_client(db) -> Client:
    return _client_for(Role.ADMIN, "anne-admin")


@pytest.fixture
def staff_client(db) -> Client:
    return _client_for(Role.STAFF, "svend-staff")


@pytest.fixture
def board_client(db) -> Client:
    return _client_for(Role.BOARD, "bodil-board")


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def client_for_role(db):
    """client_for_role("admin" | "staff" | "board" | "anonymous")."""

    def make(role: str) -> Client:
        if role == "anonymous":
            return Client()
        return _client_for(Role(role), f"user-{role}")

    return make


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached dashboards must never leak from one test's data to
    another's (their keys depend on primary keys and versions that repeat between tests)."""
    from django.core.cache import cache

    cache.clear()
