"""Background facts of the Danish cluster landscape, each with its source and verification status.

Loaded from `fixtures/reference/background.json` (written from the seed documents, citing file and
section) and edited by administrators afterwards; the landscape background page shows them to every role.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Actor, Verification, VerifiedFacts
from portal.core.history import HistoricalRecords


class BackgroundTopic(models.TextChoices):
    TIMELINE = "timeline", _("Tidslinje")
    CORE_TASK = "core_task", _("Kerneopgave")
    TARGET_GROUP = "target_group", _("Målgruppe")
    ECONOMICS = "economics", _("Økonomi og organisation")
    BOARD = "board", _("Bestyrelser")
    SIGHTLINE = "sightline", _("Sigtelinje")
    NATIONAL_FINDING = "national_finding", _("National survey og sammenligningstal")
    NJ_HISTORY = "nj_history", _("Nordjylland før 2020")
    QUESTION = "question", _("Spørgsmål fra præsentationen")
    UNKNOWN = "unknown", _("Ukendt i kilderne")


class BackgroundScope(models.TextChoices):
    NATIONAL = "national", _("Nationalt")
    NORTH_JUTLAND = "north_jutland", _("Nordjylland")


class RegistryMeasure(models.TextChoices):
    """What in the registry the fact can be checked against (the registry's own values beside it)."""

    STAFF = "staff_count", _("Medarbejdere")
    MEMBERS = "national_member_count", _("Medlemmer (hele landet)")
    BOARD = "board_size", _("Bestyrelsesmedlemmer")
    CHAIR = "chair_from_company", _("Forperson fra en virksomhed")
    ASSOCIATION = "legal_form", _("Organiseret som forening")
    CVR = "cvr", _("Eget CVR-nummer")
    FUNDING = "funding", _("Finansiering (ikke i registret)")


class BackgroundFact(VerifiedFacts):
    slug = models.SlugField(_("kort navn"), max_length=80, unique=True)
    topic = models.CharField(_("emne"), max_length=20, choices=BackgroundTopic.choices)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("til år"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("sammenfatning"), help_text=_("To linjer; én linje pr. punkt i en liste."))
    scope = models.CharField(
        _("gælder"), max_length=20, choices=BackgroundScope.choices, default=BackgroundScope.NATIONAL
    )
    registry_measure = models.CharField(
        _("tjek mod registret"), max_length=30, choices=RegistryMeasure.choices, blank=True
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="background_facts",
        verbose_name=_("aktør i registret"),
    )
    where_to_add = models.CharField(
        _("hvor det tilføjes"),
        max_length=100,
        blank=True,
        help_text=_("Navnet på den administrationsside, hvor en ukendt oplysning kan tilføjes."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "position", "year"]
        verbose_name = _("baggrundsfakta")
        verbose_name_plural = _("baggrundsfakta")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end_year and self.year and self.end_year < self.year:
            raise ValidationError({"end_year": _("Slutåret ligger før året.")})
        if self.where_to_add:
            try:
                reverse(self.where_to_add)
            except NoReverseMatch:
                raise ValidationError(
                    {
                        "where_to_add": _("»%(name)s« er ikke en side i portalen.")
                        % {"name": self.where_to_add}
                    }
                ) from None

    @property
    def is_unknown(self) -> bool:
        return self.verification == Verification.UNIDENTIFIED

    @property
    def summary_lines(self) -> list[str]:
        return [line.strip() for line in self.summary.splitlines() if line.strip()]

    @property
    def where_to_add_url(self) -> str:
        """The admin page to add the unknown; empty if the name is not a page (clean() refuses such names,
        but a value written around the form must not take the landscape page down)."""
        try:
            return reverse(self.where_to_add) if self.where_to_add else ""
        except NoReverseMatch:
            return ""
