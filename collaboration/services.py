"""Writes for collaboration: the reference loader, fit ratings, agreements from survey answers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from clusters.services import _sync as sync_reference_record
from collaboration.models import ChecklistItem, CollaborationModel, RegionalStrategy, StrategyEffort

COLLABORATION_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "collaboration.json"


@transaction.atomic
def collaboration_load_reference(*, path: Path = COLLABORATION_FIXTURE) -> dict[str, int]:
    """Load the candidate models, the agreement checklist and the regional strategy with its focus areas.

    Matched on slug/code; like the registry loader it only fills fields that are still empty, so what an
    administrator has edited survives a reload and a second load changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    sources = data["sources"]
    counts = {"created": 0, "updated": 0}

    for row in data["models"]:
        values = {key: value for key, value in row.items() if key != "slug"}
        values["source"] = sources[row["source"]]
        if values["rule_min_score"] is not None:
            values["rule_min_score"] = Decimal(values["rule_min_score"])
        sync_reference_record(CollaborationModel, {"slug": row["slug"]}, values, counts)

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
            "name": plan["name"],
            "vision": plan["vision"],
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
    return counts
