"""Administrators build an agreement's goals, KPIs and measurements; bad input is refused with a reason."""

from __future__ import annotations

import pytest

from clusters.tests.factories import ClusterFactory
from collaboration.models import Goal, Kpi, Measurement
from collaboration.tests.factories import AgreementFactory, KpiFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def test_goal_kpi_and_measurement_are_added_to_the_agreement(client_for_role):
    client = client_for_role("admin")
    agreement = AgreementFactory(clusters=[ClusterFactory()])
    client.post(f"/samarbejde/aftaler/{agreement.pk}/maal/ny/", {"title": "Flere deltagere"})
    goal = Goal.objects.get(agreement=agreement)
    client.post(
        f"/samarbejde/maal/{goal.pk}/kpi/ny/",
        {
            "name": "Virksomheder",
            "unit": "virksomheder",
            "baseline": "10",
            "target": "30",
            "frequency": "yearly",
        },
    )
    kpi = Kpi.objects.get(goal=goal)
    response = client.post(
        f"/samarbejde/kpi/{kpi.pk}/maalinger/ny/", {"measured_on": "2025-06-30", "value": "20"}
    )
    assert response.url == agreement.get_absolute_url()
    assert Measurement.objects.get(kpi=kpi).value == 20
    assert "50 %" in client.get(agreement.get_absolute_url()).content.decode()


def test_a_second_measurement_on_the_same_date_is_refused(client_for_role):
    measurement = MeasurementFactory()
    response = client_for_role("admin").post(
        f"/samarbejde/kpi/{measurement.kpi.pk}/maalinger/ny/",
        {"measured_on": measurement.measured_on.isoformat(), "value": "99"},
    )
    assert response.status_code == 200
    assert "Der findes allerede en måling for denne KPI på denne dato." in response.content.decode()
    assert Measurement.objects.count() == 1


def test_a_measurement_that_is_not_a_number_is_refused(client_for_role):
    kpi = KpiFactory()
    response = client_for_role("admin").post(
        f"/samarbejde/kpi/{kpi.pk}/maalinger/ny/", {"measured_on": "2025-01-01", "value": "mange"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"]
    assert not Measurement.objects.exists()
