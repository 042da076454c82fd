"""Who may use what. Every view declares its rule with `allow(...)`, the one decorator in this module.

Roles are Django groups (created by a migration in this app): `admin`, `staff`, `board`. A superuser
counts as `admin`. Anonymous visitors are sent to sign-in; a signed-in user who owes a second factor (see
`two_factor_required`) is sent to the two-factor page; a signed-in user without an allowed role gets 403.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

audit_log = logging.getLogger("portal.audit")


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    BOARD = "board"


ANY_ROLE = frozenset(Role)
# Roles that see cluster-level answers and contact persons' personal data.
STAFF_ROLES = frozenset({Role.ADMIN, Role.STAFF})
ADMIN_ONLY = frozenset({Role.ADMIN})


def user_roles(user) -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset({Role.ADMIN})
        else:
            names = set(user.groups.values_list("name", flat=True))
            cached = frozenset(role for role in Role if role.value in names)
        user._portal_roles = cached
    return cached


def has_role(user, roles: frozenset[Role] | set[Role]) -> bool:
    return bool(user_roles(user) & set(roles))


def is_staff_or_admin(user) -> bool:
    return has_role(user, STAFF_ROLES)


def is_admin(user) -> bool:
    return has_role(user, ADMIN_ONLY)


def two_factor_required(user) -> bool:
    """Whether the user must give a code after the password: administrators always, everyone with
    OTP_REQUIRED_FOR=everyone."""
    return settings.OTP_REQUIRED_FOR == "everyone" or is_admin(user)


def owes_two_factor(user) -> bool:
    # is_verified() is django-otp's (its middleware adds it): the session was confirmed with a device.
    return two_factor_required(user) and not user.is_verified()


def allow(roles: frozenset[Role], *, two_factor: bool = True) -> Callable:
    """Let only users holding one of `roles` through; the rule is kept on the view for the route matrix.

    `two_factor=False` only for the two-factor page itself, which must be reachable before the code is given.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if two_factor and owes_two_factor(request.user):
                return redirect_to_login(request.get_full_path(), login_url="two-factor")
            if not has_role(request.user, roles):
                audit_log.warning(
                    "authorisation refused user=%s path=%s", request.user.get_username(), request.path
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
        return wrapper

    return decorator


ANYONE = frozenset({"anyone"})  # no sign-in: the view's own check (a signed token) decides what it shows


def allow_anyone(view: Callable) -> Callable:
    """Mark a view that anyone may open without signing in, so the route matrix knows it was meant."""
    view.allowed_roles = ANYONE
    return view
