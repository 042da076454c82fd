"""Publishing a survey wave into the clusters' North Jutland footprint (the registry).

The completed responses of a wave become footprint facts with their provenance (clusters.provenance): offices,
region-wide member counts by size band, activity types and partners. Agreements are collaboration's: they are
made through the `surveys.hooks.wave_published` hook, which runs the one "survey agreements → agreement
records" step.

Rules: a preview first (`dry_run`), per cluster what is added, changed, superseded or left alone; publishing
twice changes nothing; a newer wave supersedes what an older one published for the same cluster; a fact an
administrator entered or verified, or the reference data's, is never changed: where it disagrees the preview
lists a conflict and it stands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import (
    ActivityKind,
    ActivityType,
    Actor,
    Cluster,
    MemberCount,
    Office,
    OfficeKind,
    Partnership,
    ProgrammeMembership,
    SizeBand,
)
from clusters.provenance import FactOrigin, FactStatus
from surveys.hooks import wave_published
from surveys.models import Response, Survey
from surveys.schema import Answers, Schema, schema_load
from surveys.selectors import completed_responses, response_answers

# The survey's options that name a registry actor (`partners` and `agreements`), by the actor's slug.
SURVEY_ACTORS = {
    "region": "region-nordjylland",
    "brn": "brn",
    "erhvervshus": "erhvervshus-nordjylland",
    "aau": "aau",
    "ucn": "ucn",
    "green_hub": "green-hub-denmark",
    "hydrogen_valley": "hydrogen-valley",
}
MEMBER_BANDS = {
    "members_nj": SizeBand.TOTAL,
    "members_nj_large": SizeBand.LARGE,
    "members_nj_small": SizeBand.SMALL,
}
# The fields that say which fact a row is, per model; the rest of a fact is its value and provenance.
KEY_FIELDS = {
    Office: ("kind", "municipality_id"),
    MemberCount: ("year", "size_band", "municipality_id"),
    ActivityType: ("kind",),
    Partnership: ("code",),
}


class PublishError(Exception):
    """The wave cannot be published; the message is Danish and names the reason."""


@dataclass(frozen=True)
class Fact:
    model: type[models.Model]
    values: dict  # key, value and provenance fields

    def key(self) -> tuple:
        return tuple(self.values[name] for name in KEY_FIELDS[self.model])


# The preview's groups, in the order they are shown, with their Danish names.
PREVIEW_KINDS = (
    ("added", gettext_lazy("tilføjet")),
    ("changed", gettext_lazy("ændret")),
    ("superseded", gettext_lazy("afløst")),
    ("unchanged", gettext_lazy("uændret")),
    ("conflicts", gettext_lazy("konflikt")),
)


@dataclass
class ClusterPreview:
    cluster: Cluster
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.superseded)


@dataclass
class PublishReport:
    survey: Survey
    dry_run: bool
    clusters: list[ClusterPreview]

    def total(self, kind: str) -> int:
        return sum(len(getattr(preview, kind)) for preview in self.clusters)

    @property
    def has_changes(self) -> bool:
        return any(preview.has_changes for preview in self.clusters)


def as_of_date(survey: Survey) -> dt.date:
    """The date a wave's facts are true as of: its closing date, else its sending date, else its year's end."""
    return survey.closes_on or survey.sent_on or dt.date(survey.year, 12, 31)


@transaction.atomic
def survey_publish(*, survey: Survey, dry_run: bool = False) -> PublishReport:
    """Publish the wave's completed responses into the footprint, or with `dry_run` only say what would change.

    Raises PublishError (and changes nothing) when the wave has no completed response or a responding cluster
    is not part of the wave's programme period.
    """
    responses = list(completed_responses(survey=survey).select_related("cluster").order_by("cluster__name"))
    if not responses:
        raise PublishError(
            _("%(survey)s har ingen gennemførte besvarelser; intet er offentliggjort.")
            % {"survey": survey.title}
        )
    _check_period(survey, responses)
    schema = schema_load(survey.questionnaire)
    actors = {actor.slug: actor.pk for actor in Actor.objects.filter(slug__in=SURVEY_ACTORS.values())}
    existing = _existing_facts([response.cluster_id for response in responses])
    agreements = _agreements_published(survey=survey, dry_run=dry_run)
    previews = []
    for response in responses:
        answers = response_answers(schema=schema, response=response)
        presence = answers.get("presence")
        preview = _publish_cluster(
            survey,
            response.cluster,
            _wanted_facts(survey, response, answers, schema, actors),
            existing.get(response.cluster_id, []),
            no_office=presence is not None and presence.value == "none",
            dry_run=dry_run,
        )
        for kind, labels in agreements.get(response.cluster_id, {}).items():
            getattr(preview, kind).extend(labels)
        previews.append(preview)
    return PublishReport(survey=survey, dry_run=dry_run, clusters=previews)


def _check_period(survey: Survey, responses: list[Response]) -> None:
    members = set(
        ProgrammeMembership.objects.filter(period=survey.period).values_list("cluster_id", flat=True)
    )
    outside = [response.cluster.name for response in responses if response.cluster_id not in members]
    if outside:
        raise PublishError(
            _("%(clusters)s er ikke med i programperioden %(period)s; intet er offentliggjort.")
            % {"clusters": ", ".join(outside), "period": survey.period.code}
        )


def _agreements_published(*, survey: Survey, dry_run: bool) -> dict[int, dict[str, list[str]]]:
    """Collaboration's agreements from the wave, per cluster id and preview kind (the receivers publish them,
    or with `dry_run` only say what they would do)."""
    published: dict[int, dict[str, list[str]]] = {}
    for per_cluster in wave_published.collect(survey=survey, dry_run=dry_run):
        for cluster_id, kinds in per_cluster.items():
            for kind, labels in kinds.items():
                published.setdefault(cluster_id, {}).setdefault(kind, []).extend(labels)
    return published


def _existing_facts(cluster_ids: list[int]) -> dict[int, list[models.Model]]:
    """Every fact of the clusters, superseded ones too, by cluster id: one query per model."""
    facts: dict[int, list[models.Model]] = {}
    for model in KEY_FIELDS:
        related = ("municipality",) if model in (Office, MemberCount) else ()
        for fact in model.objects.filter(cluster_id__in=cluster_ids).select_related(*related):
            facts.setdefault(fact.cluster_id, []).append(fact)
    return facts


def _wanted_facts(
    survey: Survey, response: Response, answers: Answers, schema: Schema, actors: dict
) -> list[Fact]:
    """The facts a completed response states, with the wave's provenance."""
    base = {
        "survey_year": survey.year,
        "response_id": response.pk,
        "as_of": as_of_date(survey),
        "fact_status": FactStatus.SELF_REPORTED,
        "is_demo": survey.is_demo,
        "board_hidden": not survey.board_sees_cluster_answers,
    }
    facts = [*_office_facts(answers, schema, base), *_member_facts(survey, answers, base)]
    for code in sorted(_chosen(answers, "activity_types") & set(ActivityKind.values)):
        facts.append(Fact(ActivityType, {**base, "kind": code}))
    options = schema.by_code["partners"].options_by_code if "partners" in schema.by_code else {}
    for code in sorted(_chosen(answers, "partners")):
        option = options.get(code)
        label = option.label_da if option else code
        facts.append(
            Fact(
                Partnership,
                {**base, "code": code, "label": label, "actor_id": actors.get(SURVEY_ACTORS.get(code))},
            )
        )
    return facts


