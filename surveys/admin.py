"""Django admin for every survey model; answers, choices, responses and surveys show their change history.
Translated texts show their Danish and English fields (modeltranslation's TranslationAdmin)."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from surveys.models import (
    Answer,
    AnswerChoice,
    Option,
    Question,
    Questionnaire,
    Response,
    Rule,
    Section,
    Survey,
)


class SectionInline(TranslationTabularInline):
    model = Section
    extra = 0


class OptionInline(TranslationTabularInline):
    model = Option
    extra = 0
    autocomplete_fields = ["municipality"]


class AnswerChoiceInline(admin.TabularInline):
    model = AnswerChoice
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(TranslationAdmin):
    list_display = ["slug", "title_da"]
    search_fields = ["slug", "title_da"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["title_da", "code", "questionnaire", "order"]
    list_filter = ["questionnaire"]
    search_fields = ["title_da", "code"]


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["code", "text_da", "type", "section", "order", "allows_estimate"]
    list_filter = ["questionnaire", "type"]
    search_fields = ["code", "text_da"]
    list_select_related = ["section"]
    inlines = [OptionInline]


@admin.register(Option)
class OptionAdmin(TranslationAdmin):
    list_display = ["code", "label_da", "question", "order"]
    list_filter = ["question__questionnaire"]
    search_fields = ["code", "label_da", "question__code"]
    list_select_related = ["question"]
    autocomplete_fields = ["municipality"]


@admin.register(Rule)
class RuleAdmin(TranslationAdmin):
    list_display = ["kind", "question", "questionnaire", "message_da"]
    list_filter = ["questionnaire", "kind"]
    filter_horizontal = ["parts"]


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "slug",
        "year",
        "period",
        "board_sees_cluster_answers",
        "board_min_group",
        "is_demo",
    ]
    list_filter = ["year", "period", "is_demo"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "survey", "status", "version", "updated_at", "updated_by"]
    list_filter = ["survey", "status"]
    search_fields = ["cluster__name", "cluster__slug"]
    list_select_related = ["cluster", "survey", "updated_by"]
    readonly_fields = ["version", "updated_at", "updated_by"]


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ["response", "question", "value_bool", "value_int", "option", "is_estimate"]
    list_filter = ["response__survey", "question__code"]
    search_fields = ["response__cluster__name", "question__code"]
    list_select_related = ["response__cluster", "response__survey", "question", "option"]
    raw_id_fields = ["response"]
    inlines = [AnswerChoiceInline]


@admin.register(AnswerChoice)
class AnswerChoiceAdmin(SimpleHistoryAdmin):
    list_display = ["answer", "option"]
    list_filter = ["answer__response__survey"]
    list_select_related = [
        "answer__response__cluster",
        "answer__response__survey",
        "answer__question",
        "option",
    ]
    raw_id_fields = ["answer"]
