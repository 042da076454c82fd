"""A staff member filters the cluster list and opens a cluster's profile."""

from __future__ import annotations

import pytest

from portal.core.permissions import Role

pytestmark = pytest.mark.browser


def test_staff_filters_the_cluster_list_and_opens_a_profile(visit, person, demo_data):
    visit.sign_in(person(Role.STAFF))
    visit.open("/klynger/")
    page = visit.page
    all_rows = page.locator("table.data tbody tr").count()
    visit.screenshot("cluster-list")

    page.fill("#id_q", "energi")
    with page.expect_navigation():
        page.click(".filter-form button[type=submit]")
    assert "q=energi" in page.url
    rows = page.locator("table.data tbody tr")
    assert 0 < rows.count() < all_rows
    assert rows.first.get_by_role("link", name="Energy Cluster Denmark").is_visible()

    with page.expect_navigation():
        rows.get_by_role("link", name="Energy Cluster Denmark").click()
    assert page.url.endswith("/klynger/energy-cluster-denmark/")
    assert page.locator("h1").inner_text().strip().startswith("Energy Cluster Denmark")
    visit.screenshot("cluster-profile")
    visit.assert_clean()
