"""The footprint as JSON for staff, administrators and (within what the surveys allow) the board."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from clusters.footprint_document import footprint_document
from clusters.selectors_footprint import hides_board_facts
from portal.core.permissions import ANY_ROLE, allow


@allow(ANY_ROLE)
def footprint(request: HttpRequest) -> JsonResponse:
    document = footprint_document(for_board=hides_board_facts(request.user))
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})
