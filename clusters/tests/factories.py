"""factory_boy factories for the registry (tests only; every value is synthetic)."""

from __future__ import annotations

import factory

from clusters.models import (
    Activity,
    ActivityKind,
    ActivityType,
    Actor,
    ActorKind,
    Cluster,
    ContactPerson,
    MemberCount,
    Municipality,
    Office,
    OfficeKind,
    Partnership,
    ProgrammeMembership,
    ProgrammePeriod,
    SizeBand,
    Verification,
)


class ProgrammePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammePeriod
        django_get_or_create = ("code",)

    code = "2021-2024"
    name = factory.LazyAttribute(lambda period: f"Programperiode {period.code}")
    start_year = factory.LazyAttribute(lambda period: int(period.code[:4]))
    end_year = factory.LazyAttribute(lambda period: int(period.code[5:]))


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: 900 + n)
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    seat = factory.LazyAttribute(lambda municipality: municipality.name)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testklynge {n:03d}")
    slug = factory.Sequence(lambda n: f"testklynge-{n:03d}")
    area_da = "Testområde"
    area_en = "Test area"
    hq_city = "Testby"
    verification = Verification.VERIFIED

    @factory.post_generation
    def periods(self, create, extracted, **kwargs):
        if create:
            for code in extracted if extracted is not None else ["2021-2024"]:
                ProgrammeMembership.objects.get_or_create(
                    cluster=self, period=ProgrammePeriodFactory(code=code)
                )


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    slug = factory.Sequence(lambda n: f"testaktoer-{n}")
    name = factory.Sequence(lambda n: f"Testaktør {n}")
    kind = ActorKind.NETWORK
    municipality = factory.SubFactory(MunicipalityFactory)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    cluster = factory.SubFactory(ClusterFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = OfficeKind.OWN_OFFICE
    city = factory.LazyAttribute(lambda office: office.municipality.name)


class MemberCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberCount

    cluster = factory.SubFactory(ClusterFactory)
    year = 2023
    size_band = SizeBand.TOTAL
    count = 10


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    cluster = factory.SubFactory(ClusterFactory)
    kind = ActivityKind.EVENTS
    title = factory.Sequence(lambda n: f"Testaktivitet {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    participants = 20


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType

    cluster = factory.SubFactory(ClusterFactory)
    kind = ActivityKind.EVENTS


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    cluster = factory.SubFactory(ClusterFactory)
    code = "aau"
    label = "Aalborg Universitet"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Kontakt Testperson {n}")
    email = factory.Sequence(lambda n: f"kontakt{n}@example.invalid")
    phone = "+45 00 00 00 00"


def cluster_with_footprint(*, municipality: Municipality, year: int = 2023, **kwargs) -> Cluster:
    """A cluster with one office, a member split, an activity and a contact in the municipality, an activity
    type and a partner."""
    cluster = ClusterFactory(**kwargs)
    OfficeFactory(cluster=cluster, municipality=municipality)
    MemberCountFactory(
        cluster=cluster, municipality=municipality, year=year, size_band=SizeBand.LARGE, count=3
    )
    MemberCountFactory(
        cluster=cluster, municipality=municipality, year=year, size_band=SizeBand.SMALL, count=7
    )
    ActivityFactory(cluster=cluster, municipality=municipality)
    ActivityTypeFactory(cluster=cluster)
    PartnershipFactory(cluster=cluster)
    ContactPersonFactory(cluster=cluster, municipality=municipality)
    return cluster
