from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

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


# The tags below stand in table rows and fact lists on most pages; as Python they cost a fraction of an
# {% include %} (see docs/benchmarks.md).
@register.simple_tag
def unknown() -> SafeString:
    """A visibly unknown value that an administrator can fill in."""
    return format_html(
        '<span class="unknown" title="{}">{}</span>',
        _("Ukendt: kan udfyldes af en administrator"),
        _("ukendt"),
    )


@register.simple_tag
def verification_badge(obj) -> SafeString:
    """The verification status of a reference fact (`obj` has the verification fields), with its source."""
    source = obj.verification_source
    return format_html(
        '<span class="badge badge--{}" title="{}">{}</span>',
        obj.verification,
        f"{_('Kilde')}: {source}" if source else "",
        obj.get_verification_display(),
    )


@register.simple_tag(takes_context=True)
def fact(context, label, value) -> SafeString:
    """One fact in a `dl.facts`: an empty value is shown visibly as unknown (0 is a value)."""
    shown = render_value_in_context(value, context) if value or value == 0 else unknown()
    return format_html("<dt>{}</dt><dd>{}</dd>", label, shown)
