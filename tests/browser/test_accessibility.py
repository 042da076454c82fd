"""WCAG 2.1 AA on every page: axe-core finds no violation for any role, in Danish and English, on a desktop
(1280 px) and a phone (390 px), and no page is wider than the phone's screen.

Every page is every named GET route of the URL × role matrix (each app's `tests/routes.py`) that answers the
role with a page, plus the states a route alone does not reach: the sign-in page and its error, the 404 and
403 pages, a form in its error state, the import preview and a refused import. Pages with charts are checked
after plotly has drawn them. One test per role × language; each page is loaded once and checked at both widths;
the test collects every page's violations and fails once, listing them all.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from portal.core.permissions import Role
from portal.core.testing import ROLES
from tests.browser.axe import axe_violations
from tests.browser.conftest import ARTIFACTS, Visit

pytestmark = pytest.mark.browser

APPS = ("portal", "clusters", "surveys", "collaboration")
WIDTHS = {"desktop": 1280, "phone": 390}
LANGUAGES = ("da", "en")
SURVEY = "/surveys/klyngesurvey-2023"
# Routes that answer with a file or a redirect, not a page (JSON is recognised by its content type).
NOT_PAGES = {"surveys:template", "surveys:export", "surveys:deck", "surveys:dashboard-latest"}
CHARTS_DRAWN = (
    "() => [...document.querySelectorAll('[data-chart]')].every(el => el.querySelector('svg.main-svg'))"
)


@dataclass
class PageCheck:
    """Where the page is and how to get it into the state to check (a failed submit, an upload …)."""

    name: str
    path: str
    status: int = 200
    prepare: Callable[[Visit], None] | None = None


def _route_pages(role: str) -> list[PageCheck]:
    checks, seen = [], set()
    for app in APPS:
        for route in importlib.import_module(f"{app}.tests.routes").ROUTES:
            if route.method != "get" or route.name in NOT_PAGES or route.expect[role] != 200:
                continue
            path = reverse(route.name, kwargs=route.kwargs()) + route.query
            if path not in seen:
                seen.add(path)
                checks.append(PageCheck(route.name + route.query, path))
    return checks


def _submit(button: str) -> Callable[[Visit], None]:
    def prepare(visit: Visit) -> None:
        # The server's own errors (an empty reason, no name), not the browser's required-field bubbles.
        visit.page.evaluate(
            "document.querySelectorAll('form.stacked-form').forEach(form => {"
            " form.noValidate = true; form.querySelectorAll('textarea').forEach(box => { box.value = ''; }); })"
        )
        with visit.page.expect_navigation():
            visit.page.locator(button).first.click()

    return prepare


def _upload(rows: dict) -> Callable[[Visit], None]:
    def prepare(visit: Visit) -> None:
        from surveys.models import Survey
        from surveys.tests.conftest import filled_template

        data = filled_template(Survey.objects.get(slug="klyngesurvey-2023"), rows)
        visit.page.set_input_files(
            "input[type=file]",
            files=[{"name": "svar.xlsx", "mimeType": "application/octet-stream", "buffer": data}],
        )
        with visit.page.expect_navigation():
            visit.page.locator("form[enctype] button[type=submit]").click()

    return prepare


def _state_pages(role: str) -> list[PageCheck]:
    if role == "anonymous":
        wrong = _wrong_password
        return [
            PageCheck("login", "/login/"),
            PageCheck("login with a wrong password", "/login/", prepare=wrong),
            PageCheck("404", "/findes-ikke/", status=404),
        ]
    checks = [PageCheck("404", "/klynger/findes-ikke/", status=404)]
    if role != "admin":
        checks.append(PageCheck("403", f"{SURVEY}/import/", status=403))
    if role == "staff":
        checks.append(
            PageCheck(
                "rating form with errors",
                "/samarbejde/match/energy-cluster-denmark/vurder/?indsats=deb-green",
                prepare=_submit(".stacked-form button[type=submit]"),
            )
        )
    if role == "admin":
        missing = "uidentificeret-klynge-2021-2024"
        checks += [
            PageCheck(
                "effort form with errors",
                reverse("collaboration:effort-create"),
                prepare=_submit(".stacked-form button[type=submit]"),
            ),
            PageCheck(
                "import preview",
                f"{SURVEY}/import/",
                prepare=_upload({missing: {"status": "Gennemført", "dialog": "ja", "presence": "none"}}),
            ),
            PageCheck("import refused", f"{SURVEY}/import/", prepare=_upload({missing: {"members_nj": -1}})),
        ]
    return checks


def _wrong_password(visit: Visit) -> None:
    visit.page.fill("#id_username", "nobody")
    visit.page.fill("#id_password", "wrong")
    with visit.page.expect_navigation():
        visit.page.locator(".login-card button[type=submit]").click()


def _check(visit: Visit, check: PageCheck, language: str) -> dict[int, list[str]]:
    """The page's problems at each width: loaded (and charts drawn) once, then checked wide and narrow."""
    page = visit.page
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    response = page.goto(f"{visit.base_url}{check.path}")
    assert response is not None and response.status == check.status, (
        check.path,
        response and response.status,
    )
    if not response.headers.get("content-type", "").startswith("text/html"):
        return {}  # JSON and files are no page to check
    if check.prepare:
        check.prepare(visit)
    if page.locator("[data-chart]").count():
        page.wait_for_function(CHARTS_DRAWN)
    lang = page.evaluate("document.documentElement.lang")
    found = {}
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        # Two animation frames: the new layout, and plotly's responsive redraw, are in place.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        problems = [violation.describe() for violation in axe_violations(page)]
        if lang != language:
            problems.append(f'<html lang="{lang}">, expected "{language}"')
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            problems.append(f"the page is {page_width} px wide on a {width} px screen")
        found[width] = problems
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_at_both_widths(visit, person, demo_data, role: str, language: str):
    if role != "anonymous":
        visit.sign_in(person(Role(role)))
    visit.page.context.add_cookies([{"name": "django_language", "value": language, "url": visit.base_url}])
    checks = _route_pages(role) + _state_pages(role)
    failures = {}
    for check in checks:
        for width, problems in _check(visit, check, language).items():
            if problems:
                failures[f"{check.name} ({check.path}) at {width} px"] = problems
    ARTIFACTS.mkdir(exist_ok=True)
    report = {"pages": len(checks), "widths": list(WIDTHS.values()), "failing": failures}
    (ARTIFACTS / f"axe-{role}-{language}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    assert not failures, f"{len(failures)} of {len(checks) * len(WIDTHS)} page views fail:\n" + "\n".join(
        f"{page}:\n  " + "\n  ".join(problems) for page, problems in failures.items()
    )


def test_axe_reports_what_it_should(browser):
    """The check itself can fail: a picture without a text alternative and pale text are found."""
    page = browser.new_page()
    page.set_content(
        '<html lang="da"><head><title>Prøve</title></head><body><main><h1>Prøve</h1>'
        '<img src="data:,"><p style="color: #bbb">bleg tekst</p></main></body></html>'
    )
    rules = {violation.rule for violation in axe_violations(page)}
    page.close()
    assert {"image-alt", "color-contrast"} <= rules, rules
