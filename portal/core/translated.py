"""Registering content labels with django-modeltranslation, change history included."""

from __future__ import annotations

import contextlib

from modeltranslation.translator import TranslationOptions, translator
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model


class DanishFirst(TranslationOptions):
    """Danish is required where the text is; English is optional and falls back to Danish when empty."""

    required_languages = ("da",)


def translated(model):
    """`@translated(Model)` on a TranslationOptions class: as modeltranslation's `@register`, and a model with a
    change history registers its historical model with the same fields. simple-history builds that model
    when the models load, before the translation fields exist, and then copies every field into it."""

    def register(options: type[TranslationOptions]) -> type[TranslationOptions]:
        models = [model]
        with contextlib.suppress(NotHistoricalModelError):
            models.append(get_history_model_for_model(model))
        translator.register(models, options)
        return options

    return register
