"""How BRN works with the clusters: candidate models, the regional strategy, fit ratings and agreements."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Actor, Cluster, Municipality, VerifiedFacts
from portal.core.history import HistoricalRecords
from surveys.models import AnswerChoice


class CollaborationModel(models.Model):
    """A candidate way of working with the clusters (the seed presentation proposes five).

    The `rule_*` fields decide when the model is suggested for a cluster and an effort; see
    `selectors_fit.best_model_for`. Administrators change them like any other field.
    """

    slug = models.SlugField(_("kort navn"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    requirements = models.TextField(_("hvad det kræver"), blank=True)
    experience = models.CharField(_("erfaringer at bygge på"), max_length=300, blank=True)
    risks = models.TextField(_("risici"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    rule_requires_nj_office = models.BooleanField(
        _("kræver kontor i Nordjylland"),
        null=True,
        blank=True,
        help_text=_("Ja: kun klynger med kontor. Nej: kun klynger uden kontor. Tom: uden betydning."),
    )
    rule_min_nj_members = models.PositiveIntegerField(
        _("mindst antal medlemmer i Nordjylland"), null=True, blank=True
    )
    rule_min_score = models.DecimalField(
        _("mindste match (0-3)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Personalets vurdering, eller det foreslåede match hvis ingen har vurderet."),
    )
    rule_efforts = models.ManyToManyField(
        "StrategyEffort",
        blank=True,
        related_name="+",
        verbose_name=_("kun for disse indsatser"),
        help_text=_("Tom: alle indsatser."),
    )
    rule_uncovered_effort = models.BooleanField(
        _("til indsatser uden en dækkende klynge"),
        default=False,
        help_text=_("Foreslås for en indsats, som ingen aktiv klynge matcher på område (fx en ny klynge)."),
    )
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("samarbejdsmodel")
        verbose_name_plural = _("samarbejdsmodeller")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collaboration:model-detail", kwargs={"slug": self.slug})


class ChecklistItem(models.Model):
    """What to consider and agree on before any agreement with a cluster."""

    slug = models.SlugField(_("kort navn"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("punkt"), max_length=200)
    explanation = models.TextField(_("forklaring"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("tjekliste-punkt")
        verbose_name_plural = _("tjekliste for aftaler")

    def __str__(self) -> str:
        return self.title


class RegionalStrategy(VerifiedFacts):
    slug = models.SlugField(_("kort navn"), max_length=80, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    vision = models.TextField(_("vision"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regional strategi")
        verbose_name_plural = _("regionale strategier")

    def __str__(self) -> str:
        return self.name


class EffortKind(models.TextChoices):
    CENTRAL_EFFORT = "central_effort", _("Central indsats")
    GROWTH_AREA = "growth_area", _("Vækstområde (Erhvervsfremme i Danmark 2020-2023)")
    FOCUS_AREA = "focus_area", _("BRN-fokusområde")


class StrategyEffort(VerifiedFacts):
    """A focus area or central effort of the regional strategy that clusters can support."""

    strategy = models.ForeignKey(
        RegionalStrategy, on_delete=models.CASCADE, related_name="efforts", verbose_name=_("strategi")
    )
    code = models.SlugField(_("kode"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=EffortKind.choices)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("navn"), max_length=200)
    scope = models.CharField(_("omfatter"), max_length=300, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    keywords = models.CharField(
        _("nøgleord for områdematch"),
        max_length=300,
        blank=True,
        help_text=_("Kommasepareret. En klynge matcher, hvis et nøgleord indgår i dens erhvervsområde."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = _("indsats eller fokusområde")
        verbose_name_plural = _("indsatser og fokusområder")

    def __str__(self) -> str:
        return self.name

    @cached_property
    def keyword_list(self) -> list[str]:
        return [word.strip().lower() for word in self.keywords.split(",") if word.strip()]


class FitRating(models.Model):
    """Staff judgement of how much a cluster can support an effort: one current rating per pair."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="fit_ratings", verbose_name=_("klynge")
    )
    effort = models.ForeignKey(
        StrategyEffort, on_delete=models.CASCADE, related_name="fit_ratings", verbose_name=_("indsats")
    )
    score = models.PositiveSmallIntegerField(_("vurdering (0-3)"), choices=[(n, str(n)) for n in range(4)])
    reason = models.TextField(_("begrundelse"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vurderet af"),
    )
    rated_at = models.DateTimeField(_("vurderet"), auto_now=True)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "effort"], name="unique_fit_rating"),
            models.CheckConstraint(condition=models.Q(score__lte=3), name="fit_rating_score_0_3"),
        ]
        verbose_name = _("vurdering af match")
        verbose_name_plural = _("vurderinger af match")

    def __str__(self) -> str:
        return f"{self.cluster} × {self.effort}: {self.score}"


