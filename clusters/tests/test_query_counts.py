"""The N+1 guard: list and profile pages run the same number of queries when the data grows tenfold."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.tests.factories import (
    ActivityFactory,
    ActorFactory,
    ContactPersonFactory,
    MemberCountFactory,
    MunicipalityFactory,
    OfficeFactory,
    cluster_with_footprint,
)

pytestmark = pytest.mark.django_db


def grow(municipalities, subject, factor: int) -> None:
    """`factor` more clusters in every municipality, and `factor` more rows of each kind on `subject`."""
    for municipality in municipalities:
        for _ in range(factor):
            cluster_with_footprint(municipality=municipality)
    first_year = 1900 + subject.member_counts.count()
    for year in range(first_year, first_year + factor):
        MemberCountFactory(cluster=subject, municipality=municipalities[0], year=year)
    OfficeFactory.create_batch(factor, cluster=subject, municipality=municipalities[0])
    ActivityFactory.create_batch(factor, cluster=subject, municipality=municipalities[0])
    ContactPersonFactory.create_batch(factor, cluster=subject, municipality=municipalities[0])
    ActorFactory.create_batch(factor, municipality=municipalities[0])


URLS = [
    reverse("clusters:cluster-list"),
    reverse("clusters:cluster-list") + "?sort=-nj_members&nj=ja&municipality=851&q=test",
    reverse("clusters:cluster-detail", kwargs={"slug": "subject"}),
    reverse("clusters:municipality-list"),
    reverse("clusters:municipality-detail", kwargs={"code": 851}),
    reverse("clusters:actor-list"),
    reverse("clusters:actor-detail", kwargs={"slug": "subject-actor"}),
]


def queries_made_afresh(client, url: str) -> int:
    """The queries of the page made afresh, as on the first view after a write: a kept page costs the same
    few queries whatever the data, so the cache is emptied first."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def world():
    municipalities = [MunicipalityFactory(code=code) for code in (851, 813, 860)]
    subject = cluster_with_footprint(municipality=municipalities[0], slug="subject")
    ActorFactory(slug="subject-actor", municipality=municipalities[0])
    return municipalities, subject


# One test per role for all the pages, so the data is grown twice per role rather than twice per page.
@pytest.mark.slow
@pytest.mark.parametrize("role_client", ["staff_client", "board_client"])
def test_page_queries_stay_the_same_when_data_grows_tenfold(request, world, role_client):
    client = request.getfixturevalue(role_client)
    municipalities, subject = world
    grow(municipalities, subject, 1)
    client.get(URLS[0])  # the session as a signed-in user has it after the first page
    baseline = {url: queries_made_afresh(client, url) for url in URLS}

    grow(municipalities, subject, 10)

    assert {url: queries_made_afresh(client, url) for url in URLS} == baseline
