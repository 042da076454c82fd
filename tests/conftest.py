"""Fixtures for the cross-app proof tests: PostgreSQL-only tests (audit-log capture is in the root conftest)."""

from __future__ import annotations

import pytest
from django.db import connection


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (runs in the PostgreSQL half of make test)")
