"""Contact persons of the clusters: the portal's only personal data (see clusters/personal_data.py for export,
erasure and retention)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Municipality
from portal.core.history import HistoricalRecords


class ContactPerson(models.Model):
    """Personal data: staff and administrators only, never board members."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    language = models.CharField(
        _("foretrukket sprog"),
        max_length=2,
        choices=[("da", _("Dansk")), ("en", _("Engelsk"))],
        default="da",
        help_text=_("Sproget i de e-mails, personen får fra portalen."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("kommune"),
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__name", "name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return f"{self.name} ({self.cluster})"
