"""Uploaded import files kept on the server between preview and confirmation.

The file is stored under a random token that is also put in the uploader's session, so only that user can
confirm it, and it is validated again on confirmation. Files left behind are removed after a day.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from pathlib import Path

STASH_DIR = Path(tempfile.gettempdir()) / "klyngeportalen-survey-imports"
MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _path(token: str) -> Path | None:
    return STASH_DIR / f"{token}.xlsx" if _TOKEN.fullmatch(token or "") else None


def upload_stash(data: bytes) -> str:
    STASH_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_stale()
    token = secrets.token_urlsafe(24)
    _path(token).write_bytes(data)
    return token


def upload_read(token: str) -> bytes | None:
    path = _path(token)
    return path.read_bytes() if path is not None and path.is_file() else None


def upload_discard(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_stale() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in STASH_DIR.glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
