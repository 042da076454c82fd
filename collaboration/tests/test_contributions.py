"""What collaboration adds to the survey pages through the hooks surveys defines: the meeting pack's
recommendations and the Excel summary's collaboration sheets."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from collaboration.models import ChecklistItem, CollaborationModel
from surveys.tests import dashboard_support
from surveys.tests.dashboard_support import SLUG

demo = dashboard_support.demo  # the fixture


def test_meeting_pack_ends_with_the_collaboration_models_and_the_checklist(demo, staff_client):
    url = reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": "direktion"})
    html = staff_client.get(url, {"stage": "ukendt"}).content.decode()
    assert CollaborationModel.objects.count() == 5
    for model in CollaborationModel.objects.all():
        assert model.name in html
    assert ChecklistItem.objects.exists()
    for item in ChecklistItem.objects.all():
        assert escape(item.title) in html
    assert html.index("Ekstra fund") < html.index("Samarbejdsmodeller og anbefalinger")


def test_excel_summary_appends_the_collaboration_sheets_after_the_surveys(demo, staff_client):
    response = staff_client.get(reverse("surveys:export", kwargs={"slug": SLUG}))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [
        "Nøgletal",
        "Klynger",
        "Medlemmer",
        "Aktiviteter",
        "Aftaler",
        "Svar",
        "Samarbejdsmodeller",
        "Match med strategien",
        "Samarbejdsaftaler",
        "KPI'er",
    ]
