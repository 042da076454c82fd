"""Content labels in Danish and English (django-modeltranslation): collaboration models, the checklist, the
regional strategy with its efforts, and interview themes. English falls back to Danish when empty; Danish is
required where the text is."""

from __future__ import annotations

from collaboration.models import ChecklistItem, CollaborationModel, RegionalStrategy, StrategyEffort
from collaboration.models_interviews import InterviewTheme
from portal.core.translated import DanishFirst, translated


@translated(CollaborationModel)
class CollaborationModelTranslation(DanishFirst):
    fields = ("name", "description", "requirements", "experience", "risks")


@translated(ChecklistItem)
class ChecklistItemTranslation(DanishFirst):
    fields = ("title", "explanation")


@translated(RegionalStrategy)
class RegionalStrategyTranslation(DanishFirst):
    fields = ("name", "vision")


@translated(StrategyEffort)
class StrategyEffortTranslation(DanishFirst):
    fields = ("name", "scope", "description")


@translated(InterviewTheme)
class InterviewThemeTranslation(DanishFirst):
    fields = ("name",)
