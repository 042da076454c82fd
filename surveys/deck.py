"""The meeting pack as an editable PowerPoint deck (python-pptx), for one survey, filter and audience.

Every number comes from the meeting pack's own reads (`dashboard_content`, `key_findings`, the map's table):
the charts are native PowerPoint charts whose data are the pack's chart tables, so they stay editable and
follow the theme. Slides other apps contribute (collaboration's recommendations) come through
`surveys.hooks.deck_slides`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from clusters.charts import coverage_map_picture, map_context
from clusters.geo import ATTRIBUTION
from clusters.selectors_landscape import municipality_coverage
from portal.core.charts import Chart, display_cell
from surveys import hooks
from surveys.dashboard_content import AUDIENCES, dashboard_content
from surveys.disclosure import Disclosure
from surveys.filters_dashboard import DashboardFilterSet
from surveys.models import Survey

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# Thousands separator and no decimals: PowerPoint shows it the Danish way ("1.740") in Danish Office.
COUNT_FORMAT = "#,##0"
CHART_GROUPS = (
    (gettext_lazy("Tilstedeværelse og samarbejdspartnere"), ("presence", "partners")),
    (gettext_lazy("Medlemmer, deltagere og aktivitetstyper"), ("members", "activities")),
    (gettext_lazy("Samarbejdsaftaler og kommuner"), ("agreements_actor", "agreements_municipality")),
)
CLUSTER_LEVEL_CHARTS = ("members_cluster",)  # staff, or a board the survey allows to see clusters' answers
WIDE, HIGH = Inches(13.333), Inches(7.5)
MARGIN, TOP = Inches(0.5), Inches(1.4)
TITLE_ONLY, TITLE_AND_CONTENT, TITLE = 5, 1, 0


def deck_filename(*, survey: Survey, audience: str) -> str:
    return f"{survey.slug}-{audience}-{timezone.localdate().isoformat()}.pptx"


def meeting_pack_deck(
    *, survey: Survey, filterset: DashboardFilterSet, disclosure: Disclosure, audience: str
) -> bytes:
    """The deck of the meeting pack for `audience` ("direktion" or "bestyrelse"), as the .pptx file's bytes."""
    content = dashboard_content(survey=survey, filterset=filterset, disclosure=disclosure)
    clusters = filterset.clusters()
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, HIGH
    _title_slide(deck, survey, str(AUDIENCES[audience]))
    findings = [disclosure.message] if disclosure.refused else content["key_findings"]
    _text_slide(deck, _("Survey: de vigtigste fund"), findings)
    charts = content["chart_map"]
    for title, keys in CHART_GROUPS:
        _chart_slide(deck, str(title), [charts[key] for key in keys if key in charts])
    for key in CLUSTER_LEVEL_CHARTS:
        if key in charts:
            _chart_slide(deck, charts[key].title, [charts[key]])
    coverage = municipality_coverage()
    shown = map_context(coverage, filterset.data)
    _picture_slide(deck, shown["map_chart"].title, coverage_map_picture(coverage, shown["map_measure"]))
    _table_slide(deck, shown["map_chart"])
    for slide in hooks.deck_slides.collect(
        survey=survey, clusters=clusters, disclosure=disclosure, audience=audience
    ):
        _text_slide(deck, slide.title, slide.lines)
    _text_slide(deck, _("Kilder og grundlag"), _source_lines(survey, content, disclosure))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _title_slide(deck, survey: Survey, audience_label: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE])
    slide.shapes.title.text = _("Samarbejde med de nationale klynger")
    slide.placeholders[1].text = "\n".join(
        [
            _("Udpluk fra surveyen »%(title)s« (%(year)s)") % {"title": survey.title, "year": survey.year},
            f"{audience_label} · {date_format(timezone.localdate())}",
        ]
    )


def _text_slide(deck, title: str, lines: Sequence[str]) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = title
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = MARGIN, TOP, WIDE - 2 * MARGIN, HIGH - TOP - MARGIN
    frame = body.text_frame
    size = Pt(18 if len(lines) <= 6 else 14)
    for index, line in enumerate(lines or [_("Ingen tal at vise med de valgte filtre.")]):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = size


def _chart_slide(deck, title: str, charts: Sequence[Chart]) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = title
    width = (WIDE - MARGIN * (len(charts) + 1)) / max(len(charts), 1)
    for index, chart in enumerate(charts):
        left = MARGIN + index * (width + MARGIN)
        _native_chart(slide, chart, left, int(width))


