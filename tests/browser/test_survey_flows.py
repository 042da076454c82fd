"""Survey flows in real Chromium: an administrator completes an answer and the dashboard changes; a board
member sees the charts and downloads the Excel summary; the board's meeting pack prints to PDF."""

from __future__ import annotations

import re

import openpyxl
import pytest

from portal.core.permissions import Role
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SURVEY = "/surveys/klyngesurvey-2023"
MISSING = "uidentificeret-klynge-2021-2024"  # the one invited cluster without an answer in the demo data


def _tile(page, key: str) -> str:
    return page.locator(f"#tile-{key} .tile__value").inner_text().strip()


def _wait_for_charts(page) -> None:
    assert page.locator("[data-chart]").count() > 0
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(el => el.querySelector('svg.main-svg'))"
    )


def test_administrator_completes_an_answer_and_the_dashboard_changes(visit, person, demo_data):
    visit.sign_in(person(Role.ADMIN))
    page = visit.page
    visit.open(f"{SURVEY}/dashboard/")
    before = {key: _tile(page, key) for key in ("completed", "willing_dialogue", "members_total")}
    assert before == {"completed": "12", "willing_dialogue": "12", "members_total": "375"}

    visit.open(f"{SURVEY}/klynger/{MISSING}/rediger/")
    page.locator("#q-dialog input[value=ja]").check()
    page.locator("#q-presence input[value=none]").check()
    page.fill("#id_members_nj", "25")
    page.locator("#q-agreements input[value=__none__]").check()  # a required question: "Ingen af disse"
    visit.screenshot("response-edit")
    with page.expect_navigation():
        page.get_by_role("button", name="Markér som gennemført").click()
    assert page.url.endswith(f"/klynger/{MISSING}/"), page.url
    assert "gemt" in page.locator(".messages, [role=status], .message").first.inner_text()

    visit.open(f"{SURVEY}/dashboard/")
    after = {key: _tile(page, key) for key in before}
    assert after == {"completed": "13", "willing_dialogue": "13", "members_total": "400"}
    visit.assert_clean()


def test_board_member_sees_the_charts_and_downloads_the_excel_summary(visit, person, demo_data):
    visit.sign_in(person(Role.BOARD))
    page = visit.page
    visit.open(f"{SURVEY}/dashboard/")
    _wait_for_charts(page)
    assert page.locator("svg.main-svg").count() >= page.locator("[data-chart]").count()
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent Excel").click()
    path = ARTIFACTS / "opsummering-bestyrelse.xlsx"
    ARTIFACTS.mkdir(exist_ok=True)
    download.value.save_as(path)

    workbook = openpyxl.load_workbook(path, read_only=True)
    assert "Svar" not in workbook.sheetnames, "no cluster-level answers for the board on this survey"
    rows = workbook["Nøgletal"].iter_rows(values_only=True)
    figures = {row[5]: row[1] for row in rows if len(row) > 5 and row[5]}  # the code is the last column
    assert figures["invited"] == 13 and figures["completed"] == 12
    assert figures["unique_companies"] == 1740 and figures["participants"] == 4324
    visit.assert_clean()


def test_board_meeting_pack_prints_to_pdf(visit, person, demo_data):
    visit.sign_in(person(Role.BOARD))
    page = visit.page
    visit.open(f"{SURVEY}/moedepakke/bestyrelse/")
    _wait_for_charts(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.chart-print')].every(img => img.src.startsWith('data:image/png'))"
    )
    visit.screenshot("meeting-pack-bestyrelse")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "moedepakke-bestyrelse.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2, pages
    visit.assert_clean()
