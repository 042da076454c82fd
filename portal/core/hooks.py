"""Points where a higher app adds to a lower app's page or export, so imports still point one way
(clusters ← surveys ← collaboration); pretix lets plugins add to pages through signals the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """Receivers registered by higher apps (in their AppConfig.ready), called in registration order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[..., Any]] = []

    def register(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def collect(self, **kwargs: Any) -> list[Any]:
        """Each receiver's answer, leaving out None (a receiver with nothing to add)."""
        return [answer for receiver in self._receivers if (answer := receiver(**kwargs)) is not None]
