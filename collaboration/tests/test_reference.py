from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from collaboration.models import (
    ChecklistItem,
    CollaborationModel,
    EffortKind,
    RegionalStrategy,
    StrategyEffort,
)
from collaboration.services import collaboration_load_reference

pytestmark = pytest.mark.django_db


def test_reference_ships_the_five_models_the_checklist_and_the_strategy(reference_data):
    assert CollaborationModel.objects.count() == 5
    assert ChecklistItem.objects.count() == 6
    strategy = RegionalStrategy.objects.get()
    assert strategy.vision.startswith("Nordjylland vil være en innovativ hub for grøn omstilling")
    assert set(StrategyEffort.objects.values_list("kind", flat=True)) == {
        EffortKind.GROWTH_AREA,
        EffortKind.FOCUS_AREA,
    }
    assert StrategyEffort.objects.filter(kind=EffortKind.GROWTH_AREA).count() == 4
    assert StrategyEffort.objects.filter(kind=EffortKind.FOCUS_AREA).count() == 4
    fyn = CollaborationModel.objects.get(slug="aftaler-via-brn")
    assert fyn.experience == "Fyn"
    assert "Green Hub Denmark" in fyn.risks
    maritime = CollaborationModel.objects.get(slug="ny-klynge-maritim-transport-logistik")
    assert [effort.code for effort in maritime.rule_efforts.all()] == ["deb-blue"]


def test_second_load_changes_nothing(reference_data):
    assert collaboration_load_reference() == {"created": 0, "updated": 0}


def test_reload_keeps_what_an_administrator_edited(reference_data):
    CollaborationModel.objects.filter(slug="konkret-samarbejde").update(name="Konkrete fælles arrangementer")
    call_command("load_reference_data", stdout=io.StringIO())
    assert CollaborationModel.objects.get(slug="konkret-samarbejde").name == "Konkrete fælles arrangementer"


def test_reload_refills_a_field_left_empty(reference_data):
    CollaborationModel.objects.filter(slug="aftaler-via-brn").update(experience="")
    assert collaboration_load_reference() == {"created": 0, "updated": 1}
    assert CollaborationModel.objects.get(slug="aftaler-via-brn").experience == "Fyn"
