"""Creating users: the role groups are built once, and again only when they are gone."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.permissions import Role
from portal.services import user_create


def test_user_create_rebuilds_missing_role_groups_with_their_permissions(db):
    Group.objects.all().delete()  # as after a flush

    user, created = user_create(username="ny-admin", role=Role.ADMIN, password="x-not-secret-42")

    assert created
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(role.value for role in Role)
    assert user.groups.get().permissions.filter(codename="change_cluster").exists()


def test_user_create_leaves_existing_role_groups_alone(db):
    user_create(username="foerste", role=Role.STAFF, password="x-not-secret-42")

    with CaptureQueriesContext(connection) as queries:
        user_create(username="anden", role=Role.STAFF, password="x-not-secret-42")

    touched = [query["sql"] for query in queries if "auth_group_permissions" in query["sql"]]
    assert touched == []
