"""The collaboration sheets of the Excel summary: models, fit matrix, agreements and KPIs, as plain rows.

`collaboration_sheets` returns `portal.core.xlsx.Sheet`s; the survey summary export appends them, and the
same writer makes every text cell formula-safe. The interaction log and who rated what stay out: the
summary goes to the board.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from clusters.models import Cluster
from collaboration import selectors_fit
from collaboration.models import Agreement, CollaborationModel, Kpi, Measurement
from collaboration.scoring import COMPONENTS, DEFAULT_WEIGHTS
from collaboration.selectors import kpi_progress
from portal.core.xlsx import DATE, DECIMAL_1, INTEGER, Column, Sheet
from surveys.dashboard import latest_survey
from surveys.models import Survey

DECIMAL_2 = "#,##0.00"
# Agreements and KPIs are read this many at a time (with their prefetched parties and measurements), so the
# sheets stream in bounded memory however many there are.
CHUNK = 200
AGREEMENT_FIELDS = (
    "title",
    "status",
    "model",
    "start_date",
    "end_date",
    "budget_dkk",
    "cofunding_dkk",
    "is_demo",
)
PARTIES = ("clusters", "actors", "municipalities")


def _model_rows() -> Iterator[list]:
    for model in CollaborationModel.objects.order_by("position", "name"):
        yield [
            model.position,
            model.name,
            model.description,
            model.requirements,
            model.experience,
            model.risks,
            model.source,
        ]


def _fit_rows(clusters: QuerySet[Cluster] | None, survey: Survey | None, for_board: bool) -> Iterator[list]:
    rows = selectors_fit.fit_rows_by_name(
        weights=DEFAULT_WEIGHTS, clusters=clusters, survey=survey, for_board=for_board
    )
    # An effort's name is a translated field, looked up anew on each read: once per effort, not per row.
    effort_names: dict[int, str] = {}
    for row in rows:
        # A row's cells differ only in whether the area matches, so its points are worked out at most twice.
        points: dict[bool, list[Decimal]] = {}
        for cell in row.cells:
            rating, suggestion = cell.rating, cell.suggestion
            area = bool(suggestion.matched_keyword)
            if area not in points:
                points[area] = [part.points for part in suggestion.parts]
            if cell.effort.pk not in effort_names:
                effort_names[cell.effort.pk] = cell.effort.name
            yield [
                row.cluster.name,
                effort_names[cell.effort.pk],
                rating.score if rating else None,
                rating.reason if rating else "",
                suggestion.score,
                *points[area],
                bool(rating and rating.is_demo),
            ]


def _agreements(clusters: QuerySet[Cluster] | None) -> QuerySet[Agreement]:
    agreements = Agreement.objects.select_related("model").order_by("-start_date", "title")
    if clusters is not None:
        agreements = agreements.filter(clusters__in=clusters).distinct()
    return agreements


def _party_names(agreement_ids: list[int]) -> list[dict[int, str]]:
    """Per kind of party (clusters, actors, municipalities), each agreement's party names in name order.

    Read as plain (agreement, name) pairs, one query per kind: prefetching built a model instance and a
    related manager per party, three quarters of the sheet's time."""
    names = []
    for field in PARTIES:
        links = getattr(Agreement, field).through.objects.filter(agreement_id__in=agreement_ids)
        party = Agreement._meta.get_field(field).m2m_reverse_field_name()  # "cluster", "actor", ...
        by_agreement = defaultdict(list)
        for agreement_id, name in links.order_by(f"{party}__name", party).values_list(
            "agreement_id", f"{party}__name"
        ):
            by_agreement[agreement_id].append(name)
        names.append({agreement_id: ", ".join(found) for agreement_id, found in by_agreement.items()})
    return names


def _agreement_rows(clusters: QuerySet[Cluster] | None) -> Iterator[list]:
    # The model's name in every language: its translated `name` reads the current one and falls back to
    # Danish, and a deferred one would cost a query per agreement.
    names = [f"model__name_{code}" for code, _label in settings.LANGUAGES]
    agreements = _agreements(clusters).only(*AGREEMENT_FIELDS, *names).iterator(chunk_size=CHUNK)
    while chunk := list(islice(agreements, CHUNK)):
        clusters_of, actors_of, municipalities_of = _party_names([agreement.pk for agreement in chunk])
        for agreement in chunk:
            yield [
                agreement.title,
                agreement.get_status_display(),
                str(agreement.model or ""),
                clusters_of.get(agreement.pk, ""),
                actors_of.get(agreement.pk, ""),
                municipalities_of.get(agreement.pk, ""),
                agreement.start_date,
                agreement.end_date,
                agreement.budget_dkk,
                agreement.cofunding_dkk,
                agreement.is_demo,
            ]


