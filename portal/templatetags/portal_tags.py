from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination and sorting keep the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def percent(value, decimals: int = 1) -> str:
    """92.3 → '92,3 %' in Danish, '92.3 %' in English."""
    if value is None or value == "":
        return ""
    return f"{number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)} %"


@register.filter
def number(value) -> str:
    """A whole number with the locale's thousand separator: 1740 → '1.740'."""
    if value is None or value == "":
        return ""
    return number_format(value, use_l10n=True, force_grouping=True)


@register.inclusion_tag("includes/_unknown.html")
def unknown() -> dict:
    """A visibly unknown value that an administrator can fill in."""
    return {}


@register.inclusion_tag("includes/_verification_badge.html")
def verification_badge(obj) -> dict:
    """The verification status of a reference fact (`obj` has the verification fields), with its source."""
    return {"obj": obj}


@register.inclusion_tag("includes/_fact.html")
def fact(label, value) -> dict:
    """One fact in a `dl.facts`: an empty value is shown visibly as unknown (0 is a value)."""
    return {"label": label, "value": value}
