"""Uploaded import files kept on the server between preview and confirmation.

The file is stored under a random token that is also put in the uploader's session, so only that user can
confirm it, and it is validated again on confirmation. The folder (`SURVEY_IMPORT_STASH_DIR`, by default
`var/survey-imports`) and its files are readable by the portal's own user only, whatever the process umask.
A file older than a day is never read, and stashing a new one removes those.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _folder() -> Path:
    return Path(settings.SURVEY_IMPORT_STASH_DIR)


def _path(token: str) -> Path | None:
    return _folder() / f"{token}.xlsx" if _TOKEN.fullmatch(token or "") else None


def _private_folder() -> Path:
    folder = _folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # a folder that already existed keeps the mode it had otherwise
    return folder


def _expired(path: Path) -> bool:
    return path.stat().st_mtime < time.time() - MAX_AGE_SECONDS


def upload_stash(data: bytes) -> str:
    folder = _private_folder()
    _remove_expired(folder)
    token = secrets.token_urlsafe(24)
    # Created with its mode, never readable by others even for a moment; O_EXCL refuses an existing name.
    descriptor = os.open(folder / f"{token}.xlsx", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return token


def upload_read(token: str) -> bytes | None:
    path = _path(token)
    if path is None:
        return None
    try:
        if _expired(path):
            path.unlink(missing_ok=True)
            return None
        return path.read_bytes()
    except FileNotFoundError:  # never stashed, discarded, or removed by another worker meanwhile
        return None


def upload_discard(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_expired(folder: Path) -> None:
    for path in folder.glob("*.xlsx"):
        with contextlib.suppress(FileNotFoundError):  # another worker removed it first
            if _expired(path):
                path.unlink()
