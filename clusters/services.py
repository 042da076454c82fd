"""Writes to the registry that do more than a form save."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from clusters.models import (
    Actor,
    Cluster,
    Municipality,
    Office,
    ProgrammeMembership,
    ProgrammePeriod,
    Verification,
)
from clusters.provenance import FactOrigin, FactStatus
from clusters.services_background import background_load_reference
from portal.core.reference import reference_record_sync

REGISTRY_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "registry.json"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def registry_load_reference(*, path: Path = REGISTRY_FIXTURE) -> dict[str, int]:
    """Load programme periods, municipalities, actors, clusters, their known offices and the background facts.

    Records are matched on their natural key (code or slug); unknown facts stay empty for administrators.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    sources = data["sources"]
    counts = {"created": 0, "updated": 0}

    periods = {
        row["code"]: reference_record_sync(
            ProgrammePeriod,
            {"code": row["code"]},
            {
                "name": row["name"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "funders": row["funders"],
                "designated_on": _date(row["designated_on"]),
                "designated_count": row["designated_count"],
                "public_funding_dkk": row["public_funding_dkk"],
                "note": row["note"],
            },
            counts,
        )
        for row in data["programme_periods"]
    }

    municipalities = {
        row["code"]: reference_record_sync(
            Municipality,
            {"code": row["code"]},
            {
                "name": row["name"],
                "official_name": row.get("official_name", ""),
                "seat": row["seat"],
                "latitude": _decimal(row["latitude"]),
                "longitude": _decimal(row["longitude"]),
                "verification": Verification.PARTLY_VERIFIED,
                "verification_source": f"{sources['municipalities']}. {data['municipality_note']}",
            },
            counts,
        )
        for row in data["municipalities"]
    }

    for row in [data["region"], *data["actors"]]:
        reference_record_sync(
            Actor,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "city": row["city"],
                "municipality": municipalities.get(row["municipality"]),
                "note": row.get("note", ""),
                "is_defunct": row.get("is_defunct", False),
                "verification": row["verification"],
                "verification_source": sources["actors"],
            },
            counts,
        )

    for row in data["clusters"]:
        _load_cluster(row, sources, periods, municipalities, counts)
    background_load_reference(counts=counts)
    return counts


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))


def _load_cluster(row: dict, sources: dict, periods: dict, municipalities: dict, counts: dict) -> None:
    known = {
        field: row[field] for field in ("national_member_count", "ecei_label") if row.get(field) is not None
    }
    values = {
        "name": row["name"],
        "verification": row["verification"],
        "area_da": row["area_da"],
        "area_en": row["area_en"],
        "hq_city": row["hq_city"],
        "website": row["website"],
        "note": row.get("note", ""),
        "ended_on": _date(row.get("ended_on")),
        "verification_source": sources[row["source"]],
        **known,
    }
    cluster = reference_record_sync(Cluster, {"slug": row["slug"]}, values, counts)
    for code in row["periods"]:
        reference_record_sync(ProgrammeMembership, {"cluster": cluster, "period": periods[code]}, {}, counts)
    for office in row.get("offices", []):
        reference_record_sync(
            Office,
            {
                "cluster": cluster,
                "municipality": municipalities[office["municipality"]],
                "role": office["role"],
            },
            {
                "kind": office["kind"],
                "city": office["city"],
                "ended_on": _date(office.get("ended_on")),
                "verification": row["verification"],
                "verification_source": sources[row["source"]],
                "origin": FactOrigin.REFERENCE,
                "fact_status": FactStatus.VERIFIED
                if row["verification"] == Verification.VERIFIED
                else FactStatus.SELF_REPORTED,
            },
            counts,
        )
