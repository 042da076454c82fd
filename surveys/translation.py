"""The questionnaire's texts in Danish and English (django-modeltranslation); English falls back to Danish
when empty, and Danish is required where the text is."""

from __future__ import annotations

from portal.core.translated import DanishFirst, translated
from surveys.models import Option, Question, Questionnaire, Rule, Section


@translated(Questionnaire)
class QuestionnaireTranslation(DanishFirst):
    fields = ("title",)


@translated(Section)
class SectionTranslation(DanishFirst):
    fields = ("title",)


@translated(Question)
class QuestionTranslation(DanishFirst):
    fields = ("text", "help")


@translated(Option)
class OptionTranslation(DanishFirst):
    fields = ("label",)


@translated(Rule)
class RuleTranslation(DanishFirst):
    fields = ("message",)