def chart_data(chart: Chart) -> CategoryChartData:
    """The chart's table as PowerPoint chart data: one series per plotted trace, read from the table's
    columns after the label; a cell the audience may not see (text) has no value."""
    data = CategoryChartData(number_format=COUNT_FORMAT)
    data.categories = [display_cell(row[0])[0] for row in chart.rows]
    for column, trace in enumerate(chart.figure["data"], start=1):
        data.add_series(
            trace.get("name") or chart.headers[column],
            [row[column] if _is_number(row[column]) else None for row in chart.rows],
        )
    return data


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _native_chart(slide, chart: Chart, left: int, width: int) -> None:
    data = chart_data(chart)
    shape = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, TOP, width, HIGH - TOP - MARGIN, data)
    native = shape.chart
    native.has_title = True
    native.chart_title.text_frame.text = chart.title
    native.chart_title.text_frame.paragraphs[0].font.size = Pt(14)
    native.category_axis.reverse_order = True  # first row on top, as on the page
    native.category_axis.tick_labels.font.size = Pt(11)
    native.value_axis.tick_labels.number_format = COUNT_FORMAT
    native.value_axis.tick_labels.number_format_is_linked = False
    native.value_axis.has_major_gridlines = False
    plot = native.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = COUNT_FORMAT
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(11)
    native.has_legend = len(chart.figure["data"]) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False


def _picture_slide(deck, title: str, png: bytes) -> None:
    """The map as a picture (the boundaries' attribution beneath it), centred on the slide."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = title
    height = HIGH - TOP - MARGIN - Inches(0.4)
    picture = slide.shapes.add_picture(io.BytesIO(png), MARGIN, TOP, height=height)
    picture.left = int((WIDE - picture.width) / 2)
    note = slide.shapes.add_textbox(MARGIN, TOP + height, WIDE - 2 * MARGIN, Inches(0.4)).text_frame
    note.text = _("Kommunegrænser: © %(source)s.") % {"source": ATTRIBUTION}
    note.paragraphs[0].font.size = Pt(10)


def _table_slide(deck, chart: Chart) -> None:
    """The map's numbers as a native table: every municipality and every measure."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = _("De elleve kommuner")
    rows = chart.display_rows
    table = slide.shapes.add_table(
        len(rows) + 1, len(chart.headers), MARGIN, TOP, WIDE - 2 * MARGIN, Inches(0.4) * (len(rows) + 1)
    ).table
    for column, header in enumerate(chart.headers):
        table.cell(0, column).text = str(header)
    for row_index, row in enumerate(rows, start=1):
        for column, (text, _is_number) in enumerate(row):
            table.cell(row_index, column).text = text
    for row in table.rows:
        for cell in row.cells:
            cell.text_frame.paragraphs[0].font.size = Pt(12)


def _bases(figures: dict) -> list[str]:
    """Who answered, and what the summed figures rest on."""
    lines = [
        _("Grundlag: %(completed)s af %(invited)s inviterede klynger har svaret.")
        % {"completed": figures["completed"].value, "invited": figures["invited"].value}
    ]
    for key in ("members_total", "unique_companies", "participants"):
        lines.append(
            _("%(label)s: oplyst af %(reported)s klynger, heraf %(estimated)s som estimat (minimumstal).")
            % {
                "label": figures[key].label,
                "reported": figures[key].reported_by,
                "estimated": figures[key].estimated_by,
            }
        )
    return lines


def _source_lines(survey: Survey, content: dict, disclosure: Disclosure) -> list[str]:
    data_date = content["data_date"]
    filters = "; ".join(f"{label}: {value}" for label, value in content["active_filters"]) or _("ingen")
    lines = [
        _("Survey: %(title)s (%(year)s)") % {"title": survey.title, "year": survey.year},
        _("Data pr.: %(date)s")
        % {"date": date_format(timezone.localtime(data_date), "DATETIME_FORMAT") if data_date else "–"},
        _("Filtre: %(filters)s") % {"filters": filters},
    ]
    lines += [disclosure.message] if disclosure.refused else _bases(content["figures"])
    lines.append(_("Kommunerne: registrets kontorer, aftaler og aktiviteter for alle nuværende klynger."))
    if survey.is_demo:
        lines.append(_("DEMODATA: svarene er illustrative, ikke rigtige svar."))
    if not disclosure.cluster_level:
        lines.append(_("Bestyrelsens udgave: kun samlede tal, ingen klyngers enkeltsvar."))
    return lines
