from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from clusters.models import Cluster
from portal.templatetags.portal_tags import verification_badge

register = template.Library()


@register.simple_tag
def cluster_badges(cluster: Cluster) -> SafeString:
    """Verification, ended and synthetic-data badges beside a cluster's name (one per row on the cluster list)."""
    badges = [verification_badge(cluster)]
    if cluster.ended_on:
        badges.append(
            format_html(
                '<span class="badge badge--ended" title="{} {}">{}</span>',
                _("Ophørt"),
                date_format(cluster.ended_on, "F Y"),
                _("ophørt"),
            )
        )
    if cluster.is_synthetic:
        badges.append(format_html('<span class="badge badge--synthetic">{}</span>', _("syntetiske data")))
    return format_html_join(" ", "{}", ((badge,) for badge in badges))
