"""Filtering helpers shared by the apps' FilterSets."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet


def search_any(queryset: QuerySet, value: str, fields: Iterable[str]) -> QuerySet:
    """Free-text search as every list does it: case-insensitive substring in any of `fields`; blank = all."""
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": value}) for field in fields)))
