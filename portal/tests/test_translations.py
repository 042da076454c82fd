"""The English catalogue is complete, and content labels show in English with Danish as the fallback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster
from collaboration.models import ChecklistItem, CollaborationModel, StrategyEffort
from collaboration.scoring import COMPONENTS
from surveys.models import Question

ENGLISH_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
# One catalogue entry: its comment lines, then msgid (and msgid_plural) and its msgstr lines.
ENTRY = re.compile(
    r'^((?:#.*\n)*)(msgid ".*"(?:\n".*")*)\n((?:msgid_plural.*\n(?:".*"\n)*)?)((?:msgstr.*(?:\n".*")*\n?)+)',
    re.M,
)


def _entries() -> list[tuple[str, str, str]]:
    text = ENGLISH_PO.read_text(encoding="utf-8")
    return [(comments, msgid, msgstr) for comments, msgid, _plural, msgstr in ENTRY.findall(text)]


def _is_empty(msgstr: str) -> bool:
    return any(
        re.fullmatch(r'msgstr(\[\d\])? ""', block.strip())
        for block in re.split(r"\n(?=msgstr)", msgstr.strip())
    )


def test_english_catalogue_has_no_empty_translation():
    entries = _entries()
    assert len(entries) > 1000  # the parser found the catalogue
    untranslated = [msgid for _comments, msgid, msgstr in entries[1:] if _is_empty(msgstr)]
    assert untranslated == []


def test_english_catalogue_has_no_fuzzy_entry():
    assert [msgid for comments, msgid, _msgstr in _entries() if "fuzzy" in comments] == []


@pytest.mark.django_db
def test_content_labels_show_in_english_and_fall_back_to_danish(reference_data):
    energy = Cluster.objects.get(slug="energy-cluster-denmark")
    checklist = ChecklistItem.objects.get(slug="konkret-tydelig-aftale")
    model = CollaborationModel.objects.get(slug="konkret-samarbejde")
    effort = StrategyEffort.objects.get(code="deb-green")
    with translation.override("da"):
        assert (energy.area, checklist.title, model.name) == (
            "Energi",
            "En konkret og tydelig aftale",
            "Samarbejde om noget konkret",
        )
        assert (effort.name, effort.scope) == ("Det grønne", "Energi og grøn omstilling")
    with translation.override("en"):
        assert (energy.area, checklist.title, model.name) == (
            "Energy",
            "A concrete and clear agreement",
            "Collaboration on something concrete",
        )
        assert (effort.name, effort.scope) == ("The green", "Energy and green transition")
        # No English description in the reference data yet: the Danish one shows.
        assert model.description == model.description_da != ""


@pytest.mark.django_db
def test_question_texts_follow_the_language(reference_data):
    question = Question.objects.filter(text_en__gt="").first()
    with translation.override("en"):
        assert question.text == question.text_en
    with translation.override("da"):
        assert question.text == question.text_da


def test_weight_help_texts_follow_the_language():
    members = next(component for component in COMPONENTS if component.key == "members")
    with translation.override("en"):
        assert str(members.explanation) == "members in North Jutland (latest year) / 50, at most 1"
    with translation.override("da"):
        assert str(members.explanation) == "medlemmer i Nordjylland (seneste år) / 50, højst 1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (CollaborationModel, ("name_da", "name_en", "description_en")),
        (Question, ("text_da", "text_en", "help_en")),
    ],
)
def test_admin_edits_both_languages(admin_client, reference_data, model, fields):
    obj = model.objects.first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    html = admin_client.get(url).content.decode()
    for field in fields:
        assert f'name="{field}"' in html
    assert 'name="name"' not in html and 'name="text"' not in html
