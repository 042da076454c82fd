"""Writes for collaboration: the reference loader, fit ratings, agreements from survey answers."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Actor, Cluster, Municipality
from collaboration.models import (
    Agreement,
    AgreementStatus,
    ChecklistItem,
    CollaborationModel,
    FitRating,
    Goal,
    Interaction,
    InteractionKind,
    Kpi,
    Measurement,
    RegionalStrategy,
    StrategyEffort,
)
from collaboration.models_interviews import InterviewTheme
from collaboration.selectors import reported_agreements
from portal.core.history import create_with_history
from portal.core.reference import reference_record_sync as sync_reference_record
from surveys.models import Survey
from surveys.selectors import completed_responses
from surveys.services_publish import SURVEY_ACTORS

COLLABORATION_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "collaboration.json"


@transaction.atomic
def collaboration_load_reference(*, path: Path = COLLABORATION_FIXTURE) -> dict[str, int]:
    """Load the candidate models, the agreement checklist, the regional strategy with its focus areas and
    the interview themes.

    Matched on slug/code; like the registry loader it only fills fields that are still empty, so what an
    administrator has edited survives a reload and a second load changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    sources = data["sources"]
    counts = {"created": 0, "updated": 0}

    models = {}
    for row in data["models"]:
        values = {key: value for key, value in row.items() if key not in {"slug", "rule_efforts"}}
        values["source"] = sources[row["source"]]
        if values["rule_min_score"] is not None:
            values["rule_min_score"] = Decimal(values["rule_min_score"])
        models[row["slug"]] = sync_reference_record(CollaborationModel, {"slug": row["slug"]}, values, counts)

    for row in data["checklist"]:
        values = {key: value for key, value in row.items() if key != "slug"}
        sync_reference_record(
            ChecklistItem, {"slug": row["slug"]}, {**values, "source": sources["seed"]}, counts
        )

    plan = data["strategy"]
    strategy = sync_reference_record(
        RegionalStrategy,
        {"slug": plan["slug"]},
        {
            "name_da": plan["name_da"],
            "name_en": plan["name_en"],
            "vision_da": plan["vision_da"],
            "verification": plan["verification"],
            "verification_source": sources[plan["source"]],
        },
        counts,
    )
    for row in plan["efforts"]:
        values = {key: value for key, value in row.items() if key not in {"code", "source"}}
        sync_reference_record(
            StrategyEffort,
            {"code": row["code"]},
            {**values, "strategy": strategy, "verification_source": sources[row["source"]]},
            counts,
        )
    for row in data["interview_themes"]:
        values = {key: value for key, value in row.items() if key != "slug"}
        sync_reference_record(
            InterviewTheme, {"slug": row["slug"]}, {**values, "source": sources["seed"]}, counts
        )
    for row in data["models"]:
        model = models[row["slug"]]
        if row["rule_efforts"] and not model.rule_efforts.exists():
            model.rule_efforts.set(StrategyEffort.objects.filter(code__in=row["rule_efforts"]))
            counts["updated"] += 1
    return counts


@transaction.atomic
def fit_rating_save(*, cluster: Cluster, effort: StrategyEffort, score: int, reason: str, user) -> FitRating:
    """Set the one current rating of the pair (the earlier ones stay in its history)."""
    rating, _created = FitRating.objects.update_or_create(
        cluster=cluster,
        effort=effort,
        defaults={"score": score, "reason": reason, "rated_by": user, "is_demo": False},
    )
    return rating


DEMO_PREFIX = "Eksempel (demo): "


