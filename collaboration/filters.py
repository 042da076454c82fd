"""The agreements list's filters, search and sorting."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Municipality
from collaboration.models import Agreement, AgreementStatus, CollaborationModel, StrategyEffort
from portal.core.filters import search_any


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
