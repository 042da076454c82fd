"""Browsing pages for clusters, municipalities and actors: every role may read them (contacts excepted)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clusters import selectors
from clusters.filters import ClusterFilter, sort_links
from clusters.models import Cluster
from clusters.selectors_footprint import hides_board_facts, region_footprint
from portal.core.caching import cached_body
from portal.core.permissions import ANY_ROLE, allow

PAGE_SIZE = 25


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "query", "roles", "date"))
def cluster_list(request: HttpRequest) -> HttpResponse:
    for_board = hides_board_facts(request.user)
    filterset = ClusterFilter(
        request.GET, queryset=selectors.cluster_overview(for_board=for_board), request=request
    )
    # Bad parameters are shown beside their field, and the list is left unfiltered rather than guessed.
    clusters = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "clusters": page.object_list,
        "sort_links": sort_links(request.GET.get("sort", "") if filterset.is_valid() else ""),
    }
    return render(request, "clusters/cluster_list.html", context)


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "roles", "date"))
def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_object_or_404(Cluster, slug=slug)
    context = selectors.cluster_profile(cluster=cluster, user=request.user)
    return render(request, "clusters/cluster_detail.html", context)


@allow(ANY_ROLE)
def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "clusters/municipality_list.html",
        {
            "municipalities": selectors.municipality_overview(),
            "region": region_footprint(clusters=Cluster.objects.filter(ended_on__isnull=True)),
        },
    )


@allow(ANY_ROLE)
def municipality_detail(request: HttpRequest, code: int) -> HttpResponse:
    context = selectors.municipality_profile(code=code, for_board=hides_board_facts(request.user))
    return render(request, "clusters/municipality_detail.html", context)


@allow(ANY_ROLE)
def actor_list(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/actor_list.html", {"actors": selectors.actor_overview()})


@allow(ANY_ROLE)
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "clusters/actor_detail.html", selectors.actor_profile(slug=slug, user=request.user)
    )