@transaction.atomic
def collaboration_load_demo() -> dict[str, int]:
    """A few illustrative agreements, KPIs, log entries and ratings, every one flagged `is_demo`.

    Nothing here is a fact: the pages mark these records as demo. Safe to run again (matched on title).
    """
    counts = {"created": 0, "updated": 0}
    clusters = {
        c.slug: c for c in Cluster.objects.filter(slug__in=["energy-cluster-denmark", "we-build-denmark"])
    }
    if len(clusters) < 2:
        return counts
    brn = Actor.objects.filter(slug="brn").first()
    aalborg = Municipality.objects.filter(code=851).first()
    agreement, created = Agreement.objects.get_or_create(
        title=f"{DEMO_PREFIX}temadage om grøn omstilling på tværs af kommunerne",
        defaults={
            "description": "Illustrativt eksempel på en aftale efter modellen »Samarbejde om noget konkret«.",
            "status": AgreementStatus.ACTIVE,
            "model": CollaborationModel.objects.filter(slug="konkret-samarbejde").first(),
            "start_date": dt.date(2024, 1, 1),
            "end_date": dt.date(2025, 12, 31),
            "budget_dkk": Decimal(400000),
            "cofunding_dkk": Decimal(100000),
            "cofunding_note": "Eksempel",
            "is_demo": True,
        },
    )
    counts["created"] += created
    if created:
        agreement.clusters.set([clusters["energy-cluster-denmark"]])
        agreement.actors.set([brn] if brn else [])
        agreement.municipalities.set(Municipality.objects.all())
        agreement.efforts.set(StrategyEffort.objects.filter(code="deb-green"))
        goal = Goal.objects.create(agreement=agreement, title="Flere nordjyske virksomheder deltager")
        kpi = Kpi.objects.create(
            goal=goal, name="Deltagende virksomheder", unit="virksomheder", baseline=0, target=60
        )
        for day, value in (
            (dt.date(2024, 6, 30), 12),
            (dt.date(2024, 12, 31), 27),
            (dt.date(2025, 6, 30), 41),
        ):
            Measurement.objects.create(kpi=kpi, measured_on=day, value=value)
        Interaction.objects.create(
            agreement=agreement,
            kind=InteractionKind.MEETING,
            occurred_on=dt.date(2024, 1, 15),
            title="Opstartsmøde (eksempel)",
            is_demo=True,
        )
    idea, created = Agreement.objects.get_or_create(
        title=f"{DEMO_PREFIX}idé til regionalt samarbejde om byggeri",
        defaults={"status": AgreementStatus.IDEA, "is_demo": True},
    )
    counts["created"] += created
    if created:
        idea.clusters.set([clusters["we-build-denmark"]])
        if aalborg:
            idea.municipalities.set([aalborg])
    green = StrategyEffort.objects.filter(code="deb-green").first()
    if green:
        _rating, created = FitRating.objects.get_or_create(
            cluster=clusters["energy-cluster-denmark"],
            effort=green,
            defaults={"score": 3, "reason": "Eksempel på en begrundelse (demo).", "is_demo": True},
        )
        counts["created"] += created
    return counts


class ConversionError(Exception):
    """A reported agreement that cannot be turned into a record; the message is Danish and names it."""


@transaction.atomic
def agreements_from_survey(*, survey: Survey, choice_ids: list[int]) -> list[Agreement]:
    """Turn the chosen reported agreements into agreement records, each linked to its answer.

    All or nothing: an unknown, foreign or already converted choice raises ConversionError and nothing
    is created. Agreements from a demo survey are demo agreements.
    """
    reported = {choice.pk: choice for choice in reported_agreements(survey=survey)}
    actors = {actor.slug: actor for actor in Actor.objects.filter(slug__in=SURVEY_ACTORS.values())}
    created = []
    for choice_id in choice_ids:
        choice = reported.get(choice_id)
        if choice is None:
            raise ConversionError(
                _("Svar %(id)s er ikke en rapporteret aftale i en gennemført besvarelse af %(survey)s.")
                % {"id": choice_id, "survey": survey.title}
            )
        if hasattr(choice, "converted_agreement"):
            raise ConversionError(
                _("Aftalen %(cluster)s – %(party)s er allerede oprettet.")
                % {"cluster": choice.answer.response.cluster, "party": choice.option.label}
            )
        created.append(_agreement_from_choice(survey, choice, actors))
    return created


def _agreement_from_choice(survey: Survey, choice, actors: dict) -> Agreement:
    cluster = choice.answer.response.cluster
    municipality = choice.option.municipality
    actor = actors.get(SURVEY_ACTORS.get(choice.option.code, ""))
    party = municipality.display_name if municipality else (actor.name if actor else choice.option.label)
    note = _("Rapporteret i %(survey)s af %(cluster)s: »%(party)s«.") % {
        "survey": survey.title,
        "cluster": cluster.name,
        "party": choice.option.label,
    }
    description = note
    if not municipality and not actor and choice.other_parties:
        description += " " + _("Andre aftaleparter: %(other)s") % {"other": choice.other_parties}
    return create_with_history(
        Agreement,
        {
            "clusters": [cluster],
            "municipalities": [municipality] if municipality else [],
            "actors": [actor] if actor else [],
        },
        title=f"{cluster.name} – {party}",
        description=description,
        status=AgreementStatus.ACTIVE,
        source_choice=choice,
        source_note=note[:300],
        is_demo=survey.is_demo,
    )


