"""The survey's Excel summary: the same figures as the dashboard, as real numbers, for one audience.

Sheets: Nøgletal, Klynger, Medlemmer, Aktiviteter, Aftaler, and Svar (cluster-level answers, only for
audiences that may see them), then the sheets other apps add through `surveys.hooks.summary_sheets`
(collaboration's). Rows are generators, so `portal.core.xlsx` streams them in constant memory.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator
from itertools import groupby
from operator import itemgetter

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster, DevelopmentStage, EceiLabel, Municipality
from portal.core.xlsx import INTEGER, PERCENT_1, Column, Formatted, Sheet
from surveys import hooks, selectors
from surveys.charts import is_municipality_option
from surveys.disclosure import Disclosure
from surveys.filters_dashboard import DashboardFilterSet
from surveys.key_figures import KeyFigure, key_figures
from surveys.models import Answer, AnswerChoice, Question, QuestionType, Response, ResponseStatus, Survey

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
        lines.append(_("Kun samlede tal; klyngernes egne svar vises ikke."))
    if disclosure.refused:
        lines.append(disclosure.message)
    return lines


def _key_figure_value(figure: KeyFigure) -> Formatted | None:
    """A percentage as a real fraction (92.3 % is 0.923) formatted as one; counts as integers."""
    if figure.value is None:
        return None
    if figure.unit == "%":
        return Formatted(round(figure.value / 100, 4), PERCENT_1)
    return Formatted(figure.value, INTEGER)


def _key_figure_rows(survey, clusters) -> Iterator[list]:
    for key, figure in key_figures(survey=survey, clusters=clusters).items():
        yield [
            figure.label,
            _key_figure_value(figure),
            figure.unit,
            figure.reported_by,
            figure.estimated_by,
            key,
        ]


KEY_FIGURE_COLUMNS = (
    Column(gettext_lazy("Nøgletal"), 44),
    Column(gettext_lazy("Værdi"), 14),
    Column(gettext_lazy("Enhed"), 8),
    Column(gettext_lazy("Grundlag (klynger, der svarede)"), 16, INTEGER),
    Column(gettext_lazy("Heraf estimater"), 14, INTEGER),
    Column(gettext_lazy("Kode"), 34),
)


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
        figures = key_figures(survey=survey, clusters=clusters)
        labels = {
            "members_total": _("I alt"),
            "members_large": _("Over 50 ansatte"),
            "members_small": _("Under 50 ansatte"),
        }
        rows = (
            [
                label,
                figures[key].value,
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


def _activity_rows(survey, clusters) -> Iterator[list]:
    for code, label, count in selectors.option_counts(
        survey=survey, question_code="activity_types", clusters=clusters
    ):
        yield [label, count, code]


def _agreement_sheet(survey, clusters, disclosure, lines) -> Sheet:
    if not disclosure.cluster_level:
        counts = selectors.option_counts(survey=survey, question_code="agreements", clusters=clusters)
        rows = (
            [
                label,
                _("Kommune") if is_municipality_option(code) else _("Aktør"),
                count,
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


def _questions(survey: Survey) -> list[tuple[str, str, str]]:
    """(code, Danish text, type) of the survey's questions in questionnaire order."""
    return list(
        Question.objects.filter(questionnaire_id=survey.questionnaire_id)
        .order_by("section__order", "order", "pk")
        .values_list("code", "text_da", "type")
    )


