"""The follow-up page's filters and the form for a follow-up meeting on an agreement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from collaboration.forms import DATE
from collaboration.models_followup import FollowUpMeeting
from collaboration.selectors_followup import KINDS


class FollowUpFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=_("Type"), choices=list(KINDS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    overdue = forms.BooleanField(label=_("Kun overskredne"), required=False)


class FollowUpMeetingForm(forms.ModelForm):
    class Meta:
        model = FollowUpMeeting
        fields = ["scheduled_on", "title", "held_on"]
        widgets = {"scheduled_on": DATE, "held_on": DATE}