class AgreementStatus(models.TextChoices):
    IDEA = "idea", _("Idé")
    NEGOTIATION = "negotiation", _("I forhandling")
    ACTIVE = "active", _("Aktiv")
    ENDED = "ended", _("Afsluttet")


class Agreement(models.Model):
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.IDEA
    )
    model = models.ForeignKey(
        CollaborationModel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("samarbejdsmodel"),
    )
    clusters = models.ManyToManyField(Cluster, related_name="agreements", verbose_name=_("klynger"))
    actors = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="agreements",
        verbose_name=_("øvrige parter"),
        help_text=_("BRN, Region Nordjylland, erhvervsfremmeaktører, videninstitutioner ..."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="agreements",
        verbose_name=_("kommuner"),
        help_text=_("Kommuner, der er part i eller omfattet af aftalen (alle 11 for en aftale via BRN)."),
    )
    efforts = models.ManyToManyField(
        StrategyEffort, blank=True, related_name="agreements", verbose_name=_("indsatser")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    budget_dkk = models.DecimalField(
        _("budget (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    cofunding_dkk = models.DecimalField(
        _("medfinansiering (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    cofunding_note = models.CharField(_("medfinansiering fra"), max_length=300, blank=True)
    source_choice = models.OneToOneField(
        AnswerChoice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="converted_agreement",
        verbose_name=_("surveysvar"),
        help_text=_("Det svar i surveyen, aftalen er oprettet fra."),
    )
    source_note = models.CharField(_("oprettet fra"), max_length=300, blank=True, editable=False)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[clusters, actors, municipalities, efforts])

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("samarbejdsaftale")
        verbose_name_plural = _("samarbejdsaftaler")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:agreement-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Slutdatoen ligger før startdatoen.")})


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("link"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.title


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Månedlig")
    QUARTERLY = "quarterly", _("Kvartalsvis")
    HALF_YEARLY = "half_yearly", _("Halvårlig")
    YEARLY = "yearly", _("Årlig")


class Kpi(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("mål"))
    name = models.CharField(_("KPI"), max_length=300)
    unit = models.CharField(_("enhed"), max_length=50, help_text=_("fx virksomheder, deltagere, kr."))
    baseline = models.DecimalField(_("udgangspunkt"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("mål"), max_digits=14, decimal_places=2, null=True, blank=True)
    frequency = models.CharField(
        _("opfølgning"), max_length=20, choices=ReportingFrequency.choices, default=ReportingFrequency.YEARLY
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPI'er")

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("dato"))
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "measured_on"], name="unique_measurement_per_date")
        ]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} ({self.measured_on})"


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Møde")
    DECISION = "decision", _("Beslutning")
    NOTE = "note", _("Notat")


class Interaction(models.Model):
    """A meeting, decision or note about an agreement and/or a cluster."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("aftale"),
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("klynge"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("dato"))
    title = models.CharField(_("emne"), max_length=300)
    notes = models.TextField(_("referat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agreement__isnull=False) | models.Q(cluster__isnull=False),
                name="interaction_has_agreement_or_cluster",
            )
        ]
        verbose_name = _("møde eller beslutning")
        verbose_name_plural = _("mødelog")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.title}"


# Interviews and follow-up live in their own modules; importing them here registers the models with the app.
from collaboration.models_followup import FollowUpMeeting  # noqa: E402, F401
from collaboration.models_interviews import Interview  # noqa: E402, F401
