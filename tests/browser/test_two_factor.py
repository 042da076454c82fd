"""Two-factor sign-in in a real browser: an administrator enrols (QR code, key, first code, backup codes),
signs in again with a code, and a wrong code puts the focus on the error summary. axe-core finds nothing on
any of the pages, at 1280 and 390 px; screenshots of each go to test-artifacts/."""

from __future__ import annotations

import pytest

from portal.core.permissions import Role
from tests.browser.axe import axe_violations
from tests.browser.conftest import PASSWORD, TWO_FACTOR_PATH, Visit, app_code

pytestmark = pytest.mark.browser


def _password(visit: Visit, username: str) -> None:
    visit.open("/login/")
    visit.page.fill("#id_username", username)
    visit.page.fill("#id_password", PASSWORD)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Log ind").click()
    assert TWO_FACTOR_PATH in visit.page.url


def _accessible_at_both_widths(visit: Visit, name: str) -> None:
    for width in (1280, 390):
        visit.page.set_viewport_size({"width": width, "height": 900})
        assert not [violation.describe() for violation in axe_violations(visit.page)], name
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= width, name
        visit.screenshot(f"two-factor-{name}-{width}")
    visit.page.set_viewport_size({"width": 1280, "height": 900})


def _send(visit: Visit, code: str) -> None:
    visit.page.fill("#id_code", code)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Bekræft").click()


def test_an_administrator_enrols_then_signs_in_with_a_code(visit, person):
    username = person(Role.ADMIN)
    _password(visit, username)
    assert visit.page.locator("figure.qr-code svg").is_visible()
    assert visit.has_focus("#id_code"), "the code field has the focus"
    _accessible_at_both_widths(visit, "enrol")
    _send(visit, app_code(username))
    assert visit.page.locator(".backup-codes li").count() == 10
    _accessible_at_both_widths(visit, "backup-codes")
    with visit.page.expect_navigation():
        visit.page.locator(".backup-codes ~ p a").click()
    assert "/login/" not in visit.page.url
    visit.page.context.clear_cookies()  # a new browser session: the password and the code again

    _password(visit, username)
    right = app_code(username)
    _send(visit, f"{(int(right) + 1) % 10**6:06d}")
    assert visit.has_focus(".error-summary"), "a wrong code: the focus is on the error"
    _accessible_at_both_widths(visit, "wrong-code")
    # django-otp refuses every code for a second after a wrong one (doubling with each further miss).
    visit.page.wait_for_timeout(1100)
    _send(visit, app_code(username))
    assert "/login/" not in visit.page.url
    visit.assert_clean()
