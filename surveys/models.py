"""The cluster survey as data: questionnaires, surveys, one response per invited cluster, typed answers.

Question and option codes are stable identifiers (Excel columns, JSON keys); see ../shared/survey-2023.md.
Titles, question, help, option and rule texts have a Danish and an English field (`text_da`, `text_en`:
surveys/translation.py); `text` reads the reader's language, English falling back to Danish.
Answers, choices and response statuses keep a full change history (django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Municipality, ProgrammePeriod
from portal.core.history import HistoricalRecords


class Questionnaire(models.Model):
    slug = models.SlugField(_("kort navn"), max_length=100, unique=True)
    title = models.CharField(_("titel"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("spørgeskema")
        verbose_name_plural = _("spørgeskemaer")

    def __str__(self) -> str:
        return self.title_da


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(_("kode"), max_length=50)
    title = models.CharField(_("overskrift"), max_length=200)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_section_code"),
        ]
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")

    def __str__(self) -> str:
        return self.title_da


class QuestionType(models.TextChoices):
    YES_NO = "yes_no", _("Ja/nej")
    SINGLE_CHOICE = "single_choice", _("Ét svar")
    MULTIPLE_CHOICE = "multiple_choice", _("Flere svar")
    INTEGER = "integer", _("Helt tal")
    TEXT = "text", _("Tekst")


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(
        _("kode"), max_length=50, help_text=_("Fast kode: kolonnenavn i Excel og nøgle i JSON.")
    )
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    text = models.TextField(_("spørgsmål"))
    help = models.TextField(_("hjælpetekst"), blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    allows_estimate = models.BooleanField(
        _("kan være et estimat"), default=False, help_text=_("Kun for hele tal.")
    )
    is_required = models.BooleanField(
        _("skal besvares"),
        default=False,
        help_text=_("En besvarelse kan først markeres som gennemført, når spørgsmålet er besvaret."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "section__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_question_code"),
        ]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")

    def __str__(self) -> str:
        return f"{self.code}: {self.text_da[:60]}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(
        _("kode"), max_length=50, help_text=_("Fast kode; kommuner har deres kommunekode, fx 851.")
    )
    label = models.CharField(_("tekst"), max_length=200)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
        help_text=_("Sat når svarmuligheden er en nordjysk kommune."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="unique_option_code")]
        verbose_name = _("svarmulighed")
        verbose_name_plural = _("svarmuligheder")

    def __str__(self) -> str:
        return f"{self.code}: {self.label_da}"


class RuleKind(models.TextChoices):
    PARTS_WITHIN_TOTAL = "parts_within_total", _("Delene må ikke overstige totalen")
    ONLY_WHEN_NOT = "only_when_not", _("Besvares kun når et andet svar ikke er en bestemt svarmulighed")


class Rule(models.Model):
    """A validation rule between questions, checked by the answer form and the import alike (surveys.rules).

    parts_within_total: the sum of `parts` may not exceed `question` (the total).
    only_when_not: `question` may only be answered when `condition_question` is answered with something
    other than `condition_option` (and is answered at all).
    """

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("type"), max_length=30, choices=RuleKind.choices)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="rules", verbose_name=_("spørgsmål")
    )
    parts = models.ManyToManyField(Question, blank=True, related_name="part_of_rules", verbose_name=_("dele"))
    condition_question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="condition_of_rules",
        verbose_name=_("betinget af spørgsmål"),
    )
    condition_option = models.ForeignKey(
        Option,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betinget af svarmulighed"),
    )
    message = models.CharField(_("fejlbesked"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "pk"]
        verbose_name = _("regel")
        verbose_name_plural = _("regler")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.question.code}"


class Survey(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kort navn"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("år"))
    period = models.ForeignKey(
        ProgrammePeriod, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("programperiode")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("spørgeskema")
    )
    sent_on = models.DateField(_("udsendt"), null=True, blank=True)
    closes_on = models.DateField(_("svarfrist"), null=True, blank=True)
    invited = models.ManyToManyField(
        Cluster, through="Response", related_name="surveys", verbose_name=_("inviterede klynger")
    )
    board_sees_cluster_answers = models.BooleanField(
        _("bestyrelsen ser klyngernes svar"),
        default=False,
        help_text=_("Ellers ser bestyrelsen kun samlede tal."),
    )
    board_min_group = models.PositiveSmallIntegerField(
        _("mindste gruppe for bestyrelsen"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Et filter vises kun for bestyrelsen, når både udsnittet og resten af de gennemførte "
            "besvarelser har mindst så mange klynger."
        ),
    )
    is_demo = models.BooleanField(
        _("illustrative demosvar"),
        default=False,
        help_text=_("Svarene er illustrative demodata og markeres som sådan overalt."),
    )
    surveyxact_mapping = models.JSONField(
        _("SurveyXact-mapping"),
        default=dict,
        blank=True,
        help_text=_(
            "Hvilket SurveyXact-spørgsmål der giver hvilket spørgsmål i portalen (se surveyxact.md)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey-detail", kwargs={"slug": self.slug})


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke besvaret")
    PARTIAL = "partial", _("Delvist besvaret")
    COMPLETED = "completed", _("Gennemført")


class Response(models.Model):
    """The invitation of one cluster to a survey and its answers. `version` guards against lost updates."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("klynge")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.NOT_STARTED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("sidst ændret"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ændret af"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "cluster__name"]
        constraints = [models.UniqueConstraint(fields=["survey", "cluster"], name="unique_survey_cluster")]
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")

    def __str__(self) -> str:
        return f"{self.cluster} · {self.survey.slug}"

    @property
    def is_completed(self) -> bool:
        return self.status == ResponseStatus.COMPLETED


