"""The "Til opfølgning" page (staff and administrators) and the digest opt-in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.forms_followup import FollowUpFilterForm
from collaboration.models_followup import DigestSubscription
from collaboration.selectors_followup import HORIZON_DAYS, followup_items
from portal.core.permissions import STAFF_ROLES, allow


@allow(STAFF_ROLES)
def followup_list(request: HttpRequest) -> HttpResponse:
    form = FollowUpFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    items = (
        followup_items(
            today=timezone.localdate(),
            kinds=set(chosen.get("kind") or ()),
            overdue_only=chosen.get("overdue", False),
        )
        if not form.is_bound or form.is_valid()
        else []
    )
    context = {
        "form": form,
        "items": items,
        "horizon_days": HORIZON_DAYS,
        "subscribed": DigestSubscription.objects.filter(user=request.user).exists(),
    }
    return render(request, "collaboration/followup_list.html", context)


@allow(STAFF_ROLES)
def digest_subscription(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("collaboration:followup-list")
    if request.POST.get("subscribe") == "1":
        DigestSubscription.objects.get_or_create(user=request.user)
        messages.success(request, _("Du får nu opfølgningslisten på e-mail hver dag, der er noget nyt."))
    else:
        DigestSubscription.objects.filter(user=request.user).delete()
        messages.success(request, _("Du får ikke længere opfølgningslisten på e-mail."))
    return redirect("collaboration:followup-list")
