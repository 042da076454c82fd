"""The survey dashboard's filters: which invited clusters every tile, chart and export covers."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, DevelopmentStage
from surveys.models import Answer, Option, Survey

UNKNOWN = "ukendt"


class DashboardFilterSet(django_filters.FilterSet):
    """Filters over the survey's invited clusters: programme area, development stage and the presence
    the cluster reported in this survey. `survey` is required; choices come from its invitations."""

    area = django_filters.ChoiceFilter(
        label=_("Erhvervs- og teknologiområde"), field_name="area_da", empty_label=_("Alle områder")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Udviklingstrin"),
        field_name="development_stage",
        choices=[*DevelopmentStage.choices, (UNKNOWN, _("Ukendt"))],
        empty_label=_("Alle trin"),
        method="filter_stage",
    )
    presence = django_filters.ChoiceFilter(
        label=_("Fysisk tilstedeværelse"), empty_label=_("Alle"), method="filter_presence"
    )

    class Meta:
        model = Cluster
        fields: list[str] = []

    def __init__(self, data=None, *, survey: Survey, **kwargs):
        self.survey = survey
        self._scope: QuerySet[Cluster] | None = None
        invited = Cluster.objects.filter(survey_responses__survey=survey)
        super().__init__(data, queryset=invited, **kwargs)
        areas = invited.exclude(area_da="").order_by("area_da").values_list("area_da", flat=True).distinct()
        self.filters["area"].extra["choices"] = [(area, area) for area in areas]
        options = Option.objects.filter(
            question__questionnaire=survey.questionnaire, question__code="presence"
        )
        self.filters["presence"].extra["choices"] = [
            (option.code, option.label) for option in options.order_by("order", "pk")
        ]

    def filter_stage(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(development_stage="" if value == UNKNOWN else value)

    def filter_presence(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        answered = Answer.objects.filter(
            response__survey=self.survey,
            response__cluster=OuterRef("pk"),
            question__code="presence",
            option__code=value,
        )
        return queryset.filter(Exists(answered))

    @property
    def is_active(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.form.cleaned_data.values())

    def clusters(self) -> QuerySet[Cluster] | None:
        """The restriction to pass to the survey selectors: None when no filter is set (or on errors,
        which the page shows beside the fields).

        The filters' own query (a join and an EXISTS per cluster) runs once, here, and the selectors get
        the clusters by id. Nested inside every figure's query, a PostgreSQL planner working from stale
        statistics once made it take minutes (seen in CI)."""
        if not self.is_active:
            return None
        if self._scope is None:
            self._scope = Cluster.objects.filter(pk__in=list(self.qs.values_list("pk", flat=True)))
        return self._scope

    def active(self) -> list[tuple[str, str]]:
        """(field label, chosen value as shown) for every filter in use: on the page, in print and in Excel."""
        if not self.is_active:
            return []
        shown = []
        for name, value in self.form.cleaned_data.items():
            if value:
                field = self.form.fields[name]
                shown.append((str(field.label), str(dict(field.choices).get(value, value))))
        return shown


class CompareForm(forms.Form):
    """Which earlier completed wave the dashboard compares with (empty: the previous one)."""

    compare = forms.ChoiceField(
        label=_("Sammenlign med"),
        required=False,
        error_messages={"invalid_choice": _("Vælg en tidligere, gennemført runde at sammenligne med.")},
    )

    def __init__(self, data=None, *, survey: Survey, **kwargs):
        super().__init__(data, **kwargs)
        earlier = Survey.objects.filter(year__lt=survey.year).order_by("-year", "-pk")
        self.fields["compare"].choices = [
            ("", _("Forrige gennemførte runde")),
            *((other.slug, str(other)) for other in earlier),
        ]