class Answer(models.Model):
    """One answered question. Which value field holds the answer follows the question's type:
    yes/no → value_bool, whole number → value_int (+ is_estimate), text → value_text,
    single choice → option, multiple choice → AnswerChoice rows (none chosen is a valid answer)."""

    # No index of its own on response: unique_answer_per_question (response, question) serves those lookups,
    # and a second index would only slow the import's inserts.
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value_bool = models.BooleanField(_("ja/nej"), null=True, blank=True)
    value_int = models.PositiveIntegerField(_("tal"), null=True, blank=True)
    value_text = models.TextField(_("tekst"), blank=True)
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("svar")
    )
    is_estimate = models.BooleanField(_("estimat"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "question__section__order", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="unique_answer_per_question")
        ]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")

    def __str__(self) -> str:
        return f"{self.response} · {self.question.code}"


class AnswerChoice(models.Model):
    # Indexed by unique_answer_choice (answer, option), like Answer.response above.
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices", db_index=False)
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+", verbose_name=_("valgt"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["answer", "option__order"]
        constraints = [models.UniqueConstraint(fields=["answer", "option"], name="unique_answer_choice")]
        verbose_name = _("valgt svarmulighed")
        verbose_name_plural = _("valgte svarmuligheder")

    def __str__(self) -> str:
        return f"{self.answer} · {self.option.code}"


class AnswerLink(models.Model):
    """A cluster's personal answer link for one survey: the signed token carries `pk` and `key`.

    Revoking clears the key's validity (`revoked_at`); a new link gets a new key. The history logs every
    sending, reminder, opening and revocation, with who did it."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="link")
    key = models.CharField(_("nøgle"), max_length=64)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("inviteret"), null=True, blank=True)
    # A cluster without an e-mail address is invited by an administrator copying the link to it.
    copied_at = models.DateTimeField(_("link kopieret"), null=True, blank=True)
    opened_at = models.DateTimeField(_("åbnet"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("sidste påmindelse"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("svarlink")
        verbose_name_plural = _("svarlinks")

    def __str__(self) -> str:
        return str(self.response)
