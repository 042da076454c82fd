"""The agreements and interviews lists' filters, search and sorting."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import Actor, Cluster, Municipality
from collaboration.forms import DATE
from collaboration.models import Agreement, AgreementStatus, CollaborationModel, StrategyEffort
from collaboration.models_interviews import Interview, InterviewTheme
from portal.core.filters import search_any

OPEN_CHOICES = forms.Select(choices=[("", _("Alle")), ("true", _("Ja")), ("false", _("Nej"))])


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="filter_search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AgreementStatus.choices, empty_label=_("Alle")
    )
    model = django_filters.ModelChoiceFilter(
        label=_("Samarbejdsmodel"),
        queryset=CollaborationModel.objects.order_by("position"),
        to_field_name="slug",
        empty_label=_("Alle modeller"),
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("Klynge"),
        field_name="clusters",
        queryset=Cluster.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Alle klynger"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        field_name="municipalities",
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Alle kommuner"),
    )
    effort = django_filters.ModelChoiceFilter(
        label=_("Indsats"),
        field_name="efforts",
        queryset=StrategyEffort.objects.order_by("kind", "position"),
        to_field_name="code",
        empty_label=_("Alle indsatser"),
    )
    # The allow-list of orderings.
    sort = django_filters.OrderingFilter(
        label=_("Sortering"),
        fields=(("start_date", "start"), ("title", "title"), ("status", "status"), ("budget_dkk", "budget")),
        field_labels={
            "start_date": _("Start"),
            "title": _("Titel"),
            "status": _("Status"),
            "budget_dkk": _("Budget"),
        },
        empty_label=_("Nyeste først"),
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_any(queryset, value, ("title", "description", "cofunding_note"))


class InterviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="filter_search")
    cluster = django_filters.ModelChoiceFilter(
        label=_("Klynge"),
        queryset=Cluster.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Alle klynger"),
    )
    actor = django_filters.ModelChoiceFilter(
        label=_("Aktør"),
        queryset=Actor.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Alle aktører"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Tema"),
        field_name="themes",
        queryset=InterviewTheme.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle temaer"),
    )
    held_from = django_filters.DateFilter(
        label=_("Fra dato"), field_name="held_on", lookup_expr="gte", widget=DATE
    )
    held_to = django_filters.DateFilter(
        label=_("Til dato"), field_name="held_on", lookup_expr="lte", widget=DATE
    )
    open_follow_ups = django_filters.BooleanFilter(
        label=_("Med åbne opfølgninger"), method="filter_open_follow_ups", widget=OPEN_CHOICES
    )

    class Meta:
        model = Interview
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_any(queryset, value, ("key_points", "interviewee_role", "interviewee_organisation"))

    def filter_open_follow_ups(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(open_follow_ups__gt=0) if value else queryset.filter(open_follow_ups=0)
