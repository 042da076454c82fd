"""Follow-up: meetings planned on an agreement, who wants the daily digest, and what it has sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.history import HistoricalRecords


class FollowUpMeeting(models.Model):
    agreement = models.ForeignKey(
        "collaboration.Agreement", on_delete=models.CASCADE, related_name="follow_up_meetings"
    )
    scheduled_on = models.DateField(_("dato"))
    title = models.CharField(_("emne"), max_length=300)
    held_on = models.DateField(_("holdt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scheduled_on", "pk"]
        verbose_name = _("opfølgningsmøde")
        verbose_name_plural = _("opfølgningsmøder")

    def __str__(self) -> str:
        return f"{self.scheduled_on} {self.title}"


class DigestSubscription(models.Model):
    """A staff member or administrator who wants the follow-up digest by e-mail (opt-in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("tilmeldt"), auto_now_add=True)

    class Meta:
        verbose_name = _("tilmelding til opfølgningsmail")
        verbose_name_plural = _("tilmeldinger til opfølgningsmail")

    def __str__(self) -> str:
        return str(self.user)


class DigestDelivery(models.Model):
    """One item sent to one user on one day: the digest never sends the same item twice the same day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=100)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item_key", "sent_on"], name="unique_digest_item_per_day")
        ]
        verbose_name = _("sendt opfølgningspunkt")
        verbose_name_plural = _("sendte opfølgningspunkter")

    def __str__(self) -> str:
        return f"{self.sent_on} {self.item_key}"
