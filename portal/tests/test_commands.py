"""Management commands an operator runs: users, roles, and the data `make run` loads."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from portal.core.permissions import Role, user_roles

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"admin", "staff", "board"}


def test_admins_may_change_registry_models_and_staff_and_board_only_view_them():
    admin, staff, board = (Group.objects.get(name=role) for role in ("admin", "staff", "board"))
    assert admin.permissions.filter(codename="change_cluster").exists()
    for group in (staff, board):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert "view_cluster" in codenames
        assert not {name for name in codenames if not name.startswith("view_")}


def test_create_user_creates_a_user_with_one_role_and_a_working_password():
    output = run("create_user", "mette", "--role", "board", "--password", "en-lang-adgangskode-42")
    user = get_user_model().objects.get(username="mette")
    assert "Oprettet: mette (rolle board)" in output
    assert user_roles(user) == {Role.BOARD}
    assert not user.is_staff  # no Django admin for the board
    assert user.check_password("en-lang-adgangskode-42")


def test_create_user_again_changes_the_role_instead_of_adding_a_user():
    run("create_user", "mette", "--role", "board", "--password", "en-lang-adgangskode-42")
    output = run("create_user", "mette", "--role", "admin", "--password", "en-anden-adgangskode-42")
    user = get_user_model().objects.get(username="mette")
    assert "Opdateret" in output
    assert get_user_model().objects.filter(username="mette").count() == 1
    assert user_roles(user) == {Role.ADMIN} and user.is_staff


def test_create_user_without_password_prints_a_generated_one():
    output = run("create_user", "lars", "--role", "staff")
    password = output.rsplit("adgangskode: ", 1)[1].strip()
    assert len(password) >= 12
    assert get_user_model().objects.get(username="lars").check_password(password)


def test_create_user_refuses_an_unknown_role():
    with pytest.raises(CommandError):
        call_command("create_user", "x", "--role", "superhelt", stdout=io.StringIO(), stderr=io.StringIO())


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.slow
def test_running_the_make_run_data_steps_twice_duplicates_nothing():
    run("load_demo_data")
    run("create_demo_users")
    first = _row_counts()
    output = run("load_demo_data") + run("create_demo_users")
    assert _row_counts() == first
    assert "demo-staff" in output
