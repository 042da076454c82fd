"""Typed readers for settings that come from the environment."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "klyngeportalen"}
SHARED_CACHE_SCHEMES = ("redis", "rediss", "unix")


def cache_from_url(url: str) -> dict:
    """Django's cache settings for CACHE_URL: none means each process keeps its own; redis:// (rediss://,
    unix://) a Redis server every server shares."""
    if not url:
        return dict(LOCAL_CACHE)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in SHARED_CACHE_SCHEMES:
        # Never the whole URL in the message: it may hold the server's password.
        raise ImproperlyConfigured(
            f"CACHE_URL must start with redis://, rediss:// or unix://, not {scheme or 'no scheme'}"
        )
    # The prefix keeps the portal's keys apart from anything else the same Redis database holds.
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "klyngeportalen",
    }
