"""The import preview in words (question text, old → new), and removals that take an explicit tick."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from surveys.models import Answer
from surveys.services_import import survey_import
from surveys.tests.test_import import COMPLETE_ENERGY, ENERGY, database_state

EDITED = {**COMPLETE_ENERGY, "members_nj": 50, "participants": 7, "comments": None}  # None: a cleared cell


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("svar.xlsx", data)


def test_preview_names_questions_with_old_and_new_values(survey, fill):
    survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}))
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: EDITED}), dry_run=True)
    (preview,) = [preview for preview in result.previews if preview.diff.has_changes]
    (changed,) = preview.changed
    assert changed.question.startswith("Hvor mange virksomhedsmedlemmer")
    assert (changed.old, changed.new) == ("40", "50")
    assert [(change.code, change.new) for change in preview.added] == [("participants", "7")]
    assert [(change.code, change.old) for change in preview.removed] == [("comments", "Godt samarbejde")]
    assert result.removed_count == 1


def test_page_shows_old_and_new_values_and_needs_the_tick_to_remove(admin_client, survey, fill):
    survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}))
    url = reverse("surveys:import", kwargs={"slug": survey.slug})
    page = admin_client.post(url, {"file": _upload(fill(survey, {ENERGY: EDITED}))})
    content = page.content.decode()
    assert "Hvor mange virksomhedsmedlemmer" in content and "Godt samarbejde" in content
    assert "Ja, fjern 1 svar" in content
    token = page.context["confirm_form"].initial["token"]
    before = database_state()
    refused = admin_client.post(url, {"token": token, "confirm": "1"})
    assert refused.status_code == 200
    assert "Sæt flueben" in refused.content.decode()
    assert database_state() == before
    done = admin_client.post(url, {"token": token, "confirm": "1", "remove_ok": "on"})
    assert done.status_code == 302
    assert not Answer.objects.filter(question__code="comments").exists()
    assert Answer.objects.get(question__code="members_nj").value_int == 50


def test_command_prints_every_removal(survey, fill, tmp_path):
    survey_import(survey=survey, file=fill(survey, {ENERGY: COMPLETE_ENERGY}))
    path = tmp_path / "svar.xlsx"
    path.write_bytes(fill(survey, {ENERGY: EDITED}))
    out = io.StringIO()
    call_command("import_survey", survey.slug, str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "FJERNET comments (var: Godt samarbejde)" in text
    assert "ændret members_nj: 40 → 50" in text
    assert "1 eksisterende svar fjernet" in text
