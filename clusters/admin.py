"""Django admin for every registry model: administrators correct and complete the reference data here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from clusters.models import (
    Activity,
    ActivityType,
    Actor,
    BackgroundFact,
    Cluster,
    ContactPerson,
    MemberCount,
    Municipality,
    Office,
    Partnership,
    ProgrammeMembership,
    ProgrammePeriod,
)

# Provenance (clusters.provenance): an administrator sets a published fact to "verificeret" to keep it as it is
# when a wave is published again; what a survey published is shown, not edited.
FACT_FIELDS = ("origin", "fact_status", "as_of", "survey_slug", "superseded_on")
PUBLISHED_FIELDS = ("origin", "survey_slug", "superseded_on")
VERIFICATION_FIELDS = (_("Verifikation"), {"fields": ("verification", "verification_source", "verified_on")})


class ProgrammeMembershipInline(admin.TabularInline):
    model = ProgrammeMembership
    extra = 0


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0
    fields = ("municipality", "city", "kind", "role", "since", "ended_on", "verification", *FACT_FIELDS)
    readonly_fields = PUBLISHED_FIELDS


class MemberCountInline(admin.TabularInline):
    model = MemberCount
    extra = 0
    fields = ("year", "size_band", "municipality", "count", "is_estimate", "source", *FACT_FIELDS)
    readonly_fields = PUBLISHED_FIELDS


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = (
        "kind",
        "title",
        "municipality",
        "start_date",
        "end_date",
        "participants",
        "unique_companies",
        "is_estimate",
    )


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ("name", "title", "email", "phone", "language", "municipality")


class ReferenceSlugMixin:
    """The slug is the reference data's natural key: fixed once the record exists, so a reload of the
    reference data finds the record again (and an administrator's corrections, such as renaming the
    unidentified cluster, survive)."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "slug") if obj is not None else readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ("name",)} if obj is None else {}


@admin.register(ProgrammePeriod)
class ProgrammePeriodAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "start_year", "end_year", "designated_count", "public_funding_dkk")
    search_fields = ("code", "name", "funders")
    inlines = [ProgrammeMembershipInline]


@admin.register(Cluster)
class ClusterAdmin(ReferenceSlugMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "area_da",
        "hq_city",
        "development_stage",
        "ecei_label",
        "verification",
        "verified_on",
        "ended_on",
    )
    list_filter = ("periods", "verification", "development_stage", "ecei_label", "legal_form", "ended_on")
    search_fields = ("name", "slug", "area_da", "area_en", "hq_city", "website", "cvr")
    inlines = [
        ProgrammeMembershipInline,
        OfficeInline,
        MemberCountInline,
        ActivityInline,
        ContactPersonInline,
    ]
    fieldsets = (
        (None, {"fields": ("name", "slug", "area_da", "area_en", "hq_city", "website", "note", "ended_on")}),
        (
            _("Organisation"),
            {
                "fields": (
                    "cvr",
                    "legal_form",
                    "staff_count",
                    "national_member_count",
                    "board_size",
                    "chair_from_company",
                )
            },
        ),
        (_("Modenhed"), {"fields": ("development_stage", "ecei_label", "ecei_valid_until")}),
        (
            _("Finansiering"),
            {
                "fields": (
                    "funding_year",
                    "funding_innovation_pct",
                    "funding_membership_pct",
                    "funding_projects_pct",
                )
            },
        ),
        VERIFICATION_FIELDS,
    )

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ContactPerson):
                instance.updated_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("cluster", "period", "note")
    list_filter = ("period",)
    search_fields = ("cluster__name", "note")
    autocomplete_fields = ("cluster",)


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "seat", "verification")
    list_filter = ("verification",)
    search_fields = ("name", "official_name", "seat", "code")
    fieldsets = (
        (None, {"fields": ("code", "name", "official_name", "seat", "latitude", "longitude")}),
        VERIFICATION_FIELDS,
    )


@admin.register(Actor)
class ActorAdmin(ReferenceSlugMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "city", "municipality", "verification", "is_defunct")
    list_filter = ("kind", "verification", "municipality", "is_defunct")
    search_fields = ("name", "slug", "city", "note")
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "kind", "city", "municipality", "note", "ended_on", "is_defunct")},
        ),
        VERIFICATION_FIELDS,
    )


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = (
        "cluster",
        "municipality",
        "city",
        "kind",
        "origin",
        "fact_status",
        "ended_on",
        "superseded_on",
    )
    list_filter = ("kind", "municipality", "origin", "fact_status")
    search_fields = ("cluster__name", "city", "role")
    autocomplete_fields = ("cluster",)
    list_select_related = ("cluster", "municipality")


@admin.register(MemberCount)
class MemberCountAdmin(SimpleHistoryAdmin):
    list_display = (
        "cluster",
        "year",
        "size_band",
        "municipality",
        "count",
        "is_estimate",
        "origin",
        "fact_status",
    )
    list_filter = ("year", "size_band", "origin", "fact_status", "is_estimate")
    search_fields = ("cluster__name", "source")
    autocomplete_fields = ("cluster",)
    list_select_related = ("cluster", "municipality")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "cluster", "kind", "municipality", "start_date", "participants", "is_estimate")
    list_filter = ("kind", "municipality", "is_estimate")
    search_fields = ("title", "description", "cluster__name")
    autocomplete_fields = ("cluster",)
    list_select_related = ("cluster", "municipality")
    date_hierarchy = "start_date"


@admin.register(ActivityType)
class ActivityTypeAdmin(SimpleHistoryAdmin):
    list_display = ("cluster", "kind", "origin", "survey_slug", "fact_status", "superseded_on")
    list_filter = ("kind", "origin", "fact_status")
    search_fields = ("cluster__name",)
    autocomplete_fields = ("cluster",)
    list_select_related = ("cluster",)
    readonly_fields = PUBLISHED_FIELDS


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("cluster", "label", "actor", "origin", "survey_slug", "fact_status", "superseded_on")
    list_filter = ("origin", "fact_status")
    search_fields = ("cluster__name", "label")
    autocomplete_fields = ("cluster",)
    list_select_related = ("cluster", "actor")
    readonly_fields = PUBLISHED_FIELDS


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "cluster", "title", "email", "language", "municipality", "updated_at")
    list_filter = ("municipality", "language")
    search_fields = ("name", "title", "email", "cluster__name")
    autocomplete_fields = ("cluster",)
    list_select_related = ("cluster", "municipality")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BackgroundFact)
class BackgroundFactAdmin(SimpleHistoryAdmin):
    list_display = ("title", "topic", "year", "end_year", "scope", "verification")
    list_filter = ("topic", "scope", "verification")
    search_fields = ("title", "summary", "verification_source")
    list_select_related = ("actor",)
    autocomplete_fields = ("actor",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "topic",
                    "position",
                    "year",
                    "end_year",
                    "title",
                    "summary",
                    "scope",
                    "registry_measure",
                    "actor",
                    "where_to_add",
                )
            },
        ),
        VERIFICATION_FIELDS,
    )

    def get_readonly_fields(self, request, obj=None):
        # The slug is the fixture's natural key: fixed once the fact exists, so a reload finds it again.
        return ("slug",) if obj is not None else ()
