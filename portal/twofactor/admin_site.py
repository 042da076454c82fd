from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from portal.core.permissions import owes_two_factor


class TwoFactorAdminSite(OTPAdminSite):
    """Django admin only for a session verified with a second factor (OTPAdminSite's rule). Its sign-in is
    the portal's own, so the code is asked for on one page and a wrong one counts towards the throttle."""

    def login(self, request, extra_context=None):
        index = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(index)
        if owes_two_factor(request.user):
            return redirect_to_login(index, login_url="two-factor")
        if self.has_permission(request):
            return redirect(index)
        raise PermissionDenied