def _kpi_rows(clusters: QuerySet[Cluster] | None) -> Iterator[list]:
    kpis = (
        Kpi.objects.filter(goal__agreement__in=_agreements(clusters))
        .select_related("goal__agreement")
        .order_by("goal__agreement__title", "goal__pk", "pk")
        .iterator(chunk_size=CHUNK)
    )
    # Measurements are read per chunk by hand: prefetching them would tie each KPI and its measurements in
    # reference cycles, which only the garbage collector's rare full runs free, so memory grew with the data.
    while chunk := list(islice(kpis, CHUNK)):
        measured = defaultdict(list)
        for measurement in Measurement.objects.filter(kpi__in=chunk).order_by("measured_on"):
            measured[measurement.kpi_id].append(measurement)
        for kpi in chunk:
            yield _kpi_row(kpi, measured[kpi.pk])


def _kpi_row(kpi: Kpi, measurements: list[Measurement]) -> list:
    progress = kpi_progress(kpi=kpi, measurements=measurements)
    return [
        kpi.goal.agreement.title,
        kpi.goal.title,
        kpi.name,
        kpi.unit,
        kpi.baseline,
        kpi.target,
        progress.latest.value if progress.latest else None,
        progress.latest.measured_on if progress.latest else None,
        progress.percent,
        progress.note,
        kpi.get_frequency_display(),
        kpi.goal.agreement.is_demo,
    ]


def collaboration_sheets(
    *,
    clusters: QuerySet[Cluster] | None = None,
    survey: Survey | None = None,
    lines=(),
    disclosure=None,
    **_context,
) -> list[Sheet]:
    """The four collaboration sheets, narrowed to `clusters` when given (the dashboard's filter).

    The fit sheet's survey component comes from `survey` (the exported survey), else the newest one.
    """
    survey = survey or latest_survey()
    weights = ", ".join(f"{c.label} {DEFAULT_WEIGHTS[c.key]}" for c in COMPONENTS)
    fit_lines = [*lines, _("Forslag med standardvægte: %(weights)s") % {"weights": weights}]
    if survey is not None:
        fit_lines.append(_("Surveydelen bygger på %(survey)s") % {"survey": survey})
    return [
        Sheet(
            _("Samarbejdsmodeller"),
            [
                Column(_("Nr."), 6, INTEGER),
                Column(_("Model"), 40),
                Column(_("Beskrivelse"), 60),
                Column(_("Hvad det kræver"), 60),
                Column(_("Erfaringer"), 24),
                Column(_("Risici"), 60),
                Column(_("Kilde"), 30),
            ],
            _model_rows(),
            lines,
        ),
        Sheet(
            _("Match med strategien"),
            # Only the suggested score gets a number format: numbers on the 0-3 scale need no thousands
            # separator, Excel's General format shows their decimal comma as is, and a styled cell costs
            # openpyxl twice a plain one (this sheet has a row per cluster and effort).
            [
                Column(_("Klynge"), 32),
                Column(_("Indsats"), 30),
                Column(_("Vurdering (0-3)"), 12),
                Column(_("Begrundelse"), 50),
                Column(_("Forslag (0-3)"), 12, DECIMAL_2),
                *(Column(str(c.label), 12) for c in COMPONENTS),
                Column(_("Demo"), 8),
            ],
            _fit_rows(clusters, survey, for_board=disclosure is not None and not disclosure.cluster_level),
            fit_lines,
        ),
        Sheet(
            _("Samarbejdsaftaler"),
            [
                Column(_("Aftale"), 40),
                Column(_("Status"), 14),
                Column(_("Model"), 30),
                Column(_("Klynger"), 30),
                Column(_("Øvrige parter"), 30),
                Column(_("Kommuner"), 30),
                Column(_("Start"), 12, DATE),
                Column(_("Slut"), 12, DATE),
                Column(_("Budget (kr.)"), 14, INTEGER),
                Column(_("Medfinansiering (kr.)"), 14, INTEGER),
                Column(_("Demo"), 8),
            ],
            _agreement_rows(clusters),
            lines,
        ),
        Sheet(
            _("KPI'er"),
            [
                Column(_("Aftale"), 40),
                Column(_("Mål"), 30),
                Column(_("KPI"), 30),
                Column(_("Enhed"), 14),
                Column(_("Udgangspunkt"), 12, DECIMAL_2),
                Column(_("Mål (værdi)"), 12, DECIMAL_2),
                Column(_("Seneste"), 12, DECIMAL_2),
                Column(_("Målt"), 12, DATE),
                Column(_("Fremdrift (%)"), 12, DECIMAL_1),
                Column(_("Note"), 30),
                Column(_("Opfølgning"), 14),
                Column(_("Demo"), 8),
            ],
            _kpi_rows(clusters),
            lines,
        ),
    ]
