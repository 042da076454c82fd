"""What collaboration adds to the lower apps' pages and exports, through the hooks they define.

Imported by `CollaborationConfig.ready`, so the receivers are registered once the app registry is ready.
"""

from __future__ import annotations

from collaboration.exports import collaboration_sheets
from collaboration.models import ChecklistItem, CollaborationModel
from surveys import hooks as survey_hooks


def meeting_pack_recommendations(**_context) -> dict:
    """The meeting pack's last section: the collaboration models and the checklist, in their own order."""
    return {
        "template": "collaboration/_meeting_pack_recommendations.html",
        "models": list(CollaborationModel.objects.order_by("position", "name")),
        "checklist": list(ChecklistItem.objects.order_by("position")),
    }


survey_hooks.summary_sheets.register(collaboration_sheets)
survey_hooks.meeting_pack_sections.register(meeting_pack_recommendations)