def _chosen(answers: Answers, code: str) -> frozenset[str]:
    answer = answers.get(code)
    return answer.value if answer is not None else frozenset()


def _office_facts(answers: Answers, schema: Schema, base: dict) -> list[Fact]:
    facts = []
    presence, place = answers.get("presence"), answers.get("office_municipality")
    if presence is not None and presence.value in (OfficeKind.OWN_OFFICE, OfficeKind.CO_LOCATED):
        option = schema.by_code["office_municipality"].options_by_code.get(place.value) if place else None
        municipality_id = option.municipality_id if option else None
        facts.append(Fact(Office, {**base, "kind": presence.value, "municipality_id": municipality_id}))
    planned = answers.get("office_planned")
    if planned is not None and planned.value is True:
        facts.append(Fact(Office, {**base, "kind": OfficeKind.PLANNED, "municipality_id": None}))
    return facts


def _member_facts(survey: Survey, answers: Answers, base: dict) -> list[Fact]:
    facts = []
    for code, band in MEMBER_BANDS.items():
        answer = answers.get(code)
        if answer is None:
            continue
        values = {
            **base,
            "fact_status": FactStatus.ESTIMATE if answer.is_estimate else FactStatus.SELF_REPORTED,
            "year": survey.year,
            "size_band": band,
            "municipality_id": None,
            "count": answer.value,
            "is_estimate": answer.is_estimate,
        }
        facts.append(Fact(MemberCount, values))
    return facts


def fact_label(fact: models.Model) -> str:
    """A footprint fact in a few Danish words, for the preview."""
    if isinstance(fact, Office):
        place = f" ({fact.municipality})" if fact.municipality_id else ""
        return _("kontor: %(kind)s%(place)s") % {"kind": fact.get_kind_display(), "place": place}
    if isinstance(fact, MemberCount):
        return _("medlemmer %(year)s, %(band)s: %(count)s") % {
            "year": fact.year,
            "band": fact.get_size_band_display().lower(),
            "count": fact.count,
        }
    if isinstance(fact, ActivityType):
        return _("aktivitetstype: %(kind)s") % {"kind": fact.get_kind_display()}
    return _("partner: %(partner)s") % {"partner": fact.label}


