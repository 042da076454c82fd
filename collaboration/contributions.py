"""What collaboration adds to the lower apps' pages and exports, through the hooks they define
(clusters/hooks.py, surveys/hooks.py). Imported by `CollaborationConfig.ready`, so the receivers are registered
once the app registry is ready."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.hooks import (
    ProfileSection,
    actor_sections,
    cluster_agreement_parties,
    municipality_agreement_clusters,
    profile_sections,
)
from collaboration.exports import collaboration_sheets
from collaboration.models import Agreement, AgreementStatus, ChecklistItem, CollaborationModel
from collaboration.selectors import cluster_collaboration
from collaboration.selectors_followup import agreement_kpi_status
from collaboration.selectors_interviews import quotable_quotes, subject_interviews
from collaboration.services import agreements_from_wave
from portal.core.permissions import is_staff_or_admin
from surveys import hooks as survey_hooks
from surveys.hooks import DeckSlide


@profile_sections.register
def agreements_section(*, cluster, user) -> ProfileSection:
    return ProfileSection(
        "collaboration/_cluster_agreements.html", cluster_collaboration(cluster=cluster, user=user)
    )


@profile_sections.register
def cluster_interviews_section(*, cluster, user) -> ProfileSection | None:
    if not is_staff_or_admin(user):
        return None  # interviews are for staff and administrators only, never the board
    context = {"interviews": subject_interviews(cluster=cluster), "subject_param": f"cluster={cluster.slug}"}
    return ProfileSection("collaboration/_subject_interviews.html", context)


@actor_sections.register
def actor_interviews_section(*, actor, user) -> ProfileSection | None:
    if not is_staff_or_admin(user):
        return None
    context = {"interviews": subject_interviews(actor=actor), "subject_param": f"actor={actor.slug}"}
    return ProfileSection("collaboration/_subject_interviews.html", context)


@cluster_agreement_parties.register
def active_agreement_parties() -> dict[int, dict[str, list]]:
    """Per cluster, the municipalities (kommunekode) and actors (slug) of its active agreements: two queries."""
    parties: dict[int, dict[str, set]] = {}
    active = Agreement.objects.filter(status=AgreementStatus.ACTIVE)
    for key, field in (("municipalities", "municipalities__code"), ("actors", "actors__slug")):
        for cluster_id, party in active.filter(**{f"{field}__isnull": False}).values_list("clusters", field):
            if cluster_id is not None:
                parties.setdefault(cluster_id, {"municipalities": set(), "actors": set()})[key].add(party)
    return {
        cluster_id: {key: sorted(values, key=str) for key, values in found.items()}
        for cluster_id, found in parties.items()
    }


@municipality_agreement_clusters.register
def active_agreement_clusters() -> dict[int, int]:
    rows = (
        Agreement.municipalities.through.objects.filter(agreement__status=AgreementStatus.ACTIVE)
        .values("municipality_id")
        .annotate(clusters=Count("agreement__clusters", distinct=True))
    )
    return {row["municipality_id"]: row["clusters"] for row in rows}


def meeting_pack_recommendations(**_context) -> dict:
    """The meeting pack's last section: the collaboration models and the checklist, in their own order."""
    return {
        "template": "collaboration/_meeting_pack_recommendations.html",
        "models": list(CollaborationModel.objects.order_by("position", "name")),
        "checklist": list(ChecklistItem.objects.order_by("position")),
    }


def deck_models(**_context) -> DeckSlide | None:
    """The deck's recommendations: each collaboration model in one line, as in the meeting pack."""
    models = CollaborationModel.objects.order_by("position", "name")
    lines = [f"{model.name}: {model.description}" for model in models]
    return DeckSlide(_("Samarbejdsmodeller og anbefalinger"), lines) if lines else None


def deck_checklist(**_context) -> DeckSlide | None:
    items = ChecklistItem.objects.order_by("position")
    lines = [f"{item.title}: {item.explanation}" if item.explanation else item.title for item in items]
    title = _("Det kan med fordel overvejes, inden der indgås et samarbejde")
    return DeckSlide(title, lines) if lines else None


def meeting_pack_quotes(*, audience: str, **_context) -> dict | None:
    """Quotes staff marked quotable, for the management's pack only (never the board's), without names."""
    if audience != "direktion":
        return None
    quotes = quotable_quotes()
    return {"template": "collaboration/_meeting_pack_quotes.html", "quotes": quotes} if quotes else None


def meeting_pack_kpis(**_context) -> dict | None:
    """Per active agreement, whether its KPIs are on track: progress against the target and the latest
    measurement date (both packs; the board sees the agreements anyway)."""
    rows = agreement_kpi_status(today=timezone.localdate())
    return {"template": "collaboration/_meeting_pack_kpis.html", "agreements": rows} if rows else None


survey_hooks.summary_sheets.register(collaboration_sheets)
survey_hooks.meeting_pack_sections.register(meeting_pack_quotes)
survey_hooks.meeting_pack_sections.register(meeting_pack_kpis)
survey_hooks.meeting_pack_sections.register(meeting_pack_recommendations)
survey_hooks.deck_slides.register(deck_models)
survey_hooks.deck_slides.register(deck_checklist)
survey_hooks.wave_published.register(agreements_from_wave)
