"""Security headers and cookies as production sends them, sign-in throttling, audit logging, CSRF on every write.

check --deploy and the start-up refusal without a real secret key are in portal/tests/test_settings.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from clusters.models import Cluster, ContactPerson
from conftest import PASSWORD
from portal.core.permissions import STAFF_ROLES, Role, allow
from portal.services import user_create
from portal.tests.test_settings import load_settings
from tests.test_permission_matrix import ROUTES, _portal_patterns


@pytest.fixture(scope="module")
def production():
    """What the portal reports and sends when started with DEBUG off, as an operator would start it."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite:////nonexistent/not-used-by-the-probe.sqlite3",
    }
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_AGE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.production_probe"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.slow
def test_production_redirects_plain_http_to_https(production):
    assert production["response"]["http_status"] == 301
    assert production["response"]["http_location"].startswith("https://")


@pytest.mark.slow
def test_production_answers_the_health_check_over_plain_http(production):
    # A load balancer checks gunicorn directly, without TLS: it gets the check's answer, not a redirect
    # (the probe has no database, so the answer is 503).
    assert production["response"]["healthz_http_status"] == 503


def test_the_health_check_answers_200_over_plain_http_where_pages_redirect(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get(reverse("login")).status_code == 301
    assert client.get(reverse("healthz")).status_code == 200


@pytest.mark.slow
def test_production_sends_the_security_headers(production):
    headers = production["response"]["headers"]
    assert production["response"]["status"] == 200
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.slow
def test_content_security_policy_allows_only_our_own_origin(production):
    policy = production["response"]["headers"]["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"], "no inline or foreign scripts"
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    # plotly styles its SVG inline, images may be data:/blob: (chart PNG download); never another host.
    allowed = {"'self'", "'none'", "data:", "blob:", "'unsafe-inline'"}
    for name, sources in directives.items():
        assert set(sources) <= allowed, (name, sources)
        if "'unsafe-inline'" in sources:
            assert name == "style-src", name


@pytest.mark.slow
def test_production_cookies_are_secure_and_sessions_expire(production):
    cookie = production["response"]["csrf_cookie"]
    assert cookie == {"secure": True, "httponly": True, "samesite": "Lax"}
    values = production["response"]["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert 0 < values["SESSION_COOKIE_AGE"] <= 12 * 60 * 60


def test_expired_session_sends_the_user_back_to_sign_in(admin_client):
    assert admin_client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = admin_client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- sign-in throttling and the audit log ---------------------------------------------------------


def _sign_in(address: str, username: str, password: str) -> int:
    client = Client(REMOTE_ADDR=address)
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


@pytest.fixture
def colleague(db, settings):
    # Hashing speed is not under test here; the sign-in flow is.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user, _ = user_create(username="kirsten", role=Role.STAFF, password=PASSWORD)
    return user


def test_failed_sign_ins_lock_out_only_that_address(colleague):
    statuses = [
        _sign_in("203.0.113.9", "kirsten", "wrong-password") for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # The attacker's address is locked out even with the right password ...
    assert _sign_in("203.0.113.9", "kirsten", PASSWORD) == 429
    # ... but the colleague at her own desk still gets in.
    assert _sign_in("10.0.0.5", "kirsten", PASSWORD) == 302


def test_lockout_ends_after_the_cool_off(colleague):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in("203.0.113.9", "kirsten", "wrong-password")
    assert _sign_in("203.0.113.9", "kirsten", PASSWORD) == 429
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - dt.timedelta(seconds=1))
    assert _sign_in("203.0.113.9", "kirsten", PASSWORD) == 302


@dataclass(frozen=True)
class Topology:
    """How requests reach the portal: the environment an operator sets, and the proxies in front of it
    (outermost first; the last one connects to gunicorn)."""

    env: dict
    proxies: tuple[str, ...]

    def meta(self, client: str, sent_forwarded_for: str = "") -> dict:
        """What the portal sees when a client at `client` sends `sent_forwarded_for` (or no such header):
        every proxy appends the address that connected to it, as nginx's $proxy_add_x_forwarded_for does."""
        if not self.proxies:
            sent = {"HTTP_X_FORWARDED_FOR": sent_forwarded_for} if sent_forwarded_for else {}
            return {"REMOTE_ADDR": client, **sent}
        chain = [*([sent_forwarded_for] if sent_forwarded_for else []), client, *self.proxies[:-1]]
        return {"REMOTE_ADDR": self.proxies[-1], "HTTP_X_FORWARDED_FOR": ", ".join(chain)}


TOPOLOGIES = {
    "direct": Topology(env={}, proxies=()),
    "behind-one-proxy": Topology(env={"BEHIND_PROXY": "1"}, proxies=("127.0.0.1",)),
    "behind-two-proxies": Topology(
        env={"BEHIND_PROXY": "1", "TRUSTED_PROXY_COUNT": "2"}, proxies=("198.51.100.200", "10.0.0.2")
    ),
}
ATTACKER, ADMINISTRATOR = "198.51.100.66", "192.0.2.10"


@pytest.fixture(params=TOPOLOGIES.values(), ids=TOPOLOGIES.keys())
def topology(request, monkeypatch, settings) -> Topology:
    """The client-address settings that portal/settings.py derives from the topology's environment."""
    loaded = load_settings(monkeypatch, DEBUG="1", **request.param.env)
    for name, value in loaded.items():
        if name.startswith(("AXES_IPWARE_", "IPWARE_")):
            setattr(settings, name, value)
    return request.param


def test_nobody_can_lock_a_colleague_out_by_naming_her_address(topology, colleague, audit_records):
    """Five wrong passwords sent with the administrator's own address in X-Forwarded-For lock out the
    sender's real address, never the administrator coming through the same proxies."""
    attack = Client(**topology.meta(ATTACKER, sent_forwarded_for=ADMINISTRATOR))
    statuses = [
        attack.post(reverse("login"), {"username": "kirsten", "password": "wrong-password"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert attack.post(reverse("login"), {"username": "kirsten", "password": PASSWORD}).status_code == 429
    colleague_at_her_desk = Client(**topology.meta(ADMINISTRATOR))
    response = colleague_at_her_desk.post(reverse("login"), {"username": "kirsten", "password": PASSWORD})
    assert response.status_code == 302
    audit = [r.getMessage() for r in audit_records.records if r.name == "portal.audit"]
    assert f"sign-in failed user=kirsten address={ATTACKER}" in audit, audit
    assert f"sign-in user=kirsten address={ADMINISTRATOR}" in audit, audit
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_sign_ins_are_logged_without_the_password(colleague, audit_records):
    wrong = "hunter2-wrong-guess"
    _sign_in("203.0.113.9", "kirsten", wrong)
    _sign_in("10.0.0.5", "kirsten", PASSWORD)
    audit = [r.getMessage() for r in audit_records.records if r.name == "portal.audit"]
    assert any("sign-in failed user=kirsten address=203.0.113.9" in line for line in audit), audit
    assert any("sign-in user=kirsten address=10.0.0.5" in line for line in audit), audit
    everything = "\n".join(r.getMessage() for r in audit_records.records)
    assert wrong not in everything and PASSWORD not in everything
    stored = " ".join(f"{a.get_data} {a.post_data}" for a in AccessAttempt.objects.all())
    assert wrong not in stored


def test_refused_authorisation_is_logged(db, audit_records):
    board_member, _ = user_create(username="bente", role=Role.BOARD, password=PASSWORD)
    request = RequestFactory().get("/kun-for-medarbejdere/")
    request.user = board_member
    view = allow(STAFF_ROLES)(lambda request: HttpResponse("hemmeligt"))
    with pytest.raises(PermissionDenied):
        view(request)
    audit = [r.getMessage() for r in audit_records.records if r.name == "portal.audit"]
    assert "authorisation refused user=bente path=/kun-for-medarbejdere/" in audit


# --- CSRF on every state-changing view ----------------------------------------------------------


def test_no_portal_view_is_exempt_from_csrf():
    exempt = sorted(
        name for name, pattern in _portal_patterns() if getattr(pattern.callback, "csrf_exempt", False)
    )
    assert not exempt


def test_sign_in_and_sign_out_reject_a_post_without_csrf_token(colleague):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "kirsten", "password": PASSWORD}).status_code == 403
    client.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("home")).status_code == 200, "still signed in"


@pytest.mark.slow
def test_every_view_rejects_a_post_without_csrf_token(demo_data):
    """Every route of the matrix, not only the rows marked POST: a form view listed with its GET row
    must refuse a forged POST too. One data load keeps this fast as routes are added."""
    admin, _ = user_create(username="csrf-admin", role=Role.ADMIN, password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    urls = {reverse(route.name, kwargs=route.kwargs()) + route.query: route for route in ROUTES}
    accepted = []
    for url, route in urls.items():
        response = client.post(url, data=route.data())
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append((url, response.status_code))
    assert any(route.method == "post" for route in ROUTES), "the matrix lists the state-changing routes"
    assert not accepted, accepted


# --- request size -------------------------------------------------------------------------------------


class _UnreadBody(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded"]
)
def test_an_oversized_body_is_refused_before_anything_reads_it(db, content_type):
    """An anonymous upload to the sign-in page: Django would spool a multipart body to disk for the CSRF
    check."""
    declared = settings.REQUEST_MAX_BYTES + 1
    response = Client().post(
        reverse("login"),
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(declared),
        **{"wsgi.input": _UnreadBody()},
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Forespørgslen er for stor" in response.content.decode()


def test_the_limit_leaves_room_for_the_largest_import_file(reference_data, admin_client):
    """A file just over the import limit reaches the import, which says why in its own words."""
    assert settings.REQUEST_MAX_BYTES > settings.SURVEY_IMPORT_MAX_BYTES
    url = reverse("surveys:import", kwargs={"slug": "klyngesurvey-2023"})
    upload = SimpleUploadedFile("svar.xlsx", b"x" * (settings.SURVEY_IMPORT_MAX_BYTES + 1))
    response = admin_client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "Filen er for stor" in response.content.decode()


# --- nothing personal in a shared cache -----------------------------------------------------------


def _cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_responses_to_signed_in_users_are_private_and_not_stored(demo_data, staff_client, board_client):
    """The profile with its contact persons (twice: built, then served from the page cache), the key
    figures as JSON and the Excel summary: no proxy may keep them, no browser may write them to disk."""
    cluster = Cluster.objects.get(slug="energy-cluster-denmark")
    ContactPerson.objects.create(cluster=cluster, name="Karin Kontaktperson", email="karin@example.dk")
    profile = reverse("clusters:cluster-detail", kwargs={"slug": cluster.slug})
    survey = {"slug": "klyngesurvey-2023"}
    figures, summary = reverse("surveys:key-figures", kwargs=survey), reverse("surveys:export", kwargs=survey)
    responses = [staff_client.get(profile), staff_client.get(profile)]
    responses += [client.get(url) for client in (staff_client, board_client) for url in (figures, summary)]
    assert "Karin Kontaktperson" in responses[1].content.decode()
    assert [response.status_code for response in responses] == [200] * len(responses)
    assert all({"private", "no-store"} <= _cache_directives(response) for response in responses), [
        response.get("Cache-Control") for response in responses
    ]