def agreements_from_wave(*, survey: Survey, dry_run: bool, **_context) -> dict[int, dict[str, list[str]]]:
    """Publishing a wave (surveys.hooks.wave_published): per cluster id, the agreements by preview kind.

    Every reported agreement not yet a record becomes one, through `agreements_from_survey` ("added"). An
    active agreement an older wave reported for a cluster that answered this wave is carried over when the
    cluster reports the same party again ("unchanged": the record now rests on the newer answer), and ended
    when it does not ("superseded"). One edited by a person since stands, and is listed as a conflict.
    """
    pending = [
        choice for choice in reported_agreements(survey=survey) if not hasattr(choice, "converted_agreement")
    ]
    reported_again = {(choice.answer.response.cluster_id, choice.option.code): choice for choice in pending}
    preview: dict[int, dict[str, list[str]]] = {}
    older = _older_wave_agreements(survey)
    edited = _edited_by_a_person([agreement.pk for agreement in older])
    for agreement in older:
        cluster_id, option = (
            agreement.source_choice.answer.response.cluster_id,
            agreement.source_choice.option,
        )
        label = _("aftale: %(party)s") % {"party": option.label}
        newer_choice = reported_again.pop((cluster_id, option.code), None)
        if newer_choice is not None:
            kind = "unchanged"
            pending.remove(newer_choice)
            if not dry_run:
                _carry_over(agreement, newer_choice, survey)
        elif agreement.pk in edited:
            kind, label = (
                "conflicts",
                _("%(label)s: ikke rapporteret igen, men redigeret af en person; den står")
                % {"label": label},
            )
        else:
            kind = "superseded"
            if not dry_run:
                _supersede(agreement, survey)
        preview.setdefault(cluster_id, {}).setdefault(kind, []).append(label)
    for choice in pending:
        preview.setdefault(choice.answer.response.cluster_id, {}).setdefault("added", []).append(
            _("aftale: %(party)s") % {"party": choice.option.label}
        )
    if not dry_run:
        agreements_from_survey(survey=survey, choice_ids=[choice.pk for choice in pending])
    return preview


def _older_wave_agreements(survey: Survey) -> list[Agreement]:
    """Active agreements made from an earlier wave's answers of the clusters that completed this wave."""
    return list(
        Agreement.objects.filter(
            status=AgreementStatus.ACTIVE,
            source_choice__answer__response__survey__year__lt=survey.year,
            source_choice__answer__response__cluster__in=completed_responses(survey=survey).values(
                "cluster_id"
            ),
        )
        .select_related("source_choice__answer__response", "source_choice__option")
        .order_by("pk")
    )


def _edited_by_a_person(agreement_ids: list[int]) -> set[int]:
    """The agreements a signed-in person has changed since they were made (their history names a user)."""
    return set(
        Agreement.history.filter(
            id__in=agreement_ids, history_type="~", history_user__isnull=False
        ).values_list("id", flat=True)
    )


def _carry_over(agreement: Agreement, choice, survey: Survey) -> None:
    agreement.source_choice = choice
    agreement.source_note = (
        _("Rapporteret igen i %(survey)s af %(cluster)s: »%(party)s«.")
        % {
            "survey": survey.title,
            "cluster": choice.answer.response.cluster.name,
            "party": choice.option.label,
        }
    )[:300]
    agreement.save(update_fields=["source_choice", "source_note", "updated_at"])


def _supersede(agreement: Agreement, survey: Survey) -> None:
    agreement.status = AgreementStatus.ENDED
    agreement.description += "\n" + _("Afløst af %(survey)s: klyngen rapporterede ikke aftalen igen.") % {
        "survey": survey.title
    }
    agreement.save(update_fields=["status", "description", "updated_at"])
