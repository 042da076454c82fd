from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from portal.core.permissions import audit_log


def _address(request) -> str:
    """The client's address as the sign-in throttle sees it (behind proxies: from X-Forwarded-For)."""
    return (get_client_ip_address(request) if request is not None else None) or "?"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs) -> None:
    audit_log.info("sign-in user=%s address=%s", user.get_username(), _address(request))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs) -> None:
    audit_log.info("sign-out user=%s address=%s", user.get_username() if user else "?", _address(request))


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    # Never the password: only the user name that was tried.
    audit_log.warning(
        "sign-in failed user=%s address=%s", credentials.get("username", "?"), _address(request)
    )


@receiver(post_migrate)
def ensure_role_groups(sender, **kwargs) -> None:
    # Model permissions exist only after migrate, so the groups are (re)built here. post_migrate is sent
    # once per app with models (not for `portal`, which has none), after that app's permissions exist.
    from portal.services import PORTAL_APPS, roles_ensure_groups

    if sender.name in PORTAL_APPS:
        roles_ensure_groups()
