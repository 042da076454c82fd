from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from collaboration.models import (
    Agreement,
    AgreementDocument,
    CollaborationModel,
    FitRating,
    Goal,
    Interaction,
    Kpi,
    Measurement,
    StrategyEffort,
)
from collaboration.scoring import COMPONENTS, DEFAULT_WEIGHTS

MAX_WEIGHT = 10
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FitWeightsForm(forms.Form):
    """The suggested score's weights, read from the query string; an empty field keeps its default."""

    sort = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for component in COMPONENTS:
            self.fields[component.key] = forms.IntegerField(
                label=component.label,
                help_text=component.explanation,
                required=False,
                min_value=0,
                max_value=MAX_WEIGHT,
                widget=forms.NumberInput(attrs={"placeholder": component.default_weight}),
            )

    def weights(self) -> dict[str, int]:
        """The weights to use: the valid values given, the defaults for the rest (and for bad input)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            key: data[key] if data.get(key) is not None else default
            for key, default in DEFAULT_WEIGHTS.items()
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors and all(cleaned.get(c.key) == 0 for c in COMPONENTS):
            raise forms.ValidationError(_("Mindst én vægt skal være større end 0."))
        return cleaned


class FitRatingForm(forms.ModelForm):
    class Meta:
        model = FitRating
        fields = ["score", "reason"]
        widgets = {"score": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}


class CollaborationModelForm(forms.ModelForm):
    class Meta:
        model = CollaborationModel
        # Each text in Danish and English (collaboration/translation.py); English may stay empty.
        fields = [
            "name_da",
            "name_en",
            "slug",
            "position",
            "description_da",
            "description_en",
            "requirements_da",
            "requirements_en",
            "experience_da",
            "experience_en",
            "risks_da",
            "risks_en",
            "source",
            "rule_requires_nj_office",
            "rule_min_nj_members",
            "rule_min_score",
            "rule_efforts",
            "rule_uncovered_effort",
        ]
        widgets = {
            "rule_requires_nj_office": forms.NullBooleanSelect,
            "rule_efforts": forms.CheckboxSelectMultiple,
        }

    def clean_rule_min_score(self):
        value = self.cleaned_data["rule_min_score"]
        if value is not None and not 0 <= value <= 3:
            raise forms.ValidationError(_("Mindste match skal ligge mellem 0 og 3."))
        return value


class StrategyEffortForm(forms.ModelForm):
    class Meta:
        model = StrategyEffort
        fields = [
            "name_da",
            "name_en",
            "code",
            "kind",
            "position",
            "scope_da",
            "scope_en",
            "description_da",
            "description_en",
            "keywords",
            "is_active",
            "verification",
            "verification_source",
        ]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "description",
            "status",
            "model",
            "clusters",
            "actors",
            "municipalities",
            "efforts",
            "start_date",
            "end_date",
            "budget_dkk",
            "cofunding_dkk",
            "cofunding_note",
        ]
        widgets = {
            "clusters": forms.CheckboxSelectMultiple,
            "actors": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "efforts": forms.CheckboxSelectMultiple,
            "start_date": DATE,
            "end_date": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clusters"].queryset = self.fields["clusters"].queryset.order_by("name")


class DocumentForm(forms.ModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["title", "url"]
        widgets = {"url": forms.URLInput}

    url = forms.URLField(label=_("link"), max_length=500, assume_scheme="https")


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description"]


class KpiForm(forms.ModelForm):
    class Meta:
        model = Kpi
        fields = ["name", "unit", "baseline", "target", "frequency"]


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DATE}

    def __init__(self, *args, kpi: Kpi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kpi = kpi

    def clean_measured_on(self):
        # kpi is not a form field, so ModelForm leaves the (kpi, date) constraint unchecked.
        measured_on = self.cleaned_data["measured_on"]
        same_day = Measurement.objects.filter(kpi=self.instance.kpi, measured_on=measured_on)
        if same_day.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Der findes allerede en måling for denne KPI på denne dato."))
        return measured_on


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "occurred_on", "title", "notes"]
        widgets = {"occurred_on": DATE}
