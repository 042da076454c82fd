"""Test helpers shared by the apps' test suites (imported only from tests)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.test import TestCase

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
