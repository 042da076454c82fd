"""Interviews staff hold with a cluster or a North Jutland actor: who, themes, key points, quotes and the
follow-ups they lead to. Staff and administrators only, never the board (the quotes staff mark quotable
reach the management meeting pack without names)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Actor, Cluster, ContactPerson
from portal.core.history import HistoricalRecords


class InterviewTheme(models.Model):
    """An editable list of interview themes (administrators add and rename them)."""

    slug = models.SlugField(_("kort navn"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("tema"), max_length=200)
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("interviewtema")
        verbose_name_plural = _("interviewtemaer")

    def __str__(self) -> str:
        return self.name


class Interview(models.Model):
    held_on = models.DateField(_("dato"))
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("klynge"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("nordjysk aktør"),
    )
    interviewee_role = models.CharField(
        _("interviewpersonens rolle"), max_length=200, help_text=_("fx direktør, projektleder")
    )
    interviewee_organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Tom: klyngen eller aktøren.")
    )
    contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("kontaktperson"),
        help_text=_("Kun en henvisning: navn og kontaktoplysninger bliver hos kontaktpersonen."),
    )
    themes = models.ManyToManyField(
        InterviewTheme, blank=True, related_name="interviews", verbose_name=_("temaer")
    )
    key_points = models.TextField(_("hovedpointer"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interviewet af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cluster__isnull=False) | models.Q(actor__isnull=False),
                name="interview_has_cluster_or_actor",
            )
        ]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"{self.held_on} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("collaboration:interview-detail", kwargs={"pk": self.pk})

    @property
    def subject(self) -> Cluster | Actor | None:
        return self.cluster or self.actor

    @property
    def organisation(self) -> str:
        return self.interviewee_organisation or str(self.subject or "")

    def clean(self) -> None:
        if self.cluster_id is None and self.actor_id is None:
            raise ValidationError(_("Vælg den klynge eller den nordjyske aktør, interviewet er holdt med."))
        if self.contact_id and self.contact.cluster_id != self.cluster_id:
            raise ValidationError({"contact": _("Kontaktpersonen hører ikke til interviewets klynge.")})


class InterviewQuote(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("citat"))
    is_quotable = models.BooleanField(
        _("må citeres"), default=False, help_text=_("Må bruges uden navn i direktionens mødepakke.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("citat")
        verbose_name_plural = _("citater")

    def __str__(self) -> str:
        return self.text[:60]


class InterviewFollowUp(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("opfølgning"), max_length=300)
    due_on = models.DateField(_("frist"), null=True, blank=True)
    done_on = models.DateField(_("udført"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("opfølgning på interview")
        verbose_name_plural = _("opfølgninger på interviews")

    def __str__(self) -> str:
        return self.description
