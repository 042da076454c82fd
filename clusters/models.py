"""The national clusters, the North Jutland municipalities and actors, and the clusters' presence there."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from clusters.provenance import Provenance
from portal.core.history import HistoricalRecords


class Verification(models.TextChoices):
    VERIFIED = "verified", _("Verificeret")
    PARTLY_VERIFIED = "partly_verified", _("Delvist verificeret")
    UNVERIFIED = "unverified", _("Ikke verificeret")
    UNIDENTIFIED = "unidentified", _("Ikke identificeret")


class VerifiedFacts(models.Model):
    """Where a reference fact comes from and how sure we are of it."""

    verification = models.CharField(
        _("verifikation"), max_length=20, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    verification_source = models.TextField(_("kilde"), blank=True)
    verified_on = models.DateField(_("sidst verificeret"), null=True, blank=True)

    class Meta:
        abstract = True


class ProgrammePeriod(models.Model):
    code = models.CharField(_("kode"), max_length=9, unique=True, help_text="2021-2024")
    name = models.CharField(_("navn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("startår"))
    end_year = models.PositiveSmallIntegerField(_("slutår"))
    funders = models.TextField(_("bevilgende parter"), blank=True)
    designated_on = models.DateField(_("udpeget"), null=True, blank=True)
    designated_count = models.PositiveSmallIntegerField(_("antal udpegede klynger"), null=True, blank=True)
    public_funding_dkk = models.BigIntegerField(_("offentlig finansiering (kr.)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("programperiode")
        verbose_name_plural = _("programperioder")

    def __str__(self) -> str:
        return self.code


class _FootprintFacts:
    """The subqueries of a cluster's current North Jutland footprint (`ClusterQuerySet.with_nj_counts`)."""

    def __init__(self, for_board: bool) -> None:
        self.member_facts = MemberCount.objects.current(for_board=for_board)
        self.offices = present_offices(for_board=for_board).filter(cluster=OuterRef("pk"))

    def latest_year(self, cluster: OuterRef) -> models.QuerySet:
        return self.member_facts.filter(cluster=cluster).order_by("-year").values("year")[:1]

    def latest(self) -> models.QuerySet:
        return self.member_facts.filter(
            cluster=OuterRef("pk"), year=models.Subquery(self.latest_year(OuterRef("cluster")))
        )

    def latest_sum(self, **band) -> models.QuerySet:
        # Inside this subquery OuterRef("cluster") is the member-count row's cluster, not the outer pk.
        return (
            self.latest()
            .filter(**band)
            .order_by()
            .values("cluster")
            .annotate(total=Sum("count"))
            .values("total")
        )

    def office_places(self) -> models.QuerySet:
        return (
            self.offices.order_by()
            .values("cluster")
            .annotate(n=Count(Coalesce("municipality_id", -models.F("pk")), distinct=True))
            .values("n")
        )


class ClusterQuerySet(models.QuerySet):
    def in_period(self, period: ProgrammePeriod | str) -> ClusterQuerySet:
        code = period.code if isinstance(period, ProgrammePeriod) else period
        return self.filter(periods__code=code)

    def active_in(self, period: ProgrammePeriod | str) -> ClusterQuerySet:
        """Clusters of the period that had not ended before it did (MARLOG is in 2021-2024 but not active)."""
        return self.in_period(period).filter(ended_on__isnull=True)

    def with_nj_counts(self, *, for_board: bool = False) -> ClusterQuerySet:
        """Annotate the two counts of the current North Jutland footprint, in SQL: `nj_office_count` (one per
        municipality, so a survey's office beside the reference data's is not counted twice) and `nj_members`
        (the latest year's total where there is one, else over 50 + under 50). For the board, facts from
        surveys whose cluster-level answers it may not see are left out. The fit matrix needs only these;
        each further subquery costs more to build in the ORM than SQLite takes to run it."""
        facts = _FootprintFacts(for_board)
        return self.annotate(
            nj_office_count=Coalesce(
                models.Subquery(facts.office_places(), output_field=models.IntegerField()), 0
            ),
            nj_members=Coalesce(
                models.Subquery(
                    facts.latest_sum(size_band=SizeBand.TOTAL), output_field=models.IntegerField()
                ),
                models.Subquery(
                    facts.latest_sum(size_band__in=[SizeBand.LARGE, SizeBand.SMALL]),
                    output_field=models.IntegerField(),
                ),
            ),
        )

    def with_nj_presence(self, *, for_board: bool = False) -> ClusterQuerySet:
        """`with_nj_counts`, and how the cluster is present: `nj_own_office` and `nj_co_located`."""
        offices = _FootprintFacts(for_board).offices
        return self.with_nj_counts(for_board=for_board).annotate(
            nj_own_office=Exists(offices.filter(kind=OfficeKind.OWN_OFFICE)),
            nj_co_located=Exists(offices.filter(kind=OfficeKind.CO_LOCATED)),
        )

    def with_nj_footprint(self, *, for_board: bool = False) -> ClusterQuerySet:
        """`with_nj_presence`, and where the member figure comes from: its year, origin and estimate flag."""
        facts = _FootprintFacts(for_board)
        first_row = facts.latest().order_by("size_band")
        return self.with_nj_presence(for_board=for_board).annotate(
            nj_members_year=models.Subquery(
                facts.latest_year(OuterRef("pk")), output_field=models.IntegerField()
            ),
            nj_members_origin=models.Subquery(first_row.values("origin")[:1]),
            nj_members_survey_year=models.Subquery(first_row.values("survey_year")[:1]),
            nj_members_estimate=Exists(facts.latest().filter(is_estimate=True)),
        )

    def present_in_nj(self, *, for_board: bool = False) -> ClusterQuerySet:
        return self.filter(Exists(present_offices(for_board=for_board).filter(cluster=OuterRef("pk"))))


