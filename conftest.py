"""The shared cast: an administrator, a staff member, a board member and an anonymous visitor."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation
from pytest_django.fixtures import validate_django_db

from portal.core.permissions import Role
from portal.core.testing import sign_in
from portal.services import user_create

PASSWORD = "test-password-not-secret-42"


@pytest.fixture(autouse=True, scope="session")
def _fast_test_settings(tmp_path_factory):
    """Production is unaffected by these (the production settings are proved in subprocesses).

    Tests create many users, and the production password hasher costs half a second each. Every test
    client loads the middleware afresh, and whitenoise would list and stat every static file each time (a
    tenth of the suite's time); instead it finds a file when one is asked for, as under `runserver`.
    Uploads waiting for confirmation go to a folder of the run's own, not the checkout's `var/`.
    """
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        WHITENOISE_AUTOREFRESH=True,
        SURVEY_IMPORT_STASH_DIR=tmp_path_factory.mktemp("survey-imports"),
    ):
        yield


@pytest.fixture(autouse=True)
def _danish_first():
    """Each test starts in Danish, the portal's language: a request in English leaves its language active in
    the thread (as LocaleMiddleware does in a server, where the next request activates its own)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


class SharedData:
    """The reference or the demo data, loaded once for the tests that ask for it (they run one after another).

    It is loaded through the same command an operator runs, inside a transaction that stays open while the
    following tests want the same data; each test runs in a savepoint inside it that rolls back, so no test
    sees another's writes (Django's TestCase.setUpTestData works the same way). A test that wants other
    data, or none, rolls the transaction back first, so no test sees data it did not ask for.
    """

    COMMANDS = {"reference_data": "load_reference_data", "demo_data": "load_demo_data"}

    def __init__(self, blocker) -> None:
        self.blocker = blocker
        self.loaded: str | None = None
        self._transaction = None

    def settle(self, wanted: str | None) -> None:
        # A connection closed inside a test (as after a database fault) took the loaded data with it.
        if wanted == self.loaded and not connection.closed_in_transaction:
            return
        with self.blocker.unblock():
            self.release()
            if wanted is not None:
                self._transaction = transaction.atomic()
                self._transaction.__enter__()
                try:
                    call_command(self.COMMANDS[wanted], stdout=io.StringIO())
                except Exception:
                    # Not raised here, inside pytest's fixture machinery: the test's own fixture loads
                    # the data again and fails with the error as its own.
                    self.release()
                    return
                self.loaded = wanted

    def release(self) -> None:
        if self._transaction is not None:
            transaction.set_rollback(True)
            self._transaction.__exit__(None, None, None)
            self._transaction = self.loaded = None


def _commits(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test as a TransactionTestCase: it commits, and the database is emptied
    after it."""
    marker = item.get_closest_marker("django_db")
    transactional, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    fixtures = {"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames)
    return bool(transactional or reset_sequences or fixtures)


def _shared_data_wanted(item: pytest.Item) -> str | None:
    """The shared data the test asks for; none for a test that commits, which loads its own."""
    if _commits(item):
        return None
    return next((name for name in SharedData.COMMANDS if name in item.fixturenames), None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests that want the same shared data run one after another, so it is loaded a few times per run
    # rather than once per module. pytest-django has already put the tests that commit last, as Django's
    # runner does, and they stay last. The sort is stable: within a group the tests keep their order.
    groups = [None, *SharedData.COMMANDS]
    items.sort(key=lambda item: (_commits(item), groups.index(_shared_data_wanted(item))))


@pytest.fixture(scope="session")
def _shared_data(django_db_setup, django_db_blocker):
    shared = SharedData(django_db_blocker)
    yield shared
    with django_db_blocker.unblock():
        shared.release()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    # pytest-django opens each test's own transaction in `_django_db_helper` (whether the test asks for
    # `db` or carries the django_db mark); the shared data must be in place, or gone, before that.
    if fixturedef.argname == "_django_db_helper":
        request.getfixturevalue("_shared_data").settle(_shared_data_wanted(request.node))
    return (yield)


def _load_unless_shared(shared: SharedData, name: str) -> None:
    if shared.loaded != name:
        call_command(SharedData.COMMANDS[name], stdout=io.StringIO())


@pytest.fixture
def reference_data(db, _shared_data) -> None:
    """The shipped reference data, loaded through the same command an operator runs."""
    _load_unless_shared(_shared_data, "reference_data")


@pytest.fixture
def demo_data(db, _shared_data) -> None:
    """The reference data with the illustrative demo data on top, as `make run` loads it."""
    _load_unless_shared(_shared_data, "demo_data")


def signed_in_client(role: Role | None, username: str) -> Client:
    """A client signed in as a new user `username` with `role` (anonymous for None); a test that needs a
    second user of a role calls it itself."""
    client = Client()
    if role is not None:
        user, _ = user_create(username=username, role=role, password=PASSWORD)
        sign_in(client, user)
        client.user = user
    return client


@pytest.fixture
def admin_client(db) -> Client:
    return signed_in_client(Role.ADMIN, "anne-admin")


@pytest.fixture
def staff_client(db) -> Client:
    return signed_in_client(Role.STAFF, "svend-staff")


@pytest.fixture
def board_client(db) -> Client:
    return signed_in_client(Role.BOARD, "bodil-board")


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def client_for_role(db):
    """client_for_role("admin" | "staff" | "board" | "anonymous")."""

    def make(role: str) -> Client:
        if role == "anonymous":
            return Client()
        return signed_in_client(Role(role), f"user-{role}")

    return make


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached dashboards must never leak from one test's data to
    another's (their keys depend on primary keys and versions that repeat between tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def audit_records(caplog):
    """Records of the `portal.audit` logger, which does not propagate to the root logger caplog watches."""
    logger = logging.getLogger("portal.audit")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO)
    yield caplog
    logger.removeHandler(caplog.handler)
