from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import ProgrammePeriod
from surveys import services
from surveys.excel_import import MAX_INT
from surveys.models import Question, QuestionType, ResponseStatus
from surveys.schema import ESTIMATE_WITHOUT_NUMBER, Answers, AnswerValue, Schema
from surveys.surveyxact_mapping import MappingError, mapping_parse

ESTIMATE_SUFFIX = "__estimate"
YES, NO = "ja", "nej"
# A multiple-choice question's explicit "none of these": an answer with no option, unlike an untouched question.
NONE_CHOSEN = "__none__"


def _field(question: Question) -> forms.Field:
    common = {"label": question.text, "help_text": question.help, "required": False}
    unanswered = [("", _("Ikke besvaret"))]
    match question.type:
        case QuestionType.YES_NO:
            choices = [*unanswered, (YES, _("Ja")), (NO, _("Nej"))]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        case QuestionType.SINGLE_CHOICE:
            choices = [*unanswered, *((option.code, option.label) for option in question.option_list)]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        case QuestionType.MULTIPLE_CHOICE:
            choices = [*((option.code, option.label) for option in question.option_list)]
            choices.append((NONE_CHOSEN, _("Ingen af disse")))
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        case QuestionType.INTEGER:
            return forms.IntegerField(min_value=0, max_value=MAX_INT, **common)
        case QuestionType.TEXT:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    raise ValueError(f"unknown question type {question.type!r}")


def _initial(question: Question, answer: AnswerValue | None):
    if answer is None:
        return [] if question.type == QuestionType.MULTIPLE_CHOICE else ""
    if question.type == QuestionType.YES_NO:
        return YES if answer.value else NO
    if question.type == QuestionType.MULTIPLE_CHOICE:
        return sorted(answer.value) or [NONE_CHOSEN]
    return answer.value


