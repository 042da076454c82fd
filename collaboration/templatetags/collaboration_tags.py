"""Template tags of the collaboration pages.

`cluster_collaboration` reads the cluster profile's collaboration section, so the clusters app needs no import
of collaboration (whose selectors build on the clusters app's). `fit_row` renders one row of the fit matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import date_format, localize, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from collaboration.selectors import Cell, Row
from collaboration.selectors import cluster_collaboration as read_cluster_collaboration
from portal.templatetags.portal_tags import number

register = template.Library()

FOOTPRINT = ("members", "offices", "activities", "agreements", "survey")


@register.simple_tag(takes_context=True)
def cluster_collaboration(context, cluster) -> dict:
    return read_cluster_collaboration(cluster=cluster, user=context["request"].user)


@dataclass(frozen=True)
class _FitPage:
    """What every cell of a fit matrix page shares: translated once per page instead of once per cell."""

    staff: bool
    rated: str
    unrated: str
    suggestion: str
    area: str
    reason: str
    unknown: str
    edit: str
    rate: str
    demo_badge: SafeString
    rate_url: tuple[str, str, str]  # the rating form's URL around the cluster's slug and the effort's code

    @classmethod
    def of(cls, context) -> _FitPage:
        page = context.render_context.get(cls)
        if page is None:
            before_slug, rest = reverse("collaboration:fit-rate", args=["SLUG", "CODE"]).split("SLUG")
            between, after_code = rest.split("CODE")
            page = context.render_context[cls] = cls(
                staff=bool(context.get("is_staff_member")),
                rated=_("Personalets vurdering"),
                unrated=_("Ikke vurderet"),
                suggestion=_("forslag"),
                area=_("område"),
                reason=_("begrundelse"),
                unknown=_("ukendt"),
                edit=_("ret"),
                rate=_("vurdér"),
                demo_badge=format_html(
                    '<span class="badge badge--demo" title="{}">{}</span>',
                    _("Illustrative demodata – ikke fakta"),
                    _("demo"),
                ),
                rate_url=(before_slug, between, after_code),
            )
        return page


def _points(value: Decimal) -> str:
    return number_format(value, 2)


@register.simple_tag(takes_context=True)
def fit_row(context, row: Row) -> SafeString:
    """One cluster's row of the fit matrix. A page has a few hundred cells; as template markup (translations,
    filters, an include and a URL reversal per cell) they were most of the page's time."""
    page = _FitPage.of(context)
    points = row.footprint_points
    footprint = row.footprint
    figures = (
        number(footprint.nj_members),
        localize(footprint.nj_offices),
        localize(footprint.activities),
        localize(footprint.agreements),
        localize(footprint.survey_partners),
    )
    return format_html(
        '<tr><th scope="row"><a href="{}">{}</a><br><span class="help">{}</span></th>{}{}'
        '<td class="num">{}</td></tr>\n',
        row.cluster.get_absolute_url(),
        row.cluster.name,
        row.cluster.area_da,
        format_html_join(
            "",
            '<td class="num">{}<br><span class="help">+{}</span></td>',
            (
                (figure, _points(points[key].points) if key in points else "")
                for figure, key in zip(figures, FOOTPRINT, strict=True)
            ),
        ),
        SafeString("".join(_fit_cell(page, row, cell) for cell in row.cells)),
        _points(row.average),
    )


def _fit_cell(page: _FitPage, row: Row, cell: Cell) -> SafeString:
    rating, suggestion = cell.rating, cell.suggestion
    if rating:
        score = format_html(
            '<strong class="fit-score" title="{}">{}</strong>{}',
            page.rated,
            rating.score,
            page.demo_badge if rating.is_demo else "",
        )
        who = (
            format_html(
                ' <span class="help">({}, {})</span>',
                rating.rated_by or page.unknown,
                date_format(template_localtime(rating.rated_at), "SHORT_DATE_FORMAT"),
            )
            if page.staff
            else ""
        )
        reason = format_html("<details><summary>{}</summary>{}{}</details>", page.reason, rating.reason, who)
    else:
        score = format_html('<span class="muted" title="{}">–</span>', page.unrated)
        reason = ""
    area = (
        format_html(" · {} +{} »{}«", page.area, _points(suggestion.area_points), suggestion.matched_keyword)
        if suggestion.matched_keyword
        else ""
    )
    link = (
        format_html(
            ' <a class="help" href="{}{}{}{}{}">{}</a>',
            page.rate_url[0],
            row.cluster.slug,
            page.rate_url[1],
            cell.effort.code,
            page.rate_url[2],
            page.edit if rating else page.rate,
        )
        if page.staff
        else ""
    )
    return format_html(
        '<td class="fit-cell">{} <span class="help">{} {}{}</span> {}{}</td>',
        score,
        page.suggestion,
        _points(suggestion.score),
        area,
        reason,
        link,
    )
