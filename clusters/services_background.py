"""Loading the background facts of the cluster landscape from the project's fixture."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from clusters.models import Actor, BackgroundFact
from portal.core.reference import reference_record_sync

BACKGROUND_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "background.json"


def fact_source(sources: dict[str, str], cited: list[dict]) -> str:
    """The fact's citations as one text: each seed document with the section the fact is taken from."""
    return "; ".join(f"{sources[cite['document']]}, afsnit »{cite['section']}«" for cite in cited)


def background_load_reference(*, counts: dict[str, int], path: Path = BACKGROUND_FIXTURE) -> None:
    """Create the facts that are missing and fill in empty fields; an administrator's edits are kept."""
    data = json.loads(path.read_text(encoding="utf-8"))
    actors = {actor.slug: actor for actor in Actor.objects.filter(slug__in=_actor_slugs(data["facts"]))}
    for row in data["facts"]:
        reference_record_sync(
            BackgroundFact,
            {"slug": row["slug"]},
            {
                "topic": row["topic"],
                "position": row["position"],
                "year": row["year"],
                "end_year": row["end_year"],
                "title": row["title"],
                "summary": row["summary"],
                "scope": row["scope"],
                "registry_measure": row["registry_measure"],
                "actor": actors.get(row["actor"]),
                "where_to_add": row["where_to_add"],
                "verification": row["verification"],
                "verification_source": fact_source(data["sources"], row["sources"]),
            },
            counts,
        )


def _actor_slugs(rows: list[dict]) -> list[str]:
    return [row["actor"] for row in rows if row["actor"]]
