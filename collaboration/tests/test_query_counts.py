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


def _counts(client) -> dict[str, tuple[int, int]]:
    """Each page's queries made afresh (as on the first view after a write) and then kept."""
    counts = {}
    for url in PAGES:
        cache.clear()
        with CaptureQueriesContext(connection) as made:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            assert client.get(url).status_code == 200
        counts[url] = (len(made), len(kept))
    return counts


@pytest.mark.slow
def test_queries_stay_flat_with_ten_times_the_data_made_afresh_or_kept(client_for_role):
    client = client_for_role("staff")
    efforts = StrategyEffortFactory.create_batch(3, keywords="energi")
    _grow(3, efforts)
    few = _counts(client)
    assert all(kept < made for made, kept in few.values()), few
    _grow(27, efforts)
    assert _counts(client) == few