def described_offices(*, for_board: bool = False) -> models.QuerySet:
    """Current offices, each place once: an office of unknown kind (as the reference data gives them) gives
    way to one of a known kind the same cluster has in the same municipality (a survey answer says which)."""
    current = Office.objects.current(for_board=for_board)
    known_here = current.filter(cluster=OuterRef("cluster"), municipality=OuterRef("municipality")).exclude(
        kind=OfficeKind.UNKNOWN
    )
    return current.exclude(Q(kind=OfficeKind.UNKNOWN) & Exists(known_here))


def present_offices(*, for_board: bool = False) -> models.QuerySet:
    """Current offices that have not ended and are not merely planned: what makes a cluster present."""
    return (
        Office.objects.current(for_board=for_board)
        .filter(ended_on__isnull=True)
        .exclude(kind=OfficeKind.PLANNED)
    )


class DevelopmentStage(models.TextChoices):
    EMERGING = "spirende", _("Spirende")
    NEW = "ny", _("Ny")
    MATURE = "moden", _("Moden")


class EceiLabel(models.TextChoices):
    GOLD = "guld", _("Guld")
    SILVER = "soelv", _("Sølv")
    BRONZE = "bronze", _("Bronze")
    NONE = "ingen", _("Ingen")


class LegalForm(models.TextChoices):
    ASSOCIATION = "forening", _("Forening")
    FOUNDATION = "fond", _("Fond")
    COMPANY = "selskab", _("Selskab")
    OTHER = "andet", _("Andet")


