"""The landscape background page: the sourced story of the Danish cluster effort, for every role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusters.selectors_background import landscape_background
from portal.core.caching import cached_body
from portal.core.permissions import ANY_ROLE, allow


@allow(ANY_ROLE)
@cached_body(varies_on=("language", "path", "roles"))
def background(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/background.html", landscape_background())
