"""Settings come from the environment; production refuses to start half-configured."""

from __future__ import annotations

import os
import re
import runpy
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = settings.BASE_DIR / "portal" / "settings.py"
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "klynger.example.dk"}


def load_settings(monkeypatch, **env) -> dict:
    """Evaluate portal/settings.py afresh with exactly these variables (the rest unset)."""
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CSRF_TRUSTED_ORIGINS", "CACHE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.mark.slow
def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SECURE_", "DATABASE_URL"))
    }
    env.update(PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(monkeypatch, missing):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        load_settings(monkeypatch, **env)


def test_production_refuses_a_short_or_development_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings(monkeypatch, **{**PRODUCTION, "SECRET_KEY": "kort"})
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings(monkeypatch, **{**PRODUCTION, "SECRET_KEY": "django-insecure-" + "x" * 60})


def test_production_settings_are_secure(monkeypatch):
    loaded = load_settings(monkeypatch, **PRODUCTION, CSRF_TRUSTED_ORIGINS="https://klynger.example.dk")
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == ["klynger.example.dk"]
    assert loaded["CSRF_TRUSTED_ORIGINS"] == ["https://klynger.example.dk"]
    assert loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"] and loaded["SECURE_SSL_REDIRECT"]


def test_debug_runs_without_secret_key_on_local_hosts(monkeypatch):
    loaded = load_settings(monkeypatch, DEBUG="1")
    assert loaded["DEBUG"] is True
    assert "127.0.0.1" in loaded["ALLOWED_HOSTS"]


def test_an_unclear_debug_value_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        load_settings(monkeypatch, DEBUG="maybe")


def test_two_factor_is_for_administrators_unless_everyone_is_asked_for(monkeypatch):
    assert load_settings(monkeypatch, DEBUG="1")["OTP_REQUIRED_FOR"] == "admins"
    assert (
        load_settings(monkeypatch, DEBUG="1", OTP_REQUIRED_FOR="everyone")["OTP_REQUIRED_FOR"] == "everyone"
    )
    with pytest.raises(ImproperlyConfigured, match="OTP_REQUIRED_FOR"):
        load_settings(monkeypatch, DEBUG="1", OTP_REQUIRED_FOR="nobody")


def test_without_database_url_the_embedded_sqlite_file_is_used(monkeypatch):
    database = load_settings(monkeypatch, DEBUG="1")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert str(database["NAME"]).endswith("var/db.sqlite3")


def test_sqlite_database_url_points_at_another_file(monkeypatch, tmp_path):
    path = tmp_path / "andet.sqlite3"
    database = load_settings(monkeypatch, DEBUG="1", DATABASE_URL=f"sqlite:///{path}")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(path)


def test_postgres_database_url_uses_psycopg2(monkeypatch):
    url = "postgres://klynge:hemmelig@db.example.dk:5433/klyngeportalen"
    database = load_settings(monkeypatch, DEBUG="1", DATABASE_URL=url)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"]) == ("klynge", "hemmelig")
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example.dk", 5433, "klyngeportalen")


def test_without_cache_url_each_process_keeps_its_own_cache(monkeypatch):
    cache = load_settings(monkeypatch, DEBUG="1")["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_cache_url_shares_the_cache_through_redis(monkeypatch):
    url = "redis://:hemmelig@cache.example.dk:6379/2"
    cache = load_settings(monkeypatch, DEBUG="1", CACHE_URL=url)["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == url


def test_an_unknown_cache_url_is_refused_without_showing_its_password(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL") as refused:
        load_settings(monkeypatch, DEBUG="1", CACHE_URL="memcache://bruger:hemmelig@cache.example.dk")
    assert "hemmelig" not in str(refused.value)


def test_env_example_documents_every_variable_the_settings_read():
    source = SETTINGS_FILE.read_text(encoding="utf-8")
    documented = (settings.BASE_DIR / ".env.example").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))
    assert read, "no environment variables found in settings"
    assert sorted(name for name in read if f"{name}=" not in documented) == []
