"""Run inside a fresh interpreter with production environment variables (DEBUG off).

Prints, as JSON, which headers and cookies the portal sends over HTTP and HTTPS, so tests can assert the
real production configuration rather than test-time overrides.
"""

from __future__ import annotations

import json
import os

import django


def _response_facts() -> dict:
    from django.conf import settings
    from django.test import Client, override_settings

    # Headers are what matter here; the hashed static-file manifest exists only after collectstatic.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        client = Client()
        plain = client.get("/login/", secure=False)
        page = client.get("/login/", secure=True)
        health = client.get("/healthz", secure=False)
    csrf = page.cookies.get(settings.CSRF_COOKIE_NAME)
    return {
        "http_status": plain.status_code,
        "http_location": plain.headers.get("Location", ""),
        "status": page.status_code,
        "healthz_http_status": health.status_code,
        "headers": dict(page.headers.items()),
        "csrf_cookie": {
            "secure": bool(csrf and csrf["secure"]),
            "httponly": bool(csrf and csrf["httponly"]),
            "samesite": csrf["samesite"] if csrf else "",
        },
        "settings": {
            name: getattr(settings, name)
            for name in (
                "DEBUG",
                "SESSION_COOKIE_SECURE",
                "SESSION_COOKIE_HTTPONLY",
                "SESSION_COOKIE_AGE",
                "SESSION_EXPIRE_AT_BROWSER_CLOSE",
                "CSRF_COOKIE_SECURE",
            )
        },
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    print(json.dumps({"response": _response_facts()}))


if __name__ == "__main__":
    main()
