"""Imports point one way: clusters ← surveys ← collaboration, and portal's shared toolkit imports no app.

Read from the source (ast), so a wrong import fails here before it tangles the apps. Tests may reach across
apps (cross-app tests live in `tests/`), migrations are Django's, and the project layer of `portal/`
(settings, root URLs, home page, the commands that run every app's loader) may import the apps.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("clusters", "surveys", "collaboration")  # lowest first
PROJECT_LAYER = {
    "portal/settings.py",
    "portal/urls.py",
    "portal/views.py",
    "portal/management/commands/load_reference_data.py",
    "portal/management/commands/load_demo_data.py",
}


def _modules(root: Path, top: str) -> list[Path]:
    return [
        path
        for path in sorted((root / top).rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(root).parts)
    ]


def _imported_tops(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            tops.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops.add(node.module.split(".")[0])
    return tops


def _wrong_imports(top: str, forbidden: set[str], root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)} imports {name}"
        for path in _modules(root, top)
        if str(path.relative_to(root)) not in PROJECT_LAYER
        for name in sorted(_imported_tops(path) & forbidden)
    ]


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_no_higher_app(app):
    higher = set(APPS[APPS.index(app) + 1 :])
    assert _wrong_imports(app, higher) == []


def test_portal_outside_its_project_layer_imports_no_app():
    assert _wrong_imports("portal", set(APPS)) == []


def test_the_check_sees_wrong_imports_inside_functions_too(tmp_path):
    module = tmp_path / "clusters" / "wrong.py"
    module.parent.mkdir()
    module.write_text(
        "import surveys.selectors\n\ndef late():\n    from collaboration.models import Agreement\n"
    )
    (tmp_path / "clusters" / "tests").mkdir()
    (tmp_path / "clusters" / "tests" / "test_x.py").write_text("import collaboration\n")
    assert _wrong_imports("clusters", {"surveys", "collaboration"}, root=tmp_path) == [
        "clusters/wrong.py imports collaboration",
        "clusters/wrong.py imports surveys",
    ]
