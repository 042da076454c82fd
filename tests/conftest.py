"""Fixtures for the cross-app proof tests: audit-log capture and PostgreSQL-only tests."""

from __future__ import annotations

import logging

import pytest
from django.db import connection


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (runs in the PostgreSQL half of make test)")


@pytest.fixture
def audit_records(caplog):
    """Records of the `portal.audit` logger, which does not propagate to the root logger caplog watches."""
    logger = logging.getLogger("portal.audit")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO)
    yield caplog
    logger.removeHandler(caplog.handler)
