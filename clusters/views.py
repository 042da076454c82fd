"""Browsing pages for clusters, municipalities and actors: every role may read them (contacts excepted)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clusters import selectors
from clusters.filters import ClusterFilter, sort_links
from clusters.models import Cluster
from portal.core.caching import render_with_cached_body
from portal.core.permissions import ANY_ROLE, allow

PAGE_SIZE = 25


def _cluster_list_context(request: HttpRequest) -> dict:
    filterset = ClusterFilter(request.GET, queryset=selectors.cluster_overview())
    # Bad parameters are shown beside their field, and the list is left unfiltered rather than guessed.
    clusters = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "page_obj": page,
        "clusters": page.object_list,
        "sort_links": sort_links(request.GET.get("sort", "") if filterset.is_valid() else ""),
    }


@allow(ANY_ROLE)
def cluster_list(request: HttpRequest) -> HttpResponse:
    return render_with_cached_body(
        request,
        "clusters/cluster_list.html",
        name="cluster-list",
        body_template="clusters/_cluster_list_body.html",
        context=lambda: _cluster_list_context(request),
    )


@allow(ANY_ROLE)
def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_object_or_404(Cluster, slug=slug)
    return render_with_cached_body(
        request,
        "clusters/cluster_detail.html",
        name="cluster-detail",
        body_template="clusters/_cluster_detail_body.html",
        context=lambda: selectors.cluster_profile(cluster=cluster, user=request.user),
        page={"cluster": cluster},
    )


@allow(ANY_ROLE)
def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "clusters/municipality_list.html",
        {"municipalities": selectors.municipality_overview()},
    )


@allow(ANY_ROLE)
def municipality_detail(request: HttpRequest, code: int) -> HttpResponse:
    context = selectors.municipality_profile(code=code)
    return render(request, "clusters/municipality_detail.html", context)


@allow(ANY_ROLE)
def actor_list(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/actor_list.html", {"actors": selectors.actor_overview()})


@allow(ANY_ROLE)
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "clusters/actor_detail.html", selectors.actor_profile(slug=slug))
