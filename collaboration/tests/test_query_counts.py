"""The fit matrix, strategy support and coverage pages run a constant number of queries as data grows,
whether they compute their content (a cache miss) or find it in the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import SizeBand
from clusters.tests.factories import (
    ActivityFactory,
    ClusterFactory,
    MemberCountFactory,
    MunicipalityFactory,
    OfficeFactory,
)
from collaboration.tests.factories import AgreementFactory, FitRatingFactory, StrategyEffortFactory

pytestmark = pytest.mark.django_db

PAGES = ["/samarbejde/match/", "/samarbejde/strategi/klynger/", "/samarbejde/daekning/"]


def _grow(clusters: int, efforts) -> None:
    municipality = MunicipalityFactory()
    for _ in range(clusters):
        cluster = ClusterFactory(area_da="Energi")
        OfficeFactory(cluster=cluster, municipality=municipality)
        MemberCountFactory(cluster=cluster, municipality=municipality, size_band=SizeBand.TOTAL)
        ActivityFactory(cluster=cluster, municipality=municipality)
        AgreementFactory(clusters=[cluster], municipalities=[municipality])
        for effort in efforts:
            FitRatingFactory(cluster=cluster, effort=effort)


def _count(client, url: str, *, cached: bool = False) -> int:
    if cached:
        client.get(url)
    else:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_queries_stay_flat_with_ten_times_the_data(client_for_role, url):
    client = client_for_role("staff")
    efforts = StrategyEffortFactory.create_batch(3, keywords="energi")
    _grow(3, efforts)
    few = _count(client, url)
    _grow(27, efforts)
    assert _count(client, url) == few


@pytest.mark.parametrize("url", PAGES)
def test_cached_pages_stay_flat_and_cheaper_with_ten_times_the_data(client_for_role, url):
    client = client_for_role("staff")
    efforts = StrategyEffortFactory.create_batch(3, keywords="energi")
    _grow(3, efforts)
    few = _count(client, url, cached=True)
    assert few < _count(client, url)
    _grow(27, efforts)
    assert _count(client, url, cached=True) == few
