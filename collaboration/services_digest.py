"""The follow-up digest: the "Til opfølgning" list by e-mail to the staff and administrators who opted in,
each item at most once per person per day (safe to run from cron as often as wanted)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from collaboration.models_followup import DigestDelivery, DigestSubscription
from collaboration.selectors_followup import FollowUpItem
from portal.core.permissions import is_staff_or_admin


def digest_recipients() -> list:
    """Opted-in users who still hold a staff or administrator role and have an e-mail address."""
    subscribed = DigestSubscription.objects.values("user_id")
    users = get_user_model().objects.filter(pk__in=subscribed, is_active=True).exclude(email="")
    return [user for user in users.prefetch_related("groups") if is_staff_or_admin(user)]


@transaction.atomic
def digest_send(*, items: list[FollowUpItem], today: dt.date, site_url: str) -> dict[str, int]:
    """Mail each recipient the items not yet sent to them today; remember what was sent."""
    sent = set(DigestDelivery.objects.filter(sent_on=today).values_list("user_id", "item_key"))
    counts = {"mails": 0, "items": 0}
    for user in digest_recipients():
        new = [item for item in items if (user.pk, item.key) not in sent]
        if not new:
            continue
        body = render_to_string(
            "collaboration/followup_digest.txt", {"items": new, "today": today, "site_url": site_url}
        )
        subject = _("Til opfølgning i Klyngeportalen: %(count)s punkter") % {"count": len(new)}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        DigestDelivery.objects.bulk_create(
            [DigestDelivery(user=user, item_key=item.key, sent_on=today) for item in new]
        )
        counts["mails"] += 1
        counts["items"] += len(new)
    return counts
