"""Four concurrent clients for a few seconds: administrators saving answers while others read.

No server error, and afterwards every response holds exactly the last answers the server accepted for it.
The 60-second run against gunicorn is part of `make bench`. Needs a database that takes concurrent
connections, so it runs in the PostgreSQL half of `make test`.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import PASSWORD
from portal.core.permissions import Role
from portal.services import user_create
from surveys.models import Survey
from tests.bench.load import load_check, run_load

SURVEY = "klyngesurvey-2023"


@pytest.mark.postgres
def test_concurrent_saves_and_reads_lose_and_mix_up_nothing(transactional_db, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo_data", stdout=io.StringIO())
    people = {role: f"load-{role.value}" for role in (Role.ADMIN, Role.STAFF, Role.BOARD)}
    for role, username in people.items():
        user_create(username=username, role=role, password=PASSWORD)
    user_create(username="load-admin-2", role=Role.ADMIN, password=PASSWORD)
    clusters = sorted(Survey.objects.get(slug=SURVEY).invited.values_list("slug", flat=True))
    read_paths = [
        reverse("surveys:dashboard", kwargs={"slug": SURVEY}),
        reverse("clusters:cluster-list"),
        reverse("surveys:key-figures", kwargs={"slug": SURVEY}),
        reverse("clusters:cluster-detail", kwargs={"slug": clusters[0]}),
    ]

    result = run_load(
        urlsplit(live_server.url).port,
        survey=SURVEY,
        administrators=[(people[Role.ADMIN], PASSWORD), ("load-admin-2", PASSWORD)],
        readers=[(people[Role.STAFF], PASSWORD), (people[Role.BOARD], PASSWORD)],
        clusters=clusters,
        read_paths=read_paths,
        seconds=4,
    )

    assert not result.failures, result.failures
    assert result.reads >= 4 and sum(save.outcome == "saved" for save in result.saves) >= 4
    assert not load_check(result.to_json()["saves"], SURVEY)
