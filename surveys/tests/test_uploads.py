"""The import stash: where uploaded files wait between preview and confirmation, who may read them, how long."""

from __future__ import annotations

import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from portal.tests.test_settings import load_settings
from surveys import uploads


@pytest.fixture
def stash(settings, tmp_path) -> Path:
    settings.SURVEY_IMPORT_STASH_DIR = tmp_path / "stash"
    return settings.SURVEY_IMPORT_STASH_DIR


@contextmanager
def permissive_umask():
    """As a service started with umask 000 would create files: nothing narrowed by the process."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_stash_is_inside_var_unless_configured(monkeypatch):
    monkeypatch.delenv("SURVEY_IMPORT_STASH_DIR", raising=False)
    default = load_settings(monkeypatch, DEBUG="1")["SURVEY_IMPORT_STASH_DIR"]
    assert default == django_settings.BASE_DIR / "var" / "survey-imports"
    shared = load_settings(monkeypatch, DEBUG="1", SURVEY_IMPORT_STASH_DIR="/srv/klynger/imports")
    assert shared["SURVEY_IMPORT_STASH_DIR"] == Path("/srv/klynger/imports")


def test_a_stashed_file_is_kept_in_the_configured_folder_and_read_back(stash):
    token = uploads.upload_stash(b"PK-excel")
    assert [path.name for path in stash.iterdir()] == [f"{token}.xlsx"]
    assert uploads.upload_read(token) == b"PK-excel"
    uploads.upload_discard(token)
    assert uploads.upload_read(token) is None and not any(stash.iterdir())


def test_only_the_portals_user_may_read_the_stash(stash):
    stash.mkdir(mode=0o755)  # left by an older version, or made by hand
    stash.chmod(0o755)
    with permissive_umask():
        token = uploads.upload_stash(b"PK-excel")
    assert _mode(stash) == 0o700
    assert _mode(stash / f"{token}.xlsx") == 0o600


def test_an_expired_file_is_not_read_and_is_removed(stash):
    token = uploads.upload_stash(b"PK-old")
    _age(stash / f"{token}.xlsx", uploads.MAX_AGE_SECONDS + 1)
    assert uploads.upload_read(token) is None
    assert not (stash / f"{token}.xlsx").exists()


def test_stashing_removes_the_expired_files_and_keeps_the_fresh_ones(stash):
    old, fresh = uploads.upload_stash(b"PK-old"), uploads.upload_stash(b"PK-fresh")
    _age(stash / f"{old}.xlsx", uploads.MAX_AGE_SECONDS + 1)
    _age(stash / f"{fresh}.xlsx", uploads.MAX_AGE_SECONDS - 60)
    new = uploads.upload_stash(b"PK-new")
    assert sorted(path.name for path in stash.iterdir()) == sorted([f"{fresh}.xlsx", f"{new}.xlsx"])


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "kort", "a" * 65, "x/" + "a" * 30])
def test_a_token_that_is_not_ours_names_no_file(stash, token):
    assert uploads.upload_read(token) is None
