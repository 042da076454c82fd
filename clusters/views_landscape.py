"""The landscape dashboard: the registry's picture of the clusters and their North Jutland coverage."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusters import charts
from clusters.models import Cluster, ProgrammePeriod
from clusters.selectors_footprint import region_footprint
from clusters.selectors_landscape import (
    landscape_clusters,
    landscape_period,
    municipality_coverage,
    registry_ranges,
)
from portal.core.permissions import ANY_ROLE, allow


@allow(ANY_ROLE)
def landscape(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("period", "")
    period = landscape_period(asked)
    clusters = landscape_clusters(period=period)
    coverage = municipality_coverage()
    return render(
        request,
        "clusters/landscape.html",
        {
            "period": period,
            "unknown_period": asked if asked and (period is None or period.code != asked) else "",
            "periods": ProgrammePeriod.objects.all(),
            "clusters": clusters,
            "region": region_footprint(clusters=Cluster.objects.active_in(period)) if period else None,
            "ranges": registry_ranges(clusters),
            "coverage": coverage,
            "gap_rows": [row for row in coverage if row.gaps],
            "charts": [
                charts.area_chart(clusters),
                charts.stage_chart(clusters),
                charts.label_chart(clusters),
            ],
            **charts.map_context(coverage, request.GET),
        },
    )
