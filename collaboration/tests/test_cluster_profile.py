from __future__ import annotations

import pytest

from clusters.tests.factories import ClusterFactory
from collaboration.models import Interaction
from collaboration.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def test_profile_lists_the_cluster_agreements_and_the_log_for_staff_only(client_for_role):
    cluster = ClusterFactory(slug="k")
    AgreementFactory(title="Aftale om temadage", clusters=[cluster])
    AgreementFactory(title="En anden klynges aftale", clusters=[ClusterFactory()])
    Interaction.objects.create(
        cluster=cluster, kind="meeting", occurred_on="2025-02-01", title="Møde med klyngen"
    )
    staff = client_for_role("staff").get(cluster.get_absolute_url()).content.decode()
    board = client_for_role("board").get(cluster.get_absolute_url()).content.decode()
    assert "Aftale om temadage" in staff and "Aftale om temadage" in board
    assert "En anden klynges aftale" not in staff
    assert "Møde med klyngen" in staff
    assert "Møde med klyngen" not in board
