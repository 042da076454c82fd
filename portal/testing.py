"""Test helpers shared by the apps' test suites (imported only from tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


def everyone(status: int = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, "staff": status, "board": status, "admin": status}


def staff_and_admin(status: int = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, "staff": status, "board": 403, "admin": status}


def admin_only(status: int = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, "staff": 403, "board": 403, "admin": status}
