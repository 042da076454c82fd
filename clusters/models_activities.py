"""What the clusters do in North Jutland: their activities and projects, the kinds of activity they offer, and
their North Jutland partners (each a fact with its provenance)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import Actor, Cluster, Municipality
from clusters.provenance import Provenance
from portal.core.history import HistoricalRecords


class ActivityKind(models.TextChoices):
    """The same codes as the survey's `activity_types` options."""

    EVENTS = "events", _("Arrangementer og temadage")
    NETWORKS = "networks", _("Netværk")
    PROJECTS = "projects", _("Innovations- og samarbejdsprojekter")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    KNOWLEDGE = "knowledge", _("Videnbrobygning")
    INTERNATIONAL = "international", _("Internationalisering")
    SKILLS = "skills", _("Kompetenceudvikling")
    ADVICE = "advice", _("Værditilbud og rådgivning")


class Activity(Provenance):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("kommune"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("deltagere"), null=True, blank=True)
    unique_companies = models.PositiveIntegerField(_("unikke virksomheder"), null=True, blank=True)
    is_estimate = models.BooleanField(_("estimat"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("aktivitet eller projekt")
        verbose_name_plural = _("aktiviteter og projekter")

    def __str__(self) -> str:
        return self.title


class ActivityType(Provenance):
    """A kind of activity the cluster offers in North Jutland, region-wide (the survey's `activity_types`)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="activity_types")
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__name", "kind"]
        verbose_name = _("aktivitetstype i Nordjylland")
        verbose_name_plural = _("aktivitetstyper i Nordjylland")

    def __str__(self) -> str:
        return f"{self.cluster} · {self.get_kind_display()}"


class Partnership(Provenance):
    """A North Jutland partner of the cluster: `code` is the survey's `partners` option (or an administrator's
    short name), `actor` the registry's actor where there is one."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="partnerships")
    code = models.SlugField(_("kode"), max_length=50)
    label = models.CharField(_("partner"), max_length=200)
    actor = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("aktør")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__name", "label"]
        verbose_name = _("nordjysk partner")
        verbose_name_plural = _("nordjyske partnere")

    def __str__(self) -> str:
        return f"{self.cluster} · {self.label}"
