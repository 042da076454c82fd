from __future__ import annotations

from portal.core.permissions import ADMIN_ONLY, STAFF_ROLES, Role, has_role

# The header's sections by (URL namespace, URL name); a namespace alone names the rest of its views.
# Exactly one section is active on a page: the dashboards are surveys' views, but their own section.
NAV_SECTIONS = {
    ("", "home"): "home",
    ("clusters", "cluster-list"): "clusters",
    ("clusters", "cluster-detail"): "clusters",
    ("clusters", "municipality-list"): "municipalities",
    ("clusters", "municipality-detail"): "municipalities",
    ("clusters", "actor-list"): "actors",
    ("clusters", "actor-detail"): "actors",
    ("clusters", "landscape"): "dashboards",
    ("surveys", "dashboard-latest"): "dashboards",
    ("surveys", "dashboard"): "dashboards",
    ("surveys", "dashboard-drilldown"): "dashboards",
    ("surveys", "meeting-pack"): "dashboards",
    ("surveys", "deck"): "dashboards",
    ("surveys", ""): "surveys",
    ("collaboration", ""): "collaboration",
}


def roles(request) -> dict:
    user = request.user
    return {
        "is_admin": has_role(user, ADMIN_ONLY),
        "is_staff_member": has_role(user, STAFF_ROLES),
        "is_board": has_role(user, {Role.BOARD}),
    }


def nav_section(request) -> dict:
    """`nav_section`: the one header section the page belongs to ("" when none)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"nav_section": ""}
    namespace = match.namespace or ""
    section = NAV_SECTIONS.get((namespace, match.url_name)) or NAV_SECTIONS.get((namespace, ""), "")
    return {"nav_section": section}
