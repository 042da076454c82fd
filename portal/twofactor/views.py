"""The two-factor page: enrolment (QR code, first code, backup codes shown once) or the code after the password.

A wrong code is a failed sign-in, for the throttle (django-axes listens to `user_login_failed`) and the audit log.
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portal.core.permissions import ANY_ROLE, allow, owes_two_factor
from portal.twofactor.forms import CodeForm
from portal.twofactor.services import (
    qr_code_svg,
    totp_enrolled,
    totp_enrolment_confirm,
    totp_enrolment_device,
    two_factor_check,
)


def _next_url(request: HttpRequest) -> str:
    wanted = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def _credentials(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.get_username()}


@allow(ANY_ROLE, two_factor=False)
def two_factor(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if not owes_two_factor(request.user):
        return redirect(next_url)
    if AxesProxyHandler.is_locked(request, _credentials(request)):
        return get_lockout_response(request, credentials=_credentials(request))
    form = CodeForm(request.POST or None)
    if totp_enrolled(user=request.user) is None:
        return _enrol(request, form, next_url)
    if form.is_valid():
        device = two_factor_check(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url)
        _refuse(request, form)
    return render(request, "registration/two_factor_verify.html", {"form": form})


def _enrol(request: HttpRequest, form: CodeForm, next_url: str) -> HttpResponse:
    device = totp_enrolment_device(user=request.user)
    form.fields["code"].help_text = _("De 6 cifre, appen viser.")  # no backup codes yet
    if form.is_valid():
        codes = totp_enrolment_confirm(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            # Shown in this response only: nothing can show them again.
            context = {"codes": codes, "next": next_url}
            return render(request, "registration/two_factor_backup_codes.html", context)
        _refuse(request, form)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": qr_code_svg(device.config_url),
        "secret_groups": [secret[start : start + 4] for start in range(0, len(secret), 4)],
    }
    return render(request, "registration/two_factor_enrol.html", context)


def _refuse(request: HttpRequest, form: CodeForm) -> None:
    form.refuse()
    # Counts towards the throttle like a wrong password; at the limit AxesMiddleware answers with the lock-out.
    user_login_failed.send(sender=__name__, credentials=_credentials(request), request=request)
