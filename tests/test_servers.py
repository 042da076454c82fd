"""The portal served by real gunicorn processes (production settings) on a SQLite file: several servers share
one Redis page cache, and a page is read while another connection holds the database's write lock."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.bench.client import Session, sign_in
from tests.bench.run import gunicorn, manage, production_env

USER, PASSWORD = "drift-admin", "drift-password-not-secret-42"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> tuple[dict[str, str], Path, str]:
    """The production environment on a fresh SQLite file with the reference data, the file, and a cluster."""
    database = tmp_path_factory.mktemp("served") / "portal.sqlite3"
    env = production_env(f"sqlite:///{database}")
    manage(env, "collectstatic", "--noinput")  # the hashed files production serves (into STATIC_ROOT)
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    manage(env, "create_user", USER, "--role=admin", f"--password={PASSWORD}")
    with sqlite3.connect(database) as db:
        (slug,) = db.execute("SELECT slug FROM clusters_cluster ORDER BY slug LIMIT 1").fetchone()
    return env, database, slug


def _log_entry(session: Session, slug: str, title: str) -> None:
    status, _, _ = session.post_form(
        f"/samarbejde/klynger/{slug}/log/ny/",
        {"kind": "note", "occurred_on": "2026-11-30", "title": title, "notes": ""},
    )
    assert status == 302, status


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL: run through scripts/with-redis.sh")
def test_an_edit_served_by_one_server_reaches_the_page_the_other_keeps(served):
    import redis

    redis_url = os.environ["REDIS_URL"]
    env, _, slug = served
    shared = redis.Redis.from_url(redis_url)
    shared.flushdb()
    env = {**env, "CACHE_URL": redis_url}
    page, title = f"/klynger/{slug}/", "Fælles cache: aftalt på server ét"
    with gunicorn(env, workers=1) as first, gunicorn(env, workers=1) as second:
        one = sign_in(first, USER, PASSWORD)
        # Sessions are in the database: the same cookie is signed in on the other server.
        other = Session(port=second, cookies=dict(one.cookies))

        status, before = other.get(page)
        assert status == 200 and title.encode() not in before
        kept = shared.keys("*page:*")
        status, _ = one.get(page)
        assert status == 200
        assert len(kept) == 1 and shared.keys("*page:*") == kept, "the servers do not share one kept page"

        _log_entry(one, slug, title)
        status, after = other.get(page)

    assert status == 200 and title.encode() in after


@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite's locking; PostgreSQL is unchanged")
def test_pages_are_read_while_another_connection_holds_the_write_lock(served):
    env, database, slug = served
    with gunicorn(env, workers=1) as port:
        session = sign_in(port, USER, PASSWORD)
        assert session.get("/")[0] == 200  # a warm session and connection
        # IMMEDIATE is a writer's lock; EXCLUSIVE would also shut readers out without WAL.
        for mode, page in (("IMMEDIATE", "/klynger/"), ("EXCLUSIVE", f"/klynger/{slug}/")):
            locker = sqlite3.connect(database, isolation_level=None)
            try:
                locker.execute(f"BEGIN {mode}")
                locker.execute("UPDATE portal_dataversion SET version = version")
                status, _ = session.get(page)
            finally:
                locker.execute("ROLLBACK")
                locker.close()
            assert status == 200, (mode, page, status)
