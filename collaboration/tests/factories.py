"""factory_boy factories for collaboration (tests only; every value is synthetic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from collaboration.models import (
    Agreement,
    AgreementStatus,
    CollaborationModel,
    EffortKind,
    FitRating,
    Goal,
    Kpi,
    Measurement,
    RegionalStrategy,
    StrategyEffort,
)


class RegionalStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalStrategy
        django_get_or_create = ("slug",)

    slug = "test-strategi"
    name = "Teststrategi"
    vision = "Testvision"


class StrategyEffortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyEffort

    strategy = factory.SubFactory(RegionalStrategyFactory)
    code = factory.Sequence(lambda n: f"indsats-{n}")
    kind = EffortKind.CENTRAL_EFFORT
    name = factory.Sequence(lambda n: f"Testindsats {n}")
    keywords = "test"


class CollaborationModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollaborationModel

    slug = factory.Sequence(lambda n: f"model-{n}")
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Testmodel {n}")
    description = "Testbeskrivelse"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testaftale {n}")
    status = AgreementStatus.ACTIVE
    start_date = dt.date(2024, 1, 1)

    @factory.post_generation
    def clusters(self, create, extracted, **kwargs):
        if create and extracted:
            self.clusters.set(extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class FitRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FitRating

    score = 2
    reason = "Testbegrundelse"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    agreement = factory.SubFactory(AgreementFactory)
    title = "Testmål"


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    goal = factory.SubFactory(GoalFactory)
    name = "Deltagere"
    unit = "virksomheder"
    baseline = Decimal(10)
    target = Decimal(30)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    kpi = factory.SubFactory(KpiFactory)
    measured_on = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=30 * n))
    value = Decimal(15)
