"""The main tasks with the keyboard alone: every control is reached with Tab (and shows its focus), chosen
with the arrow keys and used with Enter or Space; the mouse is never touched."""

from __future__ import annotations

import openpyxl
import pytest

from portal.core.permissions import Role
from tests.browser.conftest import ARTIFACTS, PASSWORD, TWO_FACTOR_PATH, Visit, app_code

pytestmark = pytest.mark.browser

SURVEY = "/surveys/klyngesurvey-2023"
MISSING = "uidentificeret-klynge-2021-2024"  # the one invited cluster without an answer in the demo data
FOCUSED = "(selector) => document.activeElement && document.activeElement.matches(selector)"
FOCUS_VISIBLE = (
    "() => { const style = getComputedStyle(document.activeElement);"
    " return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2; }"
)


def tab_to(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until `selector` has the focus, and check that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, selector):
            assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {selector}"
            return
    raise AssertionError(f"{selector} is not reached with Tab")


def choose(page, group: str, value: str) -> None:
    """Tab into a radio group, then arrow to `value` and check it with Space."""
    tab_to(page, f"{group} input[type=radio]")
    for _ in range(10):
        if page.evaluate(FOCUSED, f"{group} input[value={value}]"):
            page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(f"{group} input[value={value}]").is_checked()


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def sign_in_by_keyboard(visit: Visit, username: str) -> None:
    page = visit.page
    visit.open("/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    if TWO_FACTOR_PATH in page.url:  # an administrator: the app's code, then past the backup codes
        enrolling = page.locator(".otp-secret").count() > 0
        if not visit.has_focus("#id_code"):  # it has the focus when the page opens
            tab_to(page, "#id_code")
        page.keyboard.type(app_code(username))
        press_and_wait(page, "Enter")
        if enrolling:
            tab_to(page, ".backup-codes ~ p a")
            press_and_wait(page, "Enter")
    assert "/login/" not in page.url


def test_sign_in_filter_the_cluster_list_and_open_a_profile(visit, person, demo_data):
    page = visit.page
    sign_in_by_keyboard(visit, person(Role.STAFF))
    visit.open("/klynger/")
    tab_to(page, "#id_q")
    page.keyboard.type("energi")
    press_and_wait(page, "Enter")
    assert "q=energi" in page.url
    tab_to(page, "table.data a[href$='/energy-cluster-denmark/']")
    press_and_wait(page, "Enter")
    assert page.url.endswith("/klynger/energy-cluster-denmark/")
    visit.assert_clean()


def test_a_failed_sign_in_puts_the_focus_on_the_error_summary(visit, demo_data):
    page = visit.page
    visit.open("/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("nobody")
    page.keyboard.press("Tab")
    page.keyboard.type("wrong")
    press_and_wait(page, "Enter")
    assert visit.has_focus(".error-summary")


def test_enter_and_save_a_survey_answer(visit, person, demo_data):
    page = visit.page
    sign_in_by_keyboard(visit, person(Role.ADMIN))
    visit.open(f"{SURVEY}/klynger/{MISSING}/rediger/")
    choose(page, "#q-dialog", "ja")
    choose(page, "#q-presence", "none")
    tab_to(page, "#id_members_nj")
    page.keyboard.type("25")
    tab_to(page, "#q-agreements input[value=__none__]")  # a required question: "Ingen af disse"
    page.keyboard.press("Space")
    tab_to(page, "button[name=action][value=complete]")
    press_and_wait(page, "Enter")
    assert page.url.endswith(f"/klynger/{MISSING}/"), page.url
    assert "gemt" in page.locator(".messages").inner_text()
    visit.assert_clean()


def test_upload_and_confirm_an_import_then_download_the_excel_summary(visit, person, demo_data):
    from surveys.models import Survey
    from surveys.tests.conftest import filled_template

    page = visit.page
    sign_in_by_keyboard(visit, person(Role.ADMIN))
    visit.open(f"{SURVEY}/import/")
    data = filled_template(
        Survey.objects.get(slug="klyngesurvey-2023"),
        {
            MISSING: {
                "status": "Gennemført",
                "dialog": "ja",
                "presence": "none",
                "members_nj": 25,
                "agreements:851": "nej",  # answered, none chosen: the required questions are all answered
            }
        },
    )
    # A file chooser opens only for the tab in front; earlier tests' tabs share this Chromium.
    page.bring_to_front()
    tab_to(page, "input[type=file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(
        files=[{"name": "svar.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    tab_to(page, "form[enctype] button[type=submit]")
    press_and_wait(page, "Enter")
    assert page.locator(".import-preview").is_visible()
    tab_to(page, ".confirm-import button[type=submit]")
    press_and_wait(page, "Enter")
    assert page.locator(".messages").is_visible()

    visit.open(f"{SURVEY}/dashboard/")
    tab_to(page, "a[href$='/opsummering.xlsx']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = ARTIFACTS / "opsummering-tastatur.xlsx"
    ARTIFACTS.mkdir(exist_ok=True)
    download.value.save_as(path)
    # Nøgletal: label, value, unit, base, estimates, and the code last.
    figures = {
        row[5]: row[1]
        for row in openpyxl.load_workbook(path, read_only=True)["Nøgletal"].iter_rows(values_only=True)
        if len(row) > 5 and row[5]
    }
    assert figures["completed"] == 13, "the confirmed import counts in the summary"
    visit.assert_clean()


def test_change_language_and_use_the_menu_on_a_phone(visit, person, demo_data):
    page = visit.page
    sign_in_by_keyboard(visit, person(Role.BOARD))
    page.set_viewport_size({"width": 390, "height": 844})
    visit.open("/klynger/")
    assert not page.locator(".main-nav").is_visible(), "the menu is folded on a phone"
    tab_to(page, ".site-menu__toggle")
    page.keyboard.press("Enter")
    assert page.locator(".main-nav").is_visible()
    tab_to(page, "#language-select")
    page.keyboard.press("ArrowDown")
    assert page.locator("#language-select").input_value() == "en"
    tab_to(page, ".language-switch button[type=submit]")
    press_and_wait(page, "Enter")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").first.inner_text().strip() == "The national clusters"
    visit.assert_clean()
