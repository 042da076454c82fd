"""The survey dashboard's charts, built from `surveys.key_figures` and `surveys.selectors` output as plain
plotly dicts.

What an audience may see is decided by `surveys.disclosure` before a chart is built: cluster-level charts
are only built for audiences that may see them, and a refused filter gets no charts at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from clusters.models import Municipality
from portal.core.charts import Chart, bar_figure, heatmap_figure, stacked_bar_figure, trend_figure
from surveys.dashboard import HISTORY_KEYS
from surveys.key_figures import KeyFigure
from surveys.selectors import ClusterMembers

OptionCounts = Sequence[tuple[str, str, int]]
# A chart is read, not scrolled: cluster-level charts show at most this many clusters (Excel has them all).
MAX_CLUSTER_ROWS = 40
WIDE = {"wide": True}  # one chart per row: a name per cluster down the side, a municipality per column


def _capped_note(total: int) -> str:
    if total <= MAX_CLUSTER_ROWS:
        return ""
    return _("Viser de %(shown)s største af %(total)s klynger; alle står i Excel-opsummeringen.") % {
        "shown": MAX_CLUSTER_ROWS,
        "total": total,
    }


def _counted_chart(
    key: str,
    title: str,
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    value_title: str,
    link: str = "",
    note: str = "",
) -> Chart:
    return Chart(
        key=key,
        title=title,
        figure=bar_figure(labels, counts, value_title=value_title),
        headers=("", value_title),
        rows=list(zip(labels, counts, strict=True)),
        link=link,
        note=note,
    )


def option_chart(key: str, title: str, counts: OptionCounts, *, link: str = "", note: str = "") -> Chart:
    """Clusters choosing each option of a question (one bar per option, zeros included), most chosen first."""
    ranked = sorted(counts, key=lambda row: -row[2])
    return _counted_chart(
        key,
        title,
        [label for _code, label, _count in ranked],
        [count for _code, _label, count in ranked],
        value_title=_("Klynger"),
        link=link,
        note=note,
    )


def is_municipality_option(code: str) -> bool:
    return code.isdigit()  # municipalities are options coded by kommunekode, e.g. 851


def agreements_by_actor_chart(counts: OptionCounts, *, link: str = "") -> Chart:
    return option_chart(
        "agreements-actor",
        _("Samarbejdsaftaler pr. aktør"),
        [row for row in counts if not is_municipality_option(row[0])],
        link=link,
    )


def agreements_by_municipality_chart(counts: OptionCounts, *, link: str = "") -> Chart:
    return option_chart(
        "agreements-municipality",
        _("Samarbejdsaftaler pr. kommune"),
        [row for row in counts if is_municipality_option(row[0])],
        link=link,
    )


def response_status_chart(counts: Sequence[tuple[str, int]]) -> Chart:
    return _counted_chart(
        "status",
        _("Svarstatus"),
        [label for label, _count in counts],
        [count for _label, count in counts],
        value_title=_("Klynger"),
    )


def members_chart(figures: dict[str, KeyFigure], *, link: str = "") -> Chart:
    """Members in North Jutland by size band (sums of the reported numbers)."""
    keys = ("members_large", "members_small", "members_total")
    labels = [_("Over 50 ansatte"), _("Under 50 ansatte"), _("I alt")]
    shown = [figures[key].value for key in keys]
    figure = bar_figure(labels, [value or 0 for value in shown], value_title=_("Medlemmer"))
    return Chart(
        key="members",
        title=_("Medlemmer i Nordjylland efter størrelse"),
        figure=figure,
        headers=(_("Størrelse"), _("Medlemmer"), _("Oplyst af klynger"), _("Heraf estimater")),
        rows=[
            (label, value, figures[key].reported_by, figures[key].estimated_by)
            for label, value, key in zip(labels, shown, keys, strict=True)
        ],
        link=link,
        note=_("Summen af de tal, klyngerne har oplyst; nogle er estimater, så tallene er minimumstal."),
    )


def members_by_cluster_chart(largest: Sequence[ClusterMembers], total: int) -> Chart:
    """Cluster-level: the largest responding clusters' members by size band (staff, or a board allowed to);
    `total` is how many clusters responded."""
    rows = [(row.name, row.large, row.small, row.is_estimate) for row in largest]
    names = [row[0] for row in rows]
    figure = stacked_bar_figure(
        names,
        [(_("Over 50 ansatte"), [row[1] for row in rows]), (_("Under 50 ansatte"), [row[2] for row in rows])],
        value_title=_("Medlemmer"),
    )
    return Chart(
        key="members-cluster",
        title=_("Medlemmer i Nordjylland pr. klynge"),
        figure=figure,
        headers=(_("Klynge"), _("Over 50 ansatte"), _("Under 50 ansatte"), _("Estimat")),
        rows=rows,
        note=_capped_note(total),
        meta=WIDE,
    )


def agreement_matrix_chart(
    largest: Sequence[tuple[str, set[int]]], total: int, municipalities: Sequence[Municipality]
) -> Chart:
    """Cluster-level: which of the clusters with most agreements has one with which municipality; `largest`
    holds each cluster's name and its municipalities' ids, `total` how many clusters responded."""
    names = [municipality.name for municipality in municipalities]
    matrix = [
        [int(municipality.pk in chosen) for municipality in municipalities] for _name, chosen in largest
    ]
    cluster_names = [name for name, _chosen in largest]
    return Chart(
        key="agreement-matrix",
        title=_("Samarbejdsaftaler: klynge × kommune"),
        figure=heatmap_figure(names, cluster_names, matrix, value_title=_("aftale")),
        headers=(_("Klynge"), *names),
        rows=[
            (name, *(("✓" if cell else "") for cell in row))
            for name, row in zip(cluster_names, matrix, strict=True)
        ],
        note=" ".join(
            filter(
                None,
                [_("Mørk celle: klyngen har oplyst en samarbejdsaftale med kommunen."), _capped_note(total)],
            )
        ),
        meta=WIDE,
    )


def waves_chart(history: Sequence[tuple[int, dict[str, KeyFigure]]]) -> Chart:
    """The headline counts of every completed wave (oldest first), with the same filters."""
    keys = HISTORY_KEYS
    years = [str(year) for year, _figures in history]
    labels = [history[-1][1][key].label for key in keys]
    shown = [[figures[key].value for _year, figures in history] for key in keys]
    series = list(zip(labels, shown, strict=True))
    return Chart(
        key="waves",
        title=_("Hovedtal over alle runder"),
        figure=trend_figure(years, series, value_title=_("Klynger")),
        headers=(_("Nøgletal"), *years),
        rows=[(label, *values) for label, values in zip(labels, shown, strict=True)],
        note=_("Samme filtre i alle runder; kun gennemførte besvarelser."),
    )
