"""Test helpers shared by the apps' test suites (imported only from tests)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.permissions import two_factor_required

ROLES = ("anonymous", "staff", "board", "admin")
LOGIN = "login"  # an anonymous visitor is redirected to sign-in


@dataclass(frozen=True)
class Route:
    """One row of the URL × role matrix: the status each role gets for a request to a named URL.

    `kwargs` is called after the reference and demo data are loaded, so it can look objects up.
    `expect` maps role → status code, or LOGIN for a redirect to the sign-in page.
    """

    name: str
    expect: dict[str, int | str]
    kwargs: Callable[[], dict] = field(default=dict)
    method: str = "get"
    data: Callable[[], dict] = field(default=dict)
    query: str = ""


def sign_in(client: Client, user) -> None:
    """Sign the client in as `user`, with the second factor already given when the user owes one, as after
    a code on the two-factor page.

    The client gets a session holding what `login()` and the two-factor page leave in it, written once.
    Signing in itself (the throttle's access log, the audit line, the last-login stamp) is left out: its
    own tests go through the sign-in and two-factor pages. `Client.force_login` would write the session
    three times and the access log once, a third of the time of a test that opens one page.
    """
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if two_factor_required(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test"})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def totp_code(device: TOTPDevice) -> str:
    """The code the user's app shows now, or the next one when this one was used already (the device takes
    each code once, and one step ahead too)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    totp.drift += max(0, device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def everyone(status: int = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, "staff": status, "board": status, "admin": status}


def staff_and_admin(status: int = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, "staff": status, "board": 403, "admin": status}


def admin_only(status: int = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, "staff": 403, "board": 403, "admin": status}


def external_resources(html: str, *, own_hosts: tuple[str, ...] = ("testserver",)) -> list[str]:
    """URLs on other hosts that a page would load by itself (script, stylesheet, image, frame, font):
    nothing may be fetched from outside. Plain links (<a href>) to a cluster's website are fine."""
    loaded = re.findall(
        r"<(?:script|img|iframe|source|embed|link)\b[^>]*?\s(?:src|href|srcset)\s*=\s*[\"']([^\"']+)",
        html,
        re.I,
    )
    loaded += re.findall(r"url\(\s*[\"']?((?:https?:)?//[^\"')]+)", html, re.I)
    return [url for url in loaded if urlparse(url).netloc and urlparse(url).hostname not in own_hosts]


@contextmanager
def committed() -> Iterator[list]:
    """Run the block's writes as if they committed: its on-commit callbacks run at its end.

    A test's transaction never commits, so without this the data version would not rise and a cached page
    would go on showing what it showed before the block.
    """
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        yield callbacks
