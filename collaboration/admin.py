from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from collaboration.models import (
    Agreement,
    AgreementDocument,
    ChecklistItem,
    CollaborationModel,
    FitRating,
    Goal,
    Interaction,
    Kpi,
    Measurement,
    RegionalStrategy,
    StrategyEffort,
)
from collaboration.models_followup import DigestDelivery, DigestSubscription, FollowUpMeeting
from collaboration.models_interviews import Interview, InterviewFollowUp, InterviewQuote, InterviewTheme


@admin.register(CollaborationModel)
class CollaborationModelAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["position", "name", "experience", "updated_at"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(TranslationAdmin):
    list_display = ["position", "title"]
    list_display_links = ["title"]


class StrategyEffortInline(TranslationTabularInline):
    model = StrategyEffort
    fields = ["code", "kind", "position", "name", "scope", "keywords", "is_active", "verification"]
    extra = 0


@admin.register(RegionalStrategy)
class RegionalStrategyAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "verification"]
    inlines = [StrategyEffortInline]


@admin.register(StrategyEffort)
class StrategyEffortAdmin(TranslationAdmin):
    list_display = ["name", "kind", "keywords", "is_active", "verification"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "scope", "keywords"]


@admin.register(FitRating)
class FitRatingAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "effort", "score", "rated_by", "rated_at", "is_demo"]
    list_filter = ["effort", "score", "is_demo"]
    list_select_related = ["cluster", "effort", "rated_by"]


class DocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "model", "start_date", "end_date", "is_demo"]
    list_filter = ["status", "model", "is_demo"]
    search_fields = ["title", "description"]
    filter_horizontal = ["clusters", "actors", "municipalities", "efforts"]
    inlines = [DocumentInline, GoalInline]


class KpiInline(admin.TabularInline):
    model = Kpi
    extra = 0
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agreement"]
    inlines = [KpiInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Kpi)
class KpiAdmin(SimpleHistoryAdmin):
    list_display = ["name", "goal", "unit", "baseline", "target", "frequency"]
    inlines = [MeasurementInline]


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ["occurred_on", "kind", "title", "agreement", "cluster"]
    list_filter = ["kind"]
    list_select_related = ["agreement", "cluster"]


@admin.register(InterviewTheme)
class InterviewThemeAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["position", "name", "source"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class InterviewQuoteInline(admin.TabularInline):
    model = InterviewQuote
    extra = 0


class InterviewFollowUpInline(admin.TabularInline):
    model = InterviewFollowUp
    extra = 0


@admin.register(Interview)
class InterviewAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "cluster", "actor", "interviewee_role", "interviewer"]
    list_filter = ["themes", "cluster", "actor"]
    search_fields = ["key_points", "interviewee_role", "interviewee_organisation"]
    list_select_related = ["cluster", "actor", "interviewer"]
    autocomplete_fields = ["cluster", "actor", "contact"]
    filter_horizontal = ["themes"]
    inlines = [InterviewQuoteInline, InterviewFollowUpInline]


@admin.register(FollowUpMeeting)
class FollowUpMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["scheduled_on", "title", "agreement", "held_on"]
    list_filter = ["held_on"]
    search_fields = ["title", "agreement__title"]
    list_select_related = ["agreement"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "user", "item_key"]
    list_filter = ["sent_on"]
