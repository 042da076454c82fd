"""Where a North Jutland footprint fact comes from, the date it is true as of, and how sure we are of it.

Every office, member count, activity, activity type and partner carries these fields. A fact published from
a survey wave names the wave (its slug and year) and the response by id: clusters sits below surveys and
cannot point at their models. The survey publish step (surveys.services_publish) is the only writer of
`origin = survey` facts; it never touches the others.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FactOrigin(models.TextChoices):
    REFERENCE = "reference", _("Referencedata")
    ADMIN = "admin", _("Administrator")
    SURVEY = "survey", _("Survey")


class FactStatus(models.TextChoices):
    VERIFIED = "verified", _("verificeret")
    SELF_REPORTED = "self_reported", _("selvrapporteret")
    ESTIMATE = "estimate", _("estimat")


class FactQuerySet(models.QuerySet):
    def current(self, *, for_board: bool = False) -> FactQuerySet:
        """Facts no newer wave has superseded; for the board without those from surveys whose cluster-level
        answers the board may not see."""
        current = self.filter(superseded_on__isnull=True)
        return current.exclude(board_hidden=True) if for_board else current

    def protected(self) -> FactQuerySet:
        """Facts the publish step must leave alone: entered by an administrator, from the reference data, or
        verified by an administrator after publishing."""
        return self.filter(~Q(origin=FactOrigin.SURVEY) | Q(fact_status=FactStatus.VERIFIED))


class Provenance(models.Model):
    origin = models.CharField(_("kilde"), max_length=10, choices=FactOrigin.choices, default=FactOrigin.ADMIN)
    survey_slug = models.SlugField(_("survey"), max_length=100, blank=True)
    survey_year = models.PositiveSmallIntegerField(_("surveyår"), null=True, blank=True)
    response_id = models.PositiveIntegerField(_("besvarelse (id)"), null=True, blank=True)
    as_of = models.DateField(_("gælder pr."), null=True, blank=True)
    fact_status = models.CharField(
        _("status"), max_length=15, choices=FactStatus.choices, default=FactStatus.SELF_REPORTED
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    board_hidden = models.BooleanField(
        _("skjult for bestyrelsen"),
        default=False,
        help_text=_("Fra en survey hvor bestyrelsen kun ser samlede tal."),
    )
    superseded_on = models.DateField(_("afløst"), null=True, blank=True)
    superseded_by = models.SlugField(_("afløst af survey"), max_length=100, blank=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def source_label(self) -> str:
        """Short: "survey 2023", "administrator", "referencedata"."""
        if self.origin == FactOrigin.SURVEY:
            return f"survey {self.survey_year}" if self.survey_year else "survey"
        return str(self.get_origin_display()).lower()

    @property
    def source_code(self) -> str:
        """Machine-readable: "survey:klyngesurvey-2023", "admin", "reference"."""
        return f"survey:{self.survey_slug}" if self.origin == FactOrigin.SURVEY else self.origin
