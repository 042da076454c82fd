"""The fit matrix page: its order across pages, its cells (escaped, localised, by role) and its cache."""

from __future__ import annotations

import pytest

from clusters.tests.factories import ClusterFactory, MemberCountFactory
from collaboration import services
from collaboration.scoring import DEFAULT_WEIGHTS
from collaboration.selectors_fit import fit_ranking, fit_rows
from collaboration.tests.factories import FitRatingFactory, StrategyEffortFactory
from collaboration.views import PAGE_SIZE
from portal.core.testing import committed

pytestmark = pytest.mark.django_db

URL = "/samarbejde/match/"


def _cluster_names(response) -> list[str]:
    rows = response.content.decode().split('<th scope="row"><a href="')[1:]
    return [row.split("</a>")[0].split('">', 1)[1] for row in rows]


def _names_in_page_order(client, sort: str, *, pages: int) -> list[str]:
    return [
        name
        for page in range(1, pages + 1)
        for name in _cluster_names(client.get(URL, {"sort": sort, "page": page}))
    ]


def _names_by_shown_score(sort: str) -> list[str]:
    """Every cluster by the score its row shows (the effort's effective score, or the average), then name."""
    ranking = fit_ranking(weights=DEFAULT_WEIGHTS)
    rows = fit_rows(ranking=ranking, cluster_ids=ranking.cluster_ids())
    column = next((i for i, effort in enumerate(ranking.efforts) if effort.code == sort), None)

    def shown_score(row):
        return row.average if column is None else row.cells[column].effective_score

    return [row.cluster.name for row in sorted(rows, key=lambda row: (-shown_score(row), row.cluster.name))]


@pytest.mark.parametrize("sort", ["", "gron"])
def test_pages_list_every_cluster_in_the_selectors_order(client_for_role, sort):
    green = StrategyEffortFactory(code="gron", keywords="energi")
    StrategyEffortFactory(code="digital", keywords="digital")
    for n in range(PAGE_SIZE + 5):
        cluster = ClusterFactory(name=f"Klynge {n:02}", area_da="Energi" if n % 3 else "Digital")
        MemberCountFactory(cluster=cluster, count=n)
        if n % 7 == 0:
            FitRatingFactory(cluster=cluster, effort=green, score=n % 4)
    shown = _names_in_page_order(client_for_role("board"), sort, pages=2)
    assert shown == _names_by_shown_score(sort)


def test_cells_escape_user_text_and_use_danish_numbers(client_for_role):
    effort = StrategyEffortFactory(keywords="energi")
    cluster = ClusterFactory(name="<b>Klynge</b>", area_da="Energi & <i>sol</i>")
    FitRatingFactory(cluster=cluster, effort=effort, score=3, reason='<script>alert("x")</script>')
    html = client_for_role("board").get(URL).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Klynge&lt;/b&gt;" in html and "Energi &amp; &lt;i&gt;sol&lt;/i&gt;" in html
    # area 3 of 10 weight points: 3 × 3 / 10 = 0,90 (a Danish decimal comma)
    assert "område +0,90 »energi«" in html


def test_staff_see_who_rated_and_the_rating_links_board_members_do_not(client_for_role):
    effort = StrategyEffortFactory(code="gron", keywords="energi")
    rated = ClusterFactory(slug="rated")
    ClusterFactory(slug="unrated")
    FitRatingFactory(cluster=rated, effort=effort, is_demo=True)
    staff = client_for_role("staff").get(URL).content.decode()
    assert 'href="/samarbejde/match/rated/vurder/?indsats=gron">ret</a>' in staff
    assert 'href="/samarbejde/match/unrated/vurder/?indsats=gron">vurdér</a>' in staff
    assert "(ukendt, " in staff  # rated by nobody known
    board = client_for_role("board").get(URL).content.decode()
    assert "/samarbejde/match/rated/vurder/" not in board and "(ukendt, " not in board
    assert board.count('class="badge badge--demo"') == staff.count('class="badge badge--demo"') >= 1


def test_a_saved_rating_shows_and_reorders_at_once(client_for_role, admin_client):
    effort = StrategyEffortFactory(code="gron", keywords="energi")
    ClusterFactory(name="A-klyngen")
    second = ClusterFactory(name="B-klyngen")
    client = client_for_role("staff")
    assert _cluster_names(client.get(URL)) == ["A-klyngen", "B-klyngen"]
    with committed():
        services.fit_rating_save(
            cluster=second, effort=effort, user=admin_client.user, score=3, reason="Stærk"
        )
    response = client.get(URL)
    assert _cluster_names(response) == ["B-klyngen", "A-klyngen"]
    assert "Stærk" in response.content.decode()
