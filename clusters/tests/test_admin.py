"""Django admin: every registry model is there for administrators, and only for them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from clusters.models import Cluster, MemberCount, SizeBand, Verification
from clusters.tests.factories import (
    ClusterFactory,
    MemberCountFactory,
    MunicipalityFactory,
    cluster_with_footprint,
)

pytestmark = pytest.mark.django_db

# A model's history (django-simple-history) is shown on its own admin page, not registered by itself.
MODELS = [
    model
    for model in apps.get_app_config("clusters").get_models()
    if not model.__name__.startswith("Historical")
]


def test_every_clusters_model_is_registered():
    assert [model for model in MODELS if not admin.site.is_registered(model)] == []


@pytest.fixture
def data(reference_data):
    return cluster_with_footprint(municipality=MunicipalityFactory(code=851))


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_change_and_add_pages_load_for_admins(admin_client, data, model):
    base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model.objects.first()
    assert admin_client.get(reverse(f"{base}_changelist") + "?q=a").status_code == 200
    assert admin_client.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"{base}_add")).status_code == 200


@pytest.mark.parametrize("role_client", ["staff_client", "board_client"])
def test_staff_and_board_cannot_open_the_admin(request, role_client, data):
    response = request.getfixturevalue(role_client).get(reverse("admin:clusters_cluster_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_an_administrator_renames_the_unidentified_cluster_and_its_slug_stays(admin_client, reference_data):
    cluster = Cluster.objects.get(slug="uidentificeret-klynge-2021-2024")
    url = reverse("admin:clusters_cluster_change", args=[cluster.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "periods"}
    data.update(
        {
            "name": "Ny identificeret klynge",
            "slug": "forsoeg-paa-ny-slug",
            "verification": Verification.PARTLY_VERIFIED,
            "verification_source": "Administrator, 2024",
        }
    )
    for prefix in ("memberships", "offices", "member_counts", "activities", "contacts"):
        total = cluster.memberships.count() if prefix == "memberships" else 0
        data.update({f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": total})
    for index, membership in enumerate(cluster.memberships.all()):
        data.update(
            {
                f"memberships-{index}-id": membership.pk,
                f"memberships-{index}-cluster": cluster.pk,
                f"memberships-{index}-period": membership.period_id,
            }
        )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    cluster.refresh_from_db()
    assert cluster.name == "Ny identificeret klynge"
    assert cluster.slug == "uidentificeret-klynge-2021-2024"
    assert not cluster.is_unidentified


def test_a_regional_member_count_cannot_be_mixed_with_municipality_rows_for_the_same_year(data):
    existing = data.member_counts.get(size_band=SizeBand.LARGE)  # per municipality
    regional = MemberCount(cluster=data, year=existing.year, size_band=SizeBand.LARGE, count=5)
    with pytest.raises(ValidationError, match=r"enten for hele regionen eller pr\. kommune"):
        regional.full_clean()
    MemberCount(cluster=data, year=existing.year + 1, size_band=SizeBand.LARGE, count=5).full_clean()


@pytest.mark.parametrize("with_municipality", [True, False])
def test_the_database_refuses_a_second_count_for_the_same_year_band_and_place(with_municipality):
    municipality = MunicipalityFactory(code=851) if with_municipality else None
    cluster = ClusterFactory()
    MemberCountFactory(cluster=cluster, municipality=municipality, year=2023, count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberCountFactory(cluster=cluster, municipality=municipality, year=2023, count=2)