def _answer_stream(survey: Survey, clusters: QuerySet[Cluster] | None) -> Iterator[tuple]:
    """(cluster slug, name, status, question code, answer as text, number, estimate) per answer, in cluster
    order, streamed from the database in chunks."""
    answers = Answer.objects.filter(response__survey=survey)
    choices = AnswerChoice.objects.filter(answer__response__survey=survey)
    if clusters is not None:
        answers = answers.filter(response__cluster__in=clusters)
        choices = choices.filter(answer__response__cluster__in=clusters)
    # Answers and their chosen options are read in the same order (cluster, question, answer) and merged
    # as they stream, so memory stays flat however many answers there are.
    order = (
        "response__cluster__name",
        "response__cluster_id",
        "question__section__order",
        "question__order",
        "pk",
    )
    chosen = _grouped_choices(
        choices.order_by(
            *(f"answer__{field}" for field in order[:-1]), "answer_id", "option__order"
        ).values_list("answer_id", "option__label_da")
    )
    next(chosen)
    rows = answers.order_by(*order).values_list(
        "pk",
        "response__cluster__slug",
        "response__cluster__name",
        "response__status",
        "question__code",
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
        yield slug, name, status, code, shown, value_int, estimate


def answer_rows(
    *, survey: Survey, questions: list[tuple[str, str, str]], clusters: QuerySet[Cluster] | None = None
) -> Iterator[list]:
    """One row per cluster: name, short name, status, one cell per question in `questions`' order (numbers
    as numbers), and the codes of the numbers given as estimates. Memory holds one cluster's answers."""
    position = {code: index for index, (code, _text, _kind) in enumerate(questions)}
    integers = {code for code, _text, kind in questions if kind == QuestionType.INTEGER}
    status_labels = _labels(ResponseStatus.choices)
    for (slug, name, status), answers in groupby(_answer_stream(survey, clusters), key=itemgetter(0, 1, 2)):
        cells: list = [None] * len(questions)
        estimates = []
        for _slug, _name, _status, code, shown, number, estimate in answers:
            if code not in position:
                continue
            if code in integers:
                cells[position[code]] = number
            elif shown:
                previous = cells[position[code]]
                cells[position[code]] = f"{previous}, {shown}" if previous else shown
            if estimate:
                estimates.append(code)
        yield [name, slug, status_labels.get(status, status), *cells, ", ".join(estimates)]


def answer_columns(questions: list[tuple[str, str, str]]) -> list[Column]:
    """The Svar sheet's columns: Danish headers, each question's code in the second header row."""
    return [
        Column(_("Klynge"), 30, code="cluster"),
        Column(_("Kort navn"), 24, code="slug"),
        Column(_("Svarstatus"), 14, code="status"),
        *(
            Column(text, 14, INTEGER, code=code)
            if kind == QuestionType.INTEGER
            else Column(text, 30, code=code)
            for code, text, kind in questions
        ),
        Column(_("Estimater"), 24, code="estimates"),
    ]


def _survey_sheets(survey, clusters, disclosure, lines) -> Iterator[Sheet]:
    """The sheets built from the answers."""
    yield Sheet(_("Nøgletal"), KEY_FIGURE_COLUMNS, _key_figure_rows(survey, clusters), lines)
    yield _member_sheet(survey, clusters, disclosure, lines)
    yield Sheet(
        _("Aktiviteter"),
        [Column(_("Aktivitetstype"), 40), Column(_("Klynger"), 12, INTEGER), Column(_("Kode"), 16)],
        _activity_rows(survey, clusters),
        lines,
    )
    yield _agreement_sheet(survey, clusters, disclosure, lines)
    if disclosure.cluster_level:
        questions = _questions(survey)
        rows = answer_rows(survey=survey, questions=questions, clusters=clusters)
        yield Sheet(_("Svar"), answer_columns(questions), rows, lines)


def _refused_sheets(lines: list[str], message: str) -> list[Sheet]:
    """The answers' sheets with the refusal in place of every number (surveys.disclosure)."""
    titles = (_("Nøgletal"), _("Medlemmer"), _("Aktiviteter"), _("Aftaler"))
    return [Sheet(title, [Column(_("Besked"), 60)], [[message]], lines) for title in titles]


def summary_sheets(
    *, survey: Survey, filterset: DashboardFilterSet, disclosure: Disclosure
) -> Iterator[Sheet]:
    """The workbook's sheets in order; each sheet's rows are read only when it is written. Audiences
    without cluster-level answers get the registry sheets unfiltered: a filter on an answer (presence)
    would otherwise attach that answer to the clusters listed."""
    clusters = filterset.clusters()
    registry_clusters = clusters if disclosure.cluster_level else None
    lines = header_lines(survey=survey, filterset=filterset, disclosure=disclosure)
    if disclosure.refused:
        survey_sheets = _refused_sheets(lines, disclosure.message)
    else:
        survey_sheets = list(_survey_sheets(survey, clusters, disclosure, lines))
    yield survey_sheets[0]
    yield Sheet(
        _("Klynger"),
        _cluster_columns(disclosure),
        _cluster_rows(survey, registry_clusters, disclosure),
        lines,
    )
    yield from survey_sheets[1:]
    for sheets in hooks.summary_sheets.collect(
        survey=survey, clusters=registry_clusters, lines=lines, disclosure=disclosure
    ):
        yield from sheets


def summary_filename(*, survey: Survey, disclosure: Disclosure) -> str:
    """E.g. klyngesurvey-2023-bestyrelse-2026-12-01.xlsx: survey, edition and date."""
    return f"{survey.slug}-{disclosure.edition}-{timezone.localdate().isoformat()}.xlsx"


def summary_log(*, survey: Survey, actor: str, disclosure: Disclosure, filterset: DashboardFilterSet) -> None:
    """Exports holding cluster-level answers are logged for the audit trail."""
    if disclosure.cluster_level:
        audit_log.info(
            "survey export with cluster-level answers survey=%s user=%s filters=%s",
            survey.slug,
            actor,
            dict(filterset.active()),
        )
