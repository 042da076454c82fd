"""The shared reference data (conftest.SharedData): every test sees it as the command loaded it, whatever
the tests before it wrote."""

from __future__ import annotations

import pytest

from clusters.models import Cluster


@pytest.mark.parametrize("run", [1, 2])
def test_what_a_test_writes_to_the_shared_data_is_gone_for_the_next(reference_data, run):
    assert not Cluster.objects.filter(name__startswith="Omdøbt").exists(), "an earlier test's update is left"
    assert not Cluster.objects.filter(slug__startswith="tilfoejet").exists(), "an earlier test's row is left"
    shipped = Cluster.objects.count()
    Cluster.objects.update(name="Omdøbt")
    Cluster.objects.create(name="Tilføjet", slug=f"tilfoejet-{run}")
    assert Cluster.objects.filter(name__startswith="Omdøbt").count() == shipped > 10
