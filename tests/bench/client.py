"""A small HTTP client for the benchmark: sign in, then time GET requests from 1..n threads.

Only ever talks to the loopback address it is given.
"""

from __future__ import annotations

import base64
import http.client
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

from django_otp.oath import TOTP

LOOPBACK = "127.0.0.1"


@dataclass
class Session:
    port: int
    cookies: dict[str, str]

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Accept-Language": "da"}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), payload
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, bytes]:
        status, _, payload = self.request("GET", path)
        return status, payload

    def post_form(self, path: str, fields: dict) -> tuple[int, dict, bytes]:
        """POST a form the way a browser does: with the CSRF token from the page's cookie."""
        return self.request(
            "POST", path, {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        )


def sign_in(port: int, username: str, password: str) -> Session:
    session = Session(port=port, cookies={})
    status, page = session.get("/login/")
    assert status == 200, status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    status, _, _ = session.request(
        "POST", "/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    if status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"benchmark sign-in failed ({status})")
    _two_factor(session, username)
    return session


TWO_FACTOR = "/login/kode/"
SECRET = re.compile(rb'class="otp-secret">([A-Z2-7 ]+)</code>')


# The key each benchmark administrator's "authenticator app" holds, and the last time step it typed a code
# for: the portal takes each step's code once, and one step ahead at most.
_KEYS: dict[str, bytes] = {}
_LAST_STEP: dict[str, int] = {}


def _two_factor(session: Session, username: str) -> None:
    """An administrator (a fresh user on each tier's database) enrols as a person would, the key from the
    enrolment page into an authenticator and its code back; a later sign-in types the app's code. Anyone
    else owes no code."""
    status, page = session.get(TWO_FACTOR)
    if status == 302:
        return
    secret = SECRET.search(page)
    if secret is not None:
        _KEYS[username] = base64.b32decode(secret.group(1).replace(b" ", b""))
        _LAST_STEP.pop(username, None)
    if status != 200 or username not in _KEYS:
        raise RuntimeError(f"benchmark two-factor sign-in: no enrolment or code page ({status})")
    status, _, _ = session.post_form(TWO_FACTOR, {"code": _app_code(username)})
    # Enrolling ends on the page of backup codes; a later code sends the user on to the portal.
    if status != (200 if secret is not None else 302):
        raise RuntimeError(f"benchmark two-factor sign-in failed ({status})")


def _app_code(username: str) -> str:
    """A code for a time step not used yet, waiting for the clock when the step ahead is taken too."""
    while True:
        totp = TOTP(_KEYS[username])
        now = totp.t()
        step = max(now, _LAST_STEP.get(username, now - 1) + 1)
        if step <= now + 1:
            break
        time.sleep(1)
    totp.drift = step - now
    _LAST_STEP[username] = step
    return f"{totp.token():06d}"


@dataclass
class Timing:
    clients: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    rps: float

    def as_dict(self) -> dict:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(session: Session, path: str, *, clients: int, per_client: int, seconds: float) -> Timing:
    """Each client sends up to `per_client` requests, stopping early after `seconds` (but after at least 3)."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()

    def client() -> None:
        mine = Session(port=session.port, cookies=dict(session.cookies))
        started = time.perf_counter()
        for done in range(per_client):
            if done >= 3 and time.perf_counter() - started > seconds:
                break
            t0 = time.perf_counter()
            status, _ = mine.get(path)
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return Timing(
        clients=clients,
        requests=len(latencies),
        errors=len(errors),
        p50_ms=statistics.median(latencies) * 1000,
        p95_ms=percentile(latencies, 0.95) * 1000,
        rps=len(latencies) / wall,
    )