class Cluster(VerifiedFacts):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn"), max_length=100, unique=True)
    # In Danish and English (area_da, area_en: clusters/translation.py); `area` reads the reader's language.
    area = models.CharField(_("erhvervs- og teknologiområde"), max_length=200, blank=True)
    periods = models.ManyToManyField(
        ProgrammePeriod, through="ProgrammeMembership", related_name="clusters", verbose_name=_("perioder")
    )
    hq_city = models.CharField(_("hovedkontor (by)"), max_length=100, blank=True)
    website = models.CharField(_("hjemmeside"), max_length=200, blank=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    legal_form = models.CharField(_("juridisk form"), max_length=20, choices=LegalForm.choices, blank=True)
    staff_count = models.PositiveIntegerField(_("medarbejdere"), null=True, blank=True)
    national_member_count = models.PositiveIntegerField(_("medlemmer i hele landet"), null=True, blank=True)
    board_size = models.PositiveSmallIntegerField(_("bestyrelsesmedlemmer"), null=True, blank=True)
    chair_from_company = models.BooleanField(_("forperson fra en virksomhed"), null=True, blank=True)
    development_stage = models.CharField(
        _("udviklingstrin"), max_length=10, choices=DevelopmentStage.choices, blank=True
    )
    ecei_label = models.CharField(_("ECEI-label"), max_length=10, choices=EceiLabel.choices, blank=True)
    ecei_valid_until = models.DateField(_("label gyldig til"), null=True, blank=True)
    funding_year = models.PositiveSmallIntegerField(_("finansiering, år"), null=True, blank=True)
    funding_innovation_pct = models.DecimalField(
        _("Innovationskraft-bevilling (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    funding_membership_pct = models.DecimalField(
        _("kontingent (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    funding_projects_pct = models.DecimalField(
        _("projektindtægter (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    ended_on = models.DateField(_("ophørt"), null=True, blank=True)

    objects = ClusterQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("klynge")
        verbose_name_plural = _("klynger")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:cluster-detail", kwargs={"slug": self.slug})

    @property
    def is_unidentified(self) -> bool:
        return self.verification == Verification.UNIDENTIFIED

    @property
    def website_url(self) -> str:
        if not self.website:
            return ""
        return self.website if "://" in self.website else f"https://{self.website}"


class ProgrammeMembership(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    period = models.ForeignKey(ProgrammePeriod, on_delete=models.PROTECT, related_name="memberships")
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cluster", "period"], name="unique_cluster_period")]
        verbose_name = _("deltagelse i programperiode")
        verbose_name_plural = _("deltagelse i programperioder")

    def __str__(self) -> str:
        return f"{self.cluster} · {self.period}"


class Municipality(VerifiedFacts):
    code = models.PositiveSmallIntegerField(_("kommunekode"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    official_name = models.CharField(_("officielt navn"), max_length=150, blank=True)
    seat = models.CharField(_("administrationsby"), max_length=100, blank=True)
    latitude = models.DecimalField(_("breddegrad"), max_digits=7, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(_("længdegrad"), max_digits=7, decimal_places=4, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:municipality-detail", kwargs={"code": self.code})

    @property
    def display_name(self) -> str:
        if self.official_name and get_language() != "en":
            return self.official_name
        return gettext("%(name)s Kommune") % {"name": self.name}


class ActorKind(models.TextChoices):
    REGION = "region", _("Region")
    BUSINESS_PROMOTION = "erhvervsfremme", _("Erhvervsfremmeaktør")
    KNOWLEDGE = "videninstitution", _("Videninstitution")
    NETWORK = "netvaerk", _("Netværk")
    BUSINESS_ORGANISATION = "erhvervsorganisation", _("Erhvervsorganisation")
    MUNICIPAL_SERVICE = "kommunal_erhvervsservice", _("Kommunal erhvervsservice")
    LOCAL_SERVICE = "lokal_erhvervsservice", _("Lokal erhvervsservice")


class Actor(VerifiedFacts):
    slug = models.SlugField(_("kort navn"), max_length=100, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=ActorKind.choices)
    city = models.CharField(_("by"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("kommune"),
    )
    note = models.TextField(_("note"), blank=True)
    ended_on = models.DateField(_("ophørt"), null=True, blank=True)
    is_defunct = models.BooleanField(_("ophørt (dato ukendt)"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("aktør")
        verbose_name_plural = _("aktører")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:actor-detail", kwargs={"slug": self.slug})


class OfficeKind(models.TextChoices):
    OWN_OFFICE = "own_office", _("Selvstændigt fysisk kontor")
    CO_LOCATED = "co_located", _("Samlokation med Erhvervshuset")
    PLANNED = "planned", _("Planlagt kontor")
    UNKNOWN = "unknown", _("Kontor (type ikke oplyst)")


class Office(VerifiedFacts, Provenance):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="offices")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("kommune"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=OfficeKind.choices)
    role = models.CharField(
        _("rolle"), max_length=100, blank=True, help_text=_("fx hovedkontor, regionalkontor")
    )
    city = models.CharField(_("by"), max_length=100, blank=True)
    since = models.DateField(_("siden"), null=True, blank=True)
    ended_on = models.DateField(_("ophørt"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__name", "municipality__name"]
        verbose_name = _("kontor i Nordjylland")
        verbose_name_plural = _("kontorer i Nordjylland")

    def __str__(self) -> str:
        return f"{self.cluster} · {self.city or self.municipality or '?'}"


class SizeBand(models.TextChoices):
    LARGE = "large", _("Over 50 ansatte")
    SMALL = "small", _("Under 50 ansatte")
    TOTAL = "total", _("I alt (ikke opdelt)")


class MemberCount(Provenance):
    """Company members of a cluster in North Jutland in a year, by size band and optionally municipality.

    A `total` row holds the overall count where it is known; `large` and `small` hold the split.
    Rows with a municipality are parts of the regional figure and are added up, so a year and band is
    given either for the whole region (no municipality) or per municipality, never both.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="member_counts")
    year = models.PositiveSmallIntegerField(_("år"))
    size_band = models.CharField(_("størrelse"), max_length=10, choices=SizeBand.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_counts",
        verbose_name=_("kommune"),
    )
    count = models.PositiveIntegerField(_("antal"))
    is_estimate = models.BooleanField(_("estimat"), default=False)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "cluster__name", "size_band"]
        # Two partial indexes rather than nulls_distinct=False, which SQLite does not support.
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "size_band", "municipality"],
                condition=Q(municipality__isnull=False),
                name="unique_member_count",
            ),
            models.UniqueConstraint(
                fields=["cluster", "year", "size_band"],
                condition=Q(municipality__isnull=True),
                name="unique_regional_member_count",
            ),
        ]
        verbose_name = _("medlemstal")
        verbose_name_plural = _("medlemstal")

    def __str__(self) -> str:
        return f"{self.cluster} {self.year} {self.get_size_band_display()}: {self.count}"

    def clean(self) -> None:
        if self.cluster_id is None or self.year is None:
            return
        siblings = MemberCount.objects.filter(
            cluster_id=self.cluster_id, year=self.year, size_band=self.size_band
        ).exclude(pk=self.pk)
        if siblings.filter(municipality__isnull=self.municipality_id is not None).exists():
            raise ValidationError(
                _(
                    "%(year)s, %(band)s: angiv medlemstallet enten for hele regionen eller pr. kommune, "
                    "ikke begge dele – ellers tælles medlemmerne dobbelt."
                )
                % {"year": self.year, "band": self.get_size_band_display()}
            )


# The activities, contact persons and background facts live in modules of their own; importing them here
# registers the models with the app.
from clusters.models_activities import Activity, ActivityKind, ActivityType, Partnership  # noqa: E402, F401
from clusters.models_background import BackgroundFact  # noqa: E402, F401
from clusters.models_contacts import ContactPerson  # noqa: E402, F401
