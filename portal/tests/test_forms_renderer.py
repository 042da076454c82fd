"""The Python <select> writes exactly what Django's own widget templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from portal.forms_renderer import PortalFormRenderer

CHOICES = [
    ("", "---------"),
    ("a", "Aalborg & <omegn>"),
    ("Gruppe »x«", [(2023, 2023), ("b", 'Brønderslev "nord"')]),
    (1740, 1740),
]


@pytest.mark.parametrize(
    "field",
    [
        forms.ChoiceField(choices=CHOICES, required=False),
        forms.MultipleChoiceField(choices=CHOICES, required=False),
        forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"data-x": "1 < 2", "disabled": True})),
    ],
)
@pytest.mark.parametrize("value", [None, "a", ["b", "1740"], "ukendt"])
def test_select_matches_django_templates(field, value):
    class Form(forms.Form):
        choice = field

    data = {} if value is None else {"choice": value}
    ours = Form(data, renderer=PortalFormRenderer())["choice"].as_widget()
    django = Form(data, renderer=DjangoTemplates())["choice"].as_widget()
    assert ours == django
    assert "&lt;omegn&gt;" in ours


def test_other_widgets_still_use_the_templates():
    class Form(forms.Form):
        name = forms.CharField()
        choice = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)

    form = Form(renderer=PortalFormRenderer())
    assert str(form["name"]) == str(Form(renderer=DjangoTemplates())["name"])
    assert str(form["choice"]) == str(Form(renderer=DjangoTemplates())["choice"])
