"""Roles and users; the database health check."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from portal.core.permissions import Role
from portal.models import HealthProbe

PORTAL_APPS = ("clusters", "surveys", "collaboration")


def _role_permissions(role: Role):
    portal_perms = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS)
    if role is Role.ADMIN:
        return portal_perms
    # Staff and board change nothing in the admin; their access is the portal's role rules.
    return portal_perms.filter(codename__startswith="view_")


@transaction.atomic
def roles_ensure_groups() -> dict[Role, Group]:
    """Create the three role groups with their model permissions; safe to run any number of times."""
    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_role_permissions(role))
        groups[role] = group
    return groups


def _role_groups() -> dict[Role, Group]:
    """The role groups, built only where one is missing (a fresh or flushed database): `migrate` and
    `load_reference_data` keep their permissions current."""
    existing = {group.name: group for group in Group.objects.filter(name__in=[role.value for role in Role])}
    if len(existing) < len(Role):
        return roles_ensure_groups()
    return {role: existing[role.value] for role in Role}


@transaction.atomic
def user_create(*, username: str, role: Role, password: str, email: str = "") -> tuple[object, bool]:
    """Create or update a user holding exactly one role. Returns (user, created)."""
    groups = _role_groups()
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    user.is_staff = role is Role.ADMIN  # Django admin access
    user.is_active = True
    if email:
        user.email = email
    user.set_password(password)
    user.save()
    user.groups.set([groups[role]])
    return user, created


def database_check() -> None:
    """Raise unless the database can be read and written: a row is written in a transaction that is rolled
    back, so nothing is left behind. Like any write on SQLite, it waits while another writer holds the lock."""
    with transaction.atomic():
        HealthProbe.objects.create()
        transaction.set_rollback(True)
