"""Template tags of the collaboration pages.

`cluster_collaboration` reads the cluster profile's collaboration section, so the clusters app needs no import
of collaboration (whose selectors build on the clusters app's). `fit_row` renders one row of the fit matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import date_format, localize, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from collaboration.selectors import Cell, CoverageCell, Row
from collaboration.selectors import cluster_collaboration as read_cluster_collaboration
from portal.templatetags.portal_tags import number

register = template.Library()

FOOTPRINT = ("members", "offices", "activities", "agreements", "survey")


@register.simple_tag(takes_context=True)
def cluster_collaboration(context, cluster) -> dict:
    return read_cluster_collaboration(cluster=cluster, user=context["request"].user)


@dataclass
class _FitPage:
    """What every cell of a fit matrix page shares, made once per page instead of once per cell: the translated
    words (escaped), the rating form's URL around the cluster's slug and the effort's code, formatted numbers."""

    staff: bool
    words: dict[str, str]
    demo_badge: str
    rate_url: tuple[str, str, str]
    formatted: dict[Decimal, str] = field(default_factory=dict)

    @classmethod
    def of(cls, context) -> _FitPage:
        page = context.render_context.get(cls)
        if page is None:
            before_slug, rest = reverse("collaboration:fit-rate", args=["SLUG", "CODE"]).split("SLUG")
            between, after_code = rest.split("CODE")
            words = {
                "rated": _("Personalets vurdering"),
                "unrated": _("Ikke vurderet"),
                "suggestion": _("forslag"),
                "area": _("område"),
                "reason": _("begrundelse"),
                "unknown": _("ukendt"),
                "edit": _("ret"),
                "rate": _("vurdér"),
            }
            page = context.render_context[cls] = cls(
                staff=bool(context.get("is_staff_member")),
                words={key: escape(word) for key, word in words.items()},
                demo_badge=format_html(
                    '<span class="badge badge--demo" title="{}">{}</span>',
                    _("Illustrative demodata – ikke fakta"),
                    _("demo"),
                ),
                rate_url=(before_slug, between, after_code),
            )
        return page

    def points(self, value: Decimal) -> str:
        """A score or points with two decimals, as the locale writes them (2,07)."""
        if value not in self.formatted:
            self.formatted[value] = number_format(value, 2)
        return self.formatted[value]


@register.simple_tag(takes_context=True)
def fit_row(context, row: Row) -> SafeString:
    """One cluster's row of the fit matrix. A page has a few hundred cells; as template markup (translations,
    filters, an include and a URL reversal per cell) they were most of the page's time, so the row is built
    here, escaping every text that comes from the data."""
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
    footprint_cells = "".join(
        f'<td class="num">{figure}<br><span class="help">+{page.points(points[key].points) if key in points else ""}'
        "</span></td>"
        for figure, key in zip(figures, FOOTPRINT, strict=True)
    )
    cells = "".join(_fit_cell(page, row.cluster.slug, cell) for cell in row.cells)
    return mark_safe(
        f'<tr><th scope="row"><a href="{escape(row.cluster.get_absolute_url())}">{escape(row.cluster.name)}</a>'
        f'<br><span class="help">{escape(row.cluster.area_da)}</span></th>{footprint_cells}{cells}'
        f'<td class="num">{page.points(row.average)}</td></tr>\n'
    )


def _fit_cell(page: _FitPage, slug: str, cell: Cell) -> str:
    rating, suggestion, words = cell.rating, cell.suggestion, page.words
    if rating:
        demo = page.demo_badge if rating.is_demo else ""
        score = f'<strong class="fit-score" title="{words["rated"]}">{rating.score}</strong>{demo}'
        who = ""
        if page.staff:
            rated_by = escape(rating.rated_by) if rating.rated_by else words["unknown"]
            rated_on = escape(date_format(template_localtime(rating.rated_at), "SHORT_DATE_FORMAT"))
            who = f' <span class="help">({rated_by}, {rated_on})</span>'
        reason = f"<details><summary>{words['reason']}</summary>{escape(rating.reason)}{who}</details>"
    else:
        score = f'<span class="muted" title="{words["unrated"]}">–</span>'
        reason = ""
    area = ""
    if suggestion.matched_keyword:
        area = f" · {words['area']} +{page.points(suggestion.area_points)} »{escape(suggestion.matched_keyword)}«"
    link = ""
    if page.staff:
        before_slug, between, after_code = page.rate_url
        url = escape(f"{before_slug}{slug}{between}{cell.effort.code}{after_code}")
        link = f' <a class="help" href="{url}">{words["edit"] if rating else words["rate"]}</a>'
    return (
        f'<td class="fit-cell">{score} <span class="help">{words["suggestion"]} {page.points(suggestion.score)}'
        f"{area}</span> {reason}{link}</td>"
    )


@dataclass(frozen=True)
class _CoveragePage:
    """The words every cell of a coverage page shares, translated and escaped once per page."""

    nothing: str
    offices: str
    members: str
    activities: str
    agreements: str

    @classmethod
    def of(cls, context) -> _CoveragePage:
        page = context.render_context.get(cls)
        if page is None:
            words = (_("intet"), _("kontorer"), _("medlemmer"), _("aktiviteter"), _("aftaler"))
            page = context.render_context[cls] = cls(*(escape(word) for word in words))
        return page


@register.simple_tag(takes_context=True)
def coverage_row(context, cluster, cells: list[CoverageCell]) -> SafeString:
    """One cluster's row of the coverage matrix: built here for the same reason as `fit_row`."""
    page = _CoveragePage.of(context)
    return mark_safe(
        f'<tr><th scope="row"><a href="{escape(cluster.get_absolute_url())}">{escape(cluster.name)}</a></th>'
        f"{''.join(_coverage_cell(page, cell) for cell in cells)}</tr>\n"
    )


def _coverage_cell(page: _CoveragePage, cell: CoverageCell) -> str:
    if cell.is_empty:
        return f'<td class="coverage-cell coverage-cell--empty"><span class="visually-hidden">{page.nothing}</span></td>'
    html = ""
    if cell.offices:
        html += f'<abbr title="{page.offices}">K</abbr> {localize(cell.offices)}<br>'
    if cell.members:
        estimate = "~" if cell.members_estimate else ""
        html += f'<abbr title="{page.members}">M</abbr> {estimate}{number(cell.members)}<br>'
    if cell.activities:
        html += f'<abbr title="{page.activities}">A</abbr> {localize(cell.activities)}<br>'
    if cell.agreements:
        html += f'<abbr title="{page.agreements}">Af</abbr> {localize(cell.agreements)}'
    return f'<td class="coverage-cell">{html}</td>'