def _publish_cluster(
    survey: Survey,
    cluster: Cluster,
    wanted: list[Fact],
    existing: list[models.Model],
    *,
    no_office: bool,
    dry_run: bool,
) -> ClusterPreview:
    preview = ClusterPreview(cluster)
    protected = [fact for fact in existing if _is_protected(fact) and fact.superseded_on is None]
    published = [fact for fact in existing if not _is_protected(fact)]
    newer = sorted(
        {f.survey_slug for f in published if f.superseded_on is None and f.survey_year > survey.year}
    )
    if newer:
        preview.unchanged.append(
            _("en nyere survey er offentliggjort (%(newer)s)") % {"newer": ", ".join(newer)}
        )
        return preview
    own = {(type(f), _key(f)): f for f in published if f.survey_slug == survey.slug}
    kept = set()
    for fact in wanted:
        candidate = fact.model(
            cluster=cluster, origin=FactOrigin.SURVEY, survey_slug=survey.slug, **fact.values
        )
        label = fact_label(candidate)
        mine = own.get((fact.model, fact.key()))
        if mine is not None:
            kept.add((type(mine), mine.pk))
            if mine.superseded_on is None and all(
                getattr(mine, name) == value for name, value in fact.values.items()
            ):
                preview.unchanged.append(label)
                continue
            preview.changed.append(label)
            if not dry_run:
                for name, value in fact.values.items():
                    setattr(mine, name, value)
                mine.superseded_on, mine.superseded_by = None, ""
                mine.save()
            continue
        conflict, covered = _against_protected(candidate, protected)
        if conflict:
            preview.conflicts.append(conflict)
        elif covered:
            preview.unchanged.append(label)
        else:
            preview.added.append(label)
            if not dry_run:
                candidate.save()
    if no_office:
        preview.conflicts += [
            _("registret har %(office)s (%(source)s); survey: ingen fysisk tilstedeværelse")
            % {"office": fact_label(f), "source": f.source_label}
            for f in protected
            if isinstance(f, Office) and f.kind != OfficeKind.PLANNED and f.ended_on is None
        ]
    for fact in published:
        if fact.superseded_on is not None or (type(fact), fact.pk) in kept:
            continue
        preview.superseded.append(fact_label(fact))
        if not dry_run:
            fact.superseded_on, fact.superseded_by = dt.date.today(), survey.slug
            fact.save(update_fields=["superseded_on", "superseded_by"])
    return preview


def _is_protected(fact: models.Model) -> bool:
    return fact.origin != FactOrigin.SURVEY or fact.fact_status == FactStatus.VERIFIED


def _key(fact: models.Model) -> tuple:
    return tuple(getattr(fact, name) for name in KEY_FIELDS[type(fact)])


def _against_protected(candidate: models.Model, protected: list[models.Model]) -> tuple[str, bool]:
    """(conflict text or "", whether the registry already holds the fact) for a fact the wave states."""
    same_kind = [fact for fact in protected if type(fact) is type(candidate)]
    if isinstance(candidate, Office):
        here = [f for f in same_kind if f.municipality_id == candidate.municipality_id and f.ended_on is None]
        if any(f.kind == candidate.kind for f in here):
            return "", True
        known = [f for f in here if f.kind not in (OfficeKind.UNKNOWN, OfficeKind.PLANNED)]
        if known and candidate.kind != OfficeKind.PLANNED:
            return _conflict(known[0], candidate), False
        return "", False
    if isinstance(candidate, MemberCount):
        same = [f for f in same_kind if (f.year, f.size_band) == (candidate.year, candidate.size_band)]
        if not same:
            return "", False
        if len(same) == 1 and same[0].municipality_id is None and same[0].count == candidate.count:
            return "", True
        return _conflict(same[0], candidate), False
    return "", any(_key(f) == _key(candidate) for f in same_kind)


def _conflict(registry_fact: models.Model, candidate: models.Model) -> str:
    return _("registret: %(registry)s (%(source)s) – survey: %(survey)s; registrets står") % {
        "registry": fact_label(registry_fact),
        "source": registry_fact.source_label,
        "survey": fact_label(candidate),
    }


def demo_waves_publish() -> dict[str, int]:
    """Publish every demo wave with completed responses (load_demo_data), so the demo portal agrees with itself."""
    counts = {"created": 0, "updated": 0}
    for survey in Survey.objects.filter(is_demo=True).select_related("questionnaire", "period"):
        if completed_responses(survey=survey).exists():
            report = survey_publish(survey=survey)
            counts["created"] += report.total("added")
            counts["updated"] += report.total("changed") + report.total("superseded")
    return counts
