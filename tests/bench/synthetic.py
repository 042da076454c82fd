"""Seeded synthetic data for benchmarks: N times the realistic volume, everything marked as synthetic.

Scale 1 is the realistic volume (13 clusters, as many as the 2021-2024 programme has); scale 100 gives
about 1,300 clusters, 20,000 activities and a survey (slug `synthetic`, on the 2023 questionnaire) that
invites all of them. The same seed always gives the same data. Nothing here is a fact: names say
"Syntetisk", cluster slugs begin with `syntetisk-klynge-`, and the survey is marked as demo data.

Benchmark code, run for each tier by `tests/bench/run.py` against the database in `DATABASE_URL`:
`python manage.py shell -c "from tests.bench.synthetic import main; main(['--scale=100'])"`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.test.utils import override_settings

from clusters.models import (
    Activity,
    ActivityKind,
    Actor,
    Cluster,
    ContactPerson,
    DevelopmentStage,
    EceiLabel,
    MemberCount,
    Municipality,
    Office,
    OfficeKind,
    ProgrammeMembership,
    ProgrammePeriod,
    SizeBand,
    Verification,
)
from collaboration.models import (
    Agreement,
    AgreementStatus,
    CollaborationModel,
    FitRating,
    Goal,
    Interaction,
    InteractionKind,
    Kpi,
    Measurement,
    StrategyEffort,
)
from surveys.models import Answer, AnswerChoice, QuestionType, Response, ResponseStatus, RuleKind, Survey
from surveys.schema import Schema, schema_load

SURVEY_SLUG = "synthetic"
SLUG_PREFIX = "syntetisk-klynge-"
TEMPLATE_SURVEY_SLUG = "klyngesurvey-2023"
PERIOD_CODE = "2021-2024"
CLUSTERS_PER_SCALE = 13
ACTIVITIES_PER_CLUSTER = 15  # about 20,000 at scale 100
CLUSTERS_PER_AGREEMENT = 4
AALBORG = 851
BATCH = 2000


class SyntheticDataError(Exception):
    """The reference data the generator builds on is missing."""


def synthetic_clusters() -> QuerySet[Cluster]:
    return Cluster.objects.filter(slug__startswith=SLUG_PREFIX)


def real_clusters() -> QuerySet[Cluster]:
    return Cluster.objects.exclude(slug__startswith=SLUG_PREFIX)


def synthetic_data_clear() -> dict[str, int]:
    """Remove every synthetic record: the `synthetic` survey, agreements between synthetic clusters only,
    and the synthetic clusters with everything that cascades from them."""
    deleted: Counter[str] = Counter()
    # Synthetic records have no history worth keeping; without this, deleting 100,000 answers would
    # write 100,000 history rows.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        deleted.update(Survey.objects.filter(slug=SURVEY_SLUG).delete()[1])
        synthetic_only = Agreement.objects.filter(clusters__slug__startswith=SLUG_PREFIX).exclude(
            clusters__in=real_clusters()
        )
        deleted.update(
            Agreement.objects.filter(pk__in=list(synthetic_only.values_list("pk", flat=True))).delete()[1]
        )
        deleted.update(synthetic_clusters().delete()[1])
    return dict(deleted)


@transaction.atomic
def synthetic_data_generate(*, scale: int, seed: int = 2023) -> dict[str, int]:
    """Replace the synthetic data with `scale` times the realistic volume; returns rows created per model."""
    if scale < 1:
        raise SyntheticDataError("Skalaen skal være et helt tal på mindst 1.")
    period = ProgrammePeriod.objects.filter(code=PERIOD_CODE).first()
    municipalities = list(Municipality.objects.order_by("code"))
    if period is None or not municipalities:
        raise SyntheticDataError("Referencedata mangler: kør først `manage.py load_reference_data`.")
    synthetic_data_clear()
    generator = _Generator(random.Random(seed), period, municipalities)
    clusters = generator.clusters(scale * CLUSTERS_PER_SCALE)
    generator.presence(clusters)
    generator.survey(clusters)
    generator.collaboration(clusters)
    return dict(generator.created)


class _Generator:
    def __init__(self, rng: random.Random, period: ProgrammePeriod, municipalities: list[Municipality]):
        self.rng = rng
        self.period = period
        self.municipalities = municipalities
        # Aalborg, the regional centre, holds most offices and activities, as in the real data.
        self.municipality_weights = [6 if m.code == AALBORG else 1 for m in municipalities]
        self.created: Counter[str] = Counter()

    def _save(self, model, objects: list) -> list:
        saved = model.objects.bulk_create(objects, batch_size=BATCH)
        self.created[model._meta.label] += len(saved)
        return saved

    def _municipality(self) -> Municipality:
        return self.rng.choices(self.municipalities, weights=self.municipality_weights)[0]

    def _date(self, first_year: int = 2021, last_year: int = 2024) -> dt.date:
        start = dt.date(first_year, 1, 1)
        return start + dt.timedelta(days=self.rng.randrange((dt.date(last_year, 12, 31) - start).days))

    # --- clusters and North Jutland presence ----------------------------------------------------

    def clusters(self, count: int) -> list[Cluster]:
        areas = sorted(set(real_clusters().exclude(area_da="").values_list("area_da", "area_en"))) or [
            ("Syntetisk område", "Synthetic area")
        ]
        rng = self.rng
        clusters = []
        for number in range(1, count + 1):
            area_da, area_en = rng.choice(areas)
            clusters.append(
                Cluster(
                    name=f"Syntetisk klynge {number:05d}",
                    slug=f"{SLUG_PREFIX}{number:05d}",
                    area_da=area_da,
                    area_en=area_en,
                    hq_city=self._municipality().seat,
                    staff_count=rng.randint(7, 50),
                    national_member_count=rng.randint(85, 450),
                    board_size=rng.randint(10, 21),
                    chair_from_company=rng.random() < 0.7,
                    development_stage=rng.choice(DevelopmentStage.values),
                    ecei_label=rng.choice(EceiLabel.values),
                    verification=Verification.UNVERIFIED,
                    verification_source="Syntetiske data til benchmark (tests/bench/synthetic.py).",
                    note="Syntetisk klynge til benchmark; ingen rigtige oplysninger.",
                )
            )
        clusters = self._save(Cluster, clusters)
        self._save(
            ProgrammeMembership, [ProgrammeMembership(cluster=c, period=self.period) for c in clusters]
        )
        return clusters

    def presence(self, clusters: list[Cluster]) -> None:
        rng = self.rng
        offices, members, activities, contacts = [], [], [], []
        for cluster in clusters:
            if rng.random() < 0.55:
                kind = rng.choice([OfficeKind.OWN_OFFICE, OfficeKind.CO_LOCATED])
                municipality = self._municipality()
                offices.append(
                    Office(
                        cluster=cluster,
                        municipality=municipality,
                        kind=kind,
                        city=municipality.seat,
                        since=self._date(2015, 2023),
                    )
                )
            elif rng.random() < 0.2:
                offices.append(
                    Office(cluster=cluster, municipality=self._municipality(), kind=OfficeKind.PLANNED)
                )
            if rng.random() < 0.9:
                large, small = rng.randint(0, 40), rng.randint(0, 80)
                estimate = rng.random() < 0.25
                for band, count in ((SizeBand.LARGE, large), (SizeBand.SMALL, small)):
                    members.append(
                        MemberCount(
                            cluster=cluster, year=2023, size_band=band, count=count, is_estimate=estimate
                        )
                    )
            for number in range(1, ACTIVITIES_PER_CLUSTER + 1):
                kind = rng.choice(ActivityKind.choices)
                start = self._date()
                activities.append(
                    Activity(
                        cluster=cluster,
                        kind=kind[0],
                        title=f"{kind[1]} {number} ({cluster.name})",
                        municipality=self._municipality(),
                        start_date=start,
                        end_date=start + dt.timedelta(days=rng.randint(0, 400)),
                        participants=rng.randint(5, 200),
                        unique_companies=rng.randint(1, 60),
                        is_estimate=rng.random() < 0.3,
                    )
                )
            contacts.append(
                ContactPerson(
                    cluster=cluster,
                    name=f"Syntetisk kontakt {cluster.slug[-5:]}",
                    title="Klyngechef",
                    email=f"kontakt-{cluster.slug[-5:]}@example.invalid",
                    municipality=self._municipality(),
                )
            )
        self._save(Office, offices)
        self._save(MemberCount, members)
        self._save(Activity, activities)
        self._save(ContactPerson, contacts)

    # --- the synthetic survey ---------------------------------------------------------------------

    def survey(self, clusters: list[Cluster]) -> None:
        template = Survey.objects.select_related("questionnaire").filter(slug=TEMPLATE_SURVEY_SLUG).first()
        if template is None:
            raise SyntheticDataError(
                f"Surveyen {TEMPLATE_SURVEY_SLUG} mangler: kør først load_reference_data."
            )
        survey = self._save(
            Survey,
            [
                Survey(
                    title="Syntetisk klyngesurvey (benchmark)",
                    slug=SURVEY_SLUG,
                    year=template.year,
                    period=self.period,
                    questionnaire=template.questionnaire,
                    sent_on=template.sent_on,
                    closes_on=template.closes_on,
                    is_demo=True,
                )
            ],
        )[0]
        # Like 2023: nearly all complete, a few partial or not started.
        statuses = [ResponseStatus.COMPLETED] * 12 + [ResponseStatus.PARTIAL, ResponseStatus.NOT_STARTED]
        responses = self._save(
            Response, [Response(survey=survey, cluster=c, status=self.rng.choice(statuses)) for c in clusters]
        )
        schema = schema_load(template.questionnaire)
        rules = _Rules(schema)
        answers, chosen = [], []
        for response in responses:
            if response.status != ResponseStatus.NOT_STARTED:
                for answer, options in self._response_answers(response, schema.questions, rules):
                    answers.append(answer)
                    chosen.append(options)
        answers = self._save(Answer, answers)
        self._save(
            AnswerChoice,
            [
                AnswerChoice(answer=answer, option=option)
                for answer, options in zip(answers, chosen, strict=True)
                for option in options
            ],
        )

    def _response_answers(self, response, questions, rules: _Rules) -> list[tuple]:
        """Typed answers that keep the questionnaire's rules, as (answer, chosen options) pairs.

        Questions come in questionnaire order, so a total precedes its parts and a condition its question.
        """
        rng = self.rng
        values: dict[str, object] = {}
        result = []
        for question in questions:
            code = question.code
            if response.status == ResponseStatus.PARTIAL and rng.random() < 0.4:
                continue
            if code in rules.only_when_not:
                condition, excluded = rules.only_when_not[code]
                if values.get(condition) in (None, excluded):
                    continue
            answer, options = Answer(response=response, question=question), []
            if question.type == QuestionType.YES_NO:
                answer.value_bool = values[code] = rng.random() < 0.85
            elif question.type == QuestionType.TEXT:
                answer.value_text = values[code] = f"Syntetisk svar til {code}."
            elif question.type == QuestionType.INTEGER:
                if code in rules.part_of:
                    total, siblings = rules.part_of[code]
                    if total not in values:
                        continue
                    ceiling = values[total] - sum(values.get(sibling, 0) for sibling in siblings)
                    answer.value_int = rng.randint(0, max(ceiling, 0))
                else:
                    answer.value_int = rng.randint(0, 800)
                values[code] = answer.value_int
                answer.is_estimate = question.allows_estimate and rng.random() < 0.3
            elif question.type == QuestionType.SINGLE_CHOICE:
                answer.option = rng.choice(question.option_list)
                values[code] = answer.option.code
            else:  # multiple choice: a few options, sometimes none (a valid answer)
                everything = question.option_list
                options = rng.sample(everything, k=rng.randint(0, min(4, len(everything))))
                values[code] = {option.code for option in options}
            result.append((answer, options))
        return result

    # --- collaboration: fit ratings and agreements --------------------------------------------------

    def collaboration(self, clusters: list[Cluster]) -> None:
        rng = self.rng
        efforts = list(StrategyEffort.objects.filter(is_active=True).order_by("code"))
        collaboration_models = list(CollaborationModel.objects.order_by("slug"))
        brn = Actor.objects.filter(slug="brn").first()
        self._save(
            FitRating,
            [
                FitRating(
                    cluster=c, effort=e, score=rng.randint(0, 3), reason="Syntetisk vurdering til benchmark."
                )
                for c in clusters
                for e in efforts
                if rng.random() < 0.5
            ],
        )
        groups = [
            clusters[i : i + CLUSTERS_PER_AGREEMENT] for i in range(0, len(clusters), CLUSTERS_PER_AGREEMENT)
        ]
        agreements = self._save(
            Agreement,
            [
                Agreement(
                    title=f"Syntetisk aftale {number:05d}",
                    description="Syntetisk aftale til benchmark.",
                    status=rng.choice(AgreementStatus.values),
                    model=rng.choice(collaboration_models) if collaboration_models else None,
                    start_date=self._date(2022, 2024),
                    budget_dkk=Decimal(rng.randint(1, 40) * 50_000),
                )
                for number in range(1, len(groups) + 1)
            ],
        )
        links = {
            "clusters": [
                {"agreement": a, "cluster": c}
                for a, group in zip(agreements, groups, strict=True)
                for c in rng.sample(group, k=rng.randint(1, len(group)))
            ],
            "municipalities": [
                {"agreement": a, "municipality": m}
                for a in agreements
                for m in rng.sample(self.municipalities, k=rng.randint(1, 3))
            ],
            "efforts": [
                {"agreement": a, "strategyeffort": rng.choice(efforts)} for a in agreements if efforts
            ],
            "actors": [{"agreement": a, "actor": brn} for a in agreements if brn],
        }
        for field, rows in links.items():
            through = getattr(Agreement, field).through
            self._save(through, [through(**row) for row in rows])
        goals = self._save(
            Goal, [Goal(agreement=a, title="Flere nordjyske virksomheder deltager") for a in agreements]
        )
        kpis = self._save(
            Kpi,
            [
                Kpi(
                    goal=goal,
                    name="Deltagende virksomheder",
                    unit="virksomheder",
                    baseline=Decimal(rng.randint(0, 20)),
                    target=Decimal(rng.randint(20, 80)),
                )
                for goal in goals
            ],
        )
        self._save(
            Measurement,
            [
                Measurement(kpi=kpi, measured_on=dt.date(year, 12, 31), value=Decimal(rng.randint(0, 80)))
                for kpi in kpis
                for year in (2023, 2024)
            ],
        )
        self._save(
            Interaction,
            [
                Interaction(
                    agreement=a,
                    kind=InteractionKind.MEETING,
                    occurred_on=self._date(2023, 2024),
                    title="Statusmøde",
                )
                for a in agreements
            ],
        )


class _Rules:
    """The questionnaire's rules between questions, by the question they constrain (from surveys.schema)."""

    def __init__(self, schema: Schema):
        self.part_of: dict[str, tuple[str, list[str]]] = {}
        self.only_when_not: dict[str, tuple[str, str]] = {}
        for rule in schema.rules:
            if rule.kind == RuleKind.PARTS_WITHIN_TOTAL:
                for part in rule.part_codes:
                    self.part_of[part] = (
                        rule.question_code,
                        [other for other in rule.part_codes if other != part],
                    )
            elif rule.kind == RuleKind.ONLY_WHEN_NOT:
                self.only_when_not[rule.question_code] = (rule.condition_code, rule.condition_option_code)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="1 = realistisk, 10, 100 (ca. 1.300 klynger)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--clear", action="store_true", help="Fjern blot de syntetiske data")
    args = parser.parse_args(argv)
    try:
        counts = (
            synthetic_data_clear()
            if args.clear
            else synthetic_data_generate(scale=args.scale, seed=args.seed)
        )
    except SyntheticDataError as error:
        raise SystemExit(str(error)) from error
    verb = "fjernet" if args.clear else "oprettet"
    for label, count in sorted(counts.items()):
        print(f"{label}: {count} {verb}")
