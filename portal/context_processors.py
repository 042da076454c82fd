from __future__ import annotations

from portal.core.permissions import ADMIN_ONLY, STAFF_ROLES, Role, has_role


def roles(request) -> dict:
    user = request.user
    return {
        "is_admin": has_role(user, ADMIN_ONLY),
        "is_staff_member": has_role(user, STAFF_ROLES),
        "is_board": has_role(user, {Role.BOARD}),
    }