class ResponseForm(forms.Form):
    """One cluster's answers, built from the questionnaire. `version` is the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("draft", _("Gem kladde")), ("complete", _("Markér som gennemført"))],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, schema: Schema, answers: Answers, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        self.fields["version"].initial = version
        self.fields["action"].required = False
        for question in schema.questions:
            self.fields[question.code] = _field(question)
            self.fields[question.code].initial = _initial(question, answers.get(question.code))
            if question.type == QuestionType.INTEGER and question.allows_estimate:
                self.fields[question.code + ESTIMATE_SUFFIX] = forms.BooleanField(
                    label=_("Estimat"),
                    required=False,
                    initial=bool(answers.get(question.code) and answers[question.code].is_estimate),
                )

    def sections(self) -> list[tuple[object, list[tuple[forms.BoundField, forms.BoundField | None]]]]:
        """(section, [(field, its estimate checkbox or None)]) in questionnaire order, for the template."""
        return [
            (
                section,
                [
                    (
                        self[question.code],
                        self[question.code + ESTIMATE_SUFFIX] if self._has_estimate(question) else None,
                    )
                    for question in self.schema.questions_of(section)
                ],
            )
            for section in self.schema.sections
        ]

    def _has_estimate(self, question: Question) -> bool:
        return question.code + ESTIMATE_SUFFIX in self.fields

    @property
    def status(self) -> str:
        action = self.cleaned_data.get("action") or self.data.get("action")
        return ResponseStatus.COMPLETED if action == "complete" else ResponseStatus.PARTIAL

    def answers(self) -> Answers:
        answers: Answers = {}
        for question in self.schema.questions:
            value = self.cleaned_data.get(question.code)
            if question.type == QuestionType.MULTIPLE_CHOICE:
                if value:  # untouched is unanswered; "none of these" alone is an answer with no option
                    answers[question.code] = AnswerValue(frozenset(value) - {NONE_CHOSEN})
            elif question.type == QuestionType.YES_NO and value:
                answers[question.code] = AnswerValue(value == YES)
            elif question.type == QuestionType.INTEGER and value is not None:
                answers[question.code] = AnswerValue(
                    value, bool(self.cleaned_data.get(question.code + ESTIMATE_SUFFIX))
                )
            elif value not in (None, ""):
                answers[question.code] = AnswerValue(value.strip() if isinstance(value, str) else value)
        return answers

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for question in self.schema.questions:
            if cleaned.get(question.code + ESTIMATE_SUFFIX) and cleaned.get(question.code) is None:
                self.add_error(question.code, ESTIMATE_WITHOUT_NUMBER)
        for question in self.schema.questions:
            chosen = cleaned.get(question.code)
            if (
                question.type == QuestionType.MULTIPLE_CHOICE
                and chosen
                and NONE_CHOSEN in chosen
                and len(chosen) > 1
            ):
                self.add_error(
                    question.code, _("Vælg enten »Ingen af disse« eller en eller flere svarmuligheder.")
                )
        answers = self.answers()
        violations = self.schema.violations(answers)
        if self.status == ResponseStatus.COMPLETED:
            violations += self.schema.missing_required(answers)
        for violation in violations:
            self.add_error(violation.question_code, violation.message)
        return cleaned


def response_form_save(form: ResponseForm, *, response, conflict: str, user=None, reason: str) -> int | None:
    """Save a valid answer form through the one write path: None when saved, else the page's status with the
    problem on the form (409 when someone saved after the form was opened; `conflict` says so)."""
    try:
        services.response_save(
            response=response,
            status=form.status,
            answers=form.answers(),
            version=form.cleaned_data["version"],
            user=user,
            reason=reason,
        )
    except services.ResponseConflict:
        form.add_error(None, conflict)
        return 409
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return 200
    return None


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Udfyldt skabelon (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{20,64}$", widget=forms.HiddenInput)
    remove_ok = forms.BooleanField(required=False)

    def allows(self, result) -> bool:
        """An import that removes existing answers needs the explicit tick; it is then reported on the form."""
        if not result.removed_count or self.cleaned_data.get("remove_ok"):
            return True
        self.add_error(
            "remove_ok",
            _("Importen fjerner eksisterende svar. Sæt flueben for at bekræfte, at de skal fjernes."),
        )
        return False


class StartNextForm(forms.Form):
    period = forms.ModelChoiceField(
        queryset=ProgrammePeriod.objects.order_by("start_year"),
        label=_("Programperiode"),
        help_text=_("De aktive klynger i perioden inviteres."),
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Titel"), max_length=200)
    slug = forms.SlugField(
        label=_("Kort navn"), max_length=100, help_text=_("Bruges i adresser og filnavne.")
    )


class SurveyXactUploadForm(forms.Form):
    """A SurveyXact export and the mapping to read it with (blank: the survey's own, else a proposal)."""

    file = forms.FileField(
        label=_("SurveyXact-eksport (.xlsx eller .zip med dataset.csv, structure.csv og labels.csv)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.zip"}),
    )
    mapping = forms.CharField(
        label=_("Mapping (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "Hvilket SurveyXact-spørgsmål der giver hvilket spørgsmål i portalen. Tom: surveyens gemte mapping, "
            "eller et forslag ud fra spørgsmålstekster og svarmuligheder, som du kontrollerer før import."
        ),
    )
    mapping_file = forms.FileField(
        label=_("…eller upload mappingen som fil (.json)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{20,64}$", required=False, widget=forms.HiddenInput)

    def clean_mapping(self) -> dict | None:
        return _mapping(self.cleaned_data["mapping"])

    def clean_mapping_file(self) -> dict | None:
        upload = self.cleaned_data["mapping_file"]
        return _mapping(upload.read(1024 * 1024)) if upload else None

    def clean(self):
        cleaned = super().clean()
        cleaned["mapping"] = cleaned.get("mapping_file") or cleaned.get("mapping")
        return cleaned


def _mapping(text: str | bytes) -> dict | None:
    if not text.strip():
        return None
    try:
        return mapping_parse(text)
    except MappingError as error:
        raise forms.ValidationError(error.problems) from None


class LinkActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("send", _("Send link")), ("copy", _("Kopiér link")), ("revoke", _("Træk link tilbage"))]
    )
