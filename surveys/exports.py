"""The survey's Excel summary: the same figures as the dashboard, as real numbers, for one audience.

Sheets: Nøgletal, Klynger, Medlemmer, Aktiviteter, Aftaler, and Svar (cluster-level answers, only for
audiences that may see them), then the sheets other apps add through `surveys.hooks.summary_sheets`
(collaboration's). Rows are generators, so `portal.core.xlsx` streams them in constant memory.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster, DevelopmentStage, EceiLabel, Municipality
from portal.core.xlsx import DECIMAL_1, INTEGER, Column, Formatted, Sheet
from surveys import hooks, selectors
from surveys.charts import is_municipality_option
from surveys.disclosure import Disclosure
from surveys.filters_dashboard import DashboardFilterSet
from surveys.key_figures import survey_numbers
from surveys.models import Answer, AnswerChoice, QuestionType, Response, ResponseStatus, Survey

audit_log = logging.getLogger("portal.audit")


def header_lines(*, survey: Survey, filterset: DashboardFilterSet, disclosure: Disclosure) -> list[str]:
    filters = "; ".join(f"{label}: {value}" for label, value in filterset.active()) or _("ingen")
    lines = [
        f"{survey.title} ({survey.year})",
        _("Filtre: %(filters)s") % {"filters": filters},
        _("Dannet: %(when)s") % {"when": date_format(timezone.localtime(), "DATETIME_FORMAT")},
    ]
    if survey.is_demo:
        lines.append(_("DEMODATA: svarene er illustrative, ikke rigtige svar."))
    if not disclosure.cluster_level:
        lines.append(_("Kun samlede tal; tal, der hviler på færre end 3 klynger, vises som »færre end 3«."))
    return lines


def _key_figure_rows(survey, clusters, disclosure) -> Iterator[list]:
    numbers = survey_numbers(survey=survey, clusters=clusters)
    figures, bases = numbers.figures, numbers.bases
    for key, figure in figures.items():
        number_format = DECIMAL_1 if figure.unit == "%" else INTEGER
        value = disclosure.shown(bases[key], figure.value)
        yield [
            key,
            figure.label,
            Formatted(value, number_format) if isinstance(value, int | float) else value,
            figure.unit,
            figure.reported_by,
            figure.estimated_by,
        ]


def _labels(choices) -> dict[str, str]:
    """Choice labels translated once, not once per row."""
    return {value: str(label) for value, label in choices}


def _cluster_rows(survey, clusters, disclosure) -> Iterator[list]:
    invited = (
        Cluster.objects.filter(survey_responses__survey=survey)
        .only("name", "slug", "area_da", "development_stage", "ecei_label")
        .with_nj_footprint(for_board=not disclosure.cluster_level)
        .order_by("name")
    )
    if clusters is not None:
        invited = invited.filter(pk__in=clusters.values("pk"))
    stages, labels = _labels(DevelopmentStage.choices), _labels(EceiLabel.choices)
    status_labels = _labels(ResponseStatus.choices)
    if disclosure.cluster_level:
        response = Response.objects.filter(survey=survey, cluster=OuterRef("pk"))
        presence = Answer.objects.filter(
            response__survey=survey, response__cluster=OuterRef("pk"), question__code="presence"
        )
        invited = invited.annotate(
            response_status=Subquery(response.values("status")[:1]),
            survey_presence=Subquery(presence.order_by().values("option__label_da")[:1]),
        )
    for cluster in invited.iterator(chunk_size=selectors.CHUNK):
        row = [
            cluster.name,
            cluster.slug,
            cluster.area_da,
            stages.get(cluster.development_stage, ""),
            labels.get(cluster.ecei_label, ""),
            cluster.nj_office_count,
            cluster.nj_members,
        ]
        if disclosure.cluster_level:
            row += [status_labels.get(cluster.response_status, ""), cluster.survey_presence or ""]
        yield row


def _cluster_columns(disclosure) -> list[Column]:
    columns = [
        Column(_("Klynge"), 34),
        Column(_("Kort navn"), 24),
        Column(_("Område"), 24),
        Column(_("Udviklingstrin"), 14),
        Column(_("ECEI-label"), 12),
        Column(_("Kontorer i Nordjylland (register)"), 14, INTEGER),
        Column(_("Medlemmer i Nordjylland (register)"), 14, INTEGER),
    ]
    if disclosure.cluster_level:
        columns += [Column(_("Svarstatus"), 16), Column(_("Tilstedeværelse (survey)"), 22)]
    return columns


def _member_sheet(survey, clusters, disclosure, lines) -> Sheet:
    if not disclosure.cluster_level:
        numbers = survey_numbers(survey=survey, clusters=clusters)
        figures, bases = numbers.figures, numbers.bases
        labels = {
            "members_total": _("I alt"),
            "members_large": _("Over 50 ansatte"),
            "members_small": _("Under 50 ansatte"),
        }
        rows = (
            [
                label,
                disclosure.shown(bases[key], figures[key].value),
                figures[key].reported_by,
                figures[key].estimated_by,
            ]
            for key, label in labels.items()
        )
        columns = [
            Column(_("Størrelse"), 22),
            Column(_("Medlemmer"), 14, INTEGER),
            Column(_("Oplyst af klynger"), 16, INTEGER),
            Column(_("Heraf estimater"), 16, INTEGER),
        ]
        return Sheet(_("Medlemmer"), columns, rows, lines)
    rows = (
        [cluster.name, *(value for answer in answers for value in answer)]
        for cluster, answers in selectors.number_answer_rows(
            survey=survey,
            question_codes=("members_nj", "members_nj_large", "members_nj_small"),
            clusters=clusters,
        )
    )
    columns = [
        Column(_("Klynge"), 34),
        Column(_("Medlemmer i Nordjylland"), 14, INTEGER),
        Column(_("Estimat"), 9),
        Column(_("Over 50 ansatte"), 14, INTEGER),
        Column(_("Estimat"), 9),
        Column(_("Under 50 ansatte"), 14, INTEGER),
        Column(_("Estimat"), 9),
    ]
    return Sheet(_("Medlemmer"), columns, rows, lines)


def _activity_rows(survey, clusters, disclosure) -> Iterator[list]:
    for code, label, count in selectors.option_counts(
        survey=survey, question_code="activity_types", clusters=clusters
    ):
        yield [label, code, disclosure.count(count)]


def _agreement_sheet(survey, clusters, disclosure, lines) -> Sheet:
    if not disclosure.cluster_level:
        counts = selectors.option_counts(survey=survey, question_code="agreements", clusters=clusters)
        rows = (
            [
                label,
                _("Kommune") if is_municipality_option(code) else _("Aktør"),
                disclosure.count(count),
            ]
            for code, label, count in counts
        )
        columns = [
            Column(_("Aftalepart"), 34),
            Column(_("Type"), 12),
            Column(_("Klynger med aftale"), 16, INTEGER),
        ]
        return Sheet(_("Aftaler"), columns, rows, lines)
    municipalities = list(Municipality.objects.order_by("name"))
    rows = (
        [cluster.name, *(1 if held else None for held in chosen), sum(chosen)]
        for cluster, chosen in selectors.municipal_agreement_rows(
            survey=survey, municipalities=municipalities, clusters=clusters
        )
    )
    columns = [
        Column(_("Klynge"), 34),
        *(Column(m.name, 12, INTEGER) for m in municipalities),
        Column(_("Kommuner i alt"), 12, INTEGER),
    ]
    return Sheet(_("Aftaler"), columns, rows, lines)


def _grouped_choices(rows) -> Generator[list[str], int, None]:
    """Send it the multiple-choice answers' ids in stream order; it gives back each one's option labels.

    `rows` are (answer id, label) in the same order as the answers, so one pass over both suffices."""
    stream = rows.iterator(chunk_size=selectors.CHUNK)
    pending = next(stream, None)
    labels: list[str] = []
    while True:
        answer_id = yield labels
        labels = []
        while pending is not None and pending[0] == answer_id:
            labels.append(pending[1])
            pending = next(stream, None)


def answer_rows(*, survey: Survey, clusters: QuerySet[Cluster] | None = None) -> Iterator[list]:
    """One row per cluster and answered question, streamed from the database in chunks."""
    answers = Answer.objects.filter(response__survey=survey)
    choices = AnswerChoice.objects.filter(answer__response__survey=survey)
    if clusters is not None:
        answers = answers.filter(response__cluster__in=clusters)
        choices = choices.filter(answer__response__cluster__in=clusters)
    # Answers and their chosen options are read in the same order (cluster, question, answer) and merged
    # as they stream, so memory stays flat however many answers there are.
    order = ("response__cluster__name", "question__section__order", "question__order", "pk")
    chosen = _grouped_choices(
        choices.order_by(
            *(f"answer__{field}" for field in order[:-1]), "answer_id", "option__order"
        ).values_list("answer_id", "option__label_da")
    )
    next(chosen)
    status_labels = _labels(ResponseStatus.choices)
    rows = answers.order_by(*order).values_list(
        "pk",
        "response__cluster__slug",
        "response__cluster__name",
        "response__status",
        "question__code",
        "question__text_da",
        "question__type",
        "value_bool",
        "value_int",
        "value_text",
        "option__label_da",
        "is_estimate",
    )
    yes, no = _("ja"), _("nej")
    for (
        pk,
        slug,
        name,
        status,
        code,
        text,
        kind,
        value_bool,
        value_int,
        value_text,
        option,
        estimate,
    ) in rows.iterator(chunk_size=selectors.CHUNK):
        if kind == QuestionType.YES_NO:
            shown = "" if value_bool is None else (yes if value_bool else no)
        elif kind == QuestionType.MULTIPLE_CHOICE:
            shown = ", ".join(chosen.send(pk))
        else:
            shown = option or value_text or ""
        yield [
            slug,
            name,
            str(status_labels.get(status, status)),
            code,
            text,
            shown,
            value_int,
            yes if estimate else "",
        ]


ANSWER_COLUMNS = (
    Column(gettext_lazy("Klynge (kort navn)"), 24),
    Column(gettext_lazy("Klynge"), 30),
    Column(gettext_lazy("Svarstatus"), 14),
    Column(gettext_lazy("Spørgsmål (kode)"), 20),
    Column(gettext_lazy("Spørgsmål"), 60),
    Column(gettext_lazy("Svar"), 40),
    Column(gettext_lazy("Tal"), 12, INTEGER),
    Column(gettext_lazy("Estimat"), 9),
)


def summary_sheets(
    *, survey: Survey, filterset: DashboardFilterSet, disclosure: Disclosure
) -> Iterator[Sheet]:
    """The workbook's sheets in order; each sheet's rows are read only when it is written."""
    clusters = filterset.clusters()
    lines = header_lines(survey=survey, filterset=filterset, disclosure=disclosure)
    yield Sheet(
        _("Nøgletal"),
        [
            Column(_("Nøgle"), 34),
            Column(_("Betegnelse"), 40),
            Column(_("Værdi"), 14, INTEGER),
            Column(_("Enhed"), 8),
            Column(_("Oplyst af"), 12, INTEGER),
            Column(_("Heraf estimater"), 14, INTEGER),
        ],
        _key_figure_rows(survey, clusters, disclosure),
        lines,
    )
    yield Sheet(
        _("Klynger"), _cluster_columns(disclosure), _cluster_rows(survey, clusters, disclosure), lines
    )
    yield _member_sheet(survey, clusters, disclosure, lines)
    yield Sheet(
        _("Aktiviteter"),
        [Column(_("Aktivitetstype"), 40), Column(_("Kode"), 16), Column(_("Klynger"), 12, INTEGER)],
        _activity_rows(survey, clusters, disclosure),
        lines,
    )
    yield _agreement_sheet(survey, clusters, disclosure, lines)
    if disclosure.cluster_level:
        yield Sheet(_("Svar"), ANSWER_COLUMNS, answer_rows(survey=survey, clusters=clusters), lines)
    for sheets in hooks.summary_sheets.collect(
        survey=survey, clusters=clusters, lines=lines, disclosure=disclosure
    ):
        yield from sheets


def summary_log(*, survey: Survey, actor: str, disclosure: Disclosure, filterset: DashboardFilterSet) -> None:
    """Exports holding cluster-level answers are logged for the audit trail."""
    if disclosure.cluster_level:
        audit_log.info(
            "survey export with cluster-level answers survey=%s user=%s filters=%s",
            survey.slug,
            actor,
            dict(filterset.active()),
        )
