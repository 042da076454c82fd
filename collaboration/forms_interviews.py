"""The interview form with its quotes and follow-ups (inline formsets, saved together)."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from collaboration.forms import DATE
from collaboration.models_interviews import Interview, InterviewFollowUp, InterviewQuote


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = [
            "held_on",
            "cluster",
            "actor",
            "interviewee_role",
            "interviewee_organisation",
            "contact",
            "themes",
            "key_points",
        ]
        widgets = {
            "held_on": DATE,
            "themes": forms.CheckboxSelectMultiple,
            "key_points": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = self.fields["cluster"].queryset.order_by("name")
        self.fields["actor"].queryset = self.fields["actor"].queryset.order_by("name")
        self.fields["contact"].queryset = self.fields["contact"].queryset.select_related("cluster")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cluster") and cleaned.get("actor"):
            raise forms.ValidationError(_("Et interview er med én klynge eller én aktør, ikke begge."))
        return cleaned


QuoteFormSet = inlineformset_factory(
    Interview,
    InterviewQuote,
    fields=["text", "is_quotable"],
    extra=2,
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
)
FollowUpFormSet = inlineformset_factory(
    Interview,
    InterviewFollowUp,
    fields=["description", "due_on", "done_on"],
    extra=2,
    widgets={"due_on": DATE, "done_on": DATE},
)
