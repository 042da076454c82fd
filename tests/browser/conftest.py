"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server.

The browser may only talk to the live server on 127.0.0.1: every other request is aborted and recorded,
and the tests assert that none was attempted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from conftest import PASSWORD
from portal.core.permissions import Role
from portal.core.testing import totp_code
from portal.services import user_create

# Playwright's sync API runs an event loop in the test thread; the ORM calls beside it are synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# pytest-django's live server listens on this address: loopback only, by number.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TWO_FACTOR_PATH = "/login/kode/"


def app_code(username: str) -> str:
    """The code the user's authenticator app would show now (the device the enrolment page made, or the
    confirmed one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return totp_code(TOTPDevice.objects.get(user__username=username))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests: /usr/bin/chromium is not installed (scripts/test.sh installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a new, empty profile directory of its own.
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A browser tab on the live server, with everything it tried to fetch and every console error."""

    page: object
    base_url: str
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def open(self, path: str):
        response = self.page.goto(f"{self.base_url}{path}")
        assert response is not None and response.ok, (path, response and response.status)
        return response

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.open("/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Log ind").click()
        self.give_second_factor(username)
        assert "/login/" not in self.page.url, self.page.locator("main").inner_text()

    def give_second_factor(self, username: str) -> None:
        """When the portal asks for a code (administrators), type the app's; after a first enrolment, go on
        past the backup codes as a user who has saved them."""
        if TWO_FACTOR_PATH not in self.page.url:
            return
        enrolling = self.page.locator(".otp-secret").count() > 0
        self.page.fill("#id_code", app_code(username))
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Bekræft").click()
        if enrolling:
            with self.page.expect_navigation():
                self.page.locator(".backup-codes ~ p a").click()

    def has_focus(self, selector: str) -> bool:
        """Whether the element holds the focus once the page has settled. The browser moves the focus to an
        `autofocus` element at a rendering step after the page has loaded, so a check right after a
        navigation can come too early: wait until it is there (or there is nothing to wait for)."""
        self.page.wait_for_function(
            "() => { const el = document.querySelector('[autofocus]');"
            " return !el || document.activeElement === el; }",
            timeout=5000,
        )
        return self.page.evaluate(
            "(selector) => document.activeElement && document.activeElement.matches(selector)", selector
        )

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def visit(browser, live_server):
    base = urlsplit(live_server.url)
    assert base.hostname in {"127.0.0.1", "localhost"}
    context = browser.new_context(
        locale="da-DK", accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    tab = Visit(page=page, base_url=live_server.url)

    def route(request_route):
        url = request_route.request.url
        if urlsplit(url).netloc == base.netloc or url.startswith(("data:", "blob:")):
            tab.requests.append(url)
            request_route.continue_()
        else:
            tab.foreign_requests.append(url)
            request_route.abort()

    context.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    page.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


@pytest.fixture
def person(transactional_db, settings):
    """person(role) -> a user name with the shared test password, for signing in through the form."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def make(role: Role) -> str:
        username = f"browser-{role.value}"
        user_create(username=username, role=role, password=PASSWORD)
        return username

    return make


@pytest.fixture
def demo_data(transactional_db):
    import io

    from django.core.management import call_command

    call_command("load_demo_data", stdout=io.StringIO())
