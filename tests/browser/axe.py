"""axe-core (shipped by axe-playwright-python) on a page of the live server: WCAG 2.0 and 2.1, levels A and AA."""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.base import AXE_SCRIPT

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def describe(self) -> str:
        shown = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"{self.rule} ({self.impact}, {len(self.targets)} elements): {self.help}: {shown}"


def axe_violations(page) -> list[Violation]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now (charts drawn, menus as they are)."""
    # Injected once per document (a page is checked at two widths without reloading).
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    response = page.evaluate("options => axe.run(document, options)", OPTIONS)
    return [
        Violation(
            rule=item["id"],
            impact=item.get("impact") or "",
            help=item["help"],
            targets=tuple(" ".join(map(str, node["target"])) for node in item["nodes"]),
        )
        for item in response["violations"]
    ]
