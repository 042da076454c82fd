"""Content labels in Danish and English (django-modeltranslation): `area_da`, `area_en`; English falls back to
Danish when empty."""

from __future__ import annotations

from clusters.models import Cluster
from portal.core.translated import DanishFirst, translated


@translated(Cluster)
class ClusterTranslation(DanishFirst):
    fields = ("area",)
