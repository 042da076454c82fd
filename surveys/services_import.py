"""Importing a filled Excel template: all or nothing, every error reported, optionally as a dry run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Cluster
from surveys import excel_import
from surveys.excel_template import ANSWER_SHEET, CLUSTER
from surveys.models import Survey
from surveys.schema import schema_load
from surveys.services import ResponseDiff, responses_apply, responses_diff


@dataclass
class ImportResult:
    errors: list[excel_import.ImportIssue]
    diffs: list[ResponseDiff]
    skipped: list[str]  # clusters whose rows were blank: left untouched
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> list[ResponseDiff]:
        return [diff for diff in self.diffs if diff.has_changes]


def _file_bytes(file: str | Path | bytes | IO[bytes], name: str) -> tuple[bytes, str, int]:
    """The file's first bytes up to just over the size limit, its name and its real size."""
    limit = settings.SURVEY_IMPORT_MAX_BYTES + 1
    if isinstance(file, bytes):
        return file[:limit], name, len(file)
    if isinstance(file, str | Path):
        path = Path(file)
        with path.open("rb") as handle:
            return handle.read(limit), name or path.name, path.stat().st_size
    data = file.read(limit)
    return data, name or Path(getattr(file, "name", "") or "").name, getattr(file, "size", None) or len(data)


@transaction.atomic
def survey_import(
    *,
    survey: Survey,
    file: str | Path | bytes | IO[bytes],
    dry_run: bool = False,
    user=None,
    name: str = "",
) -> ImportResult:
    """Read a filled template and replace the answers of every cluster with a non-blank row.

    All or nothing: any error anywhere means nothing is written, and every error is reported.
    With `dry_run` the changes are computed and reported but not written.
    """
    data, name, size = _file_bytes(file, name)
    schema = schema_load(survey.questionnaire)
    parsed = excel_import.read(data, schema, name, size)
    errors = list(parsed.errors)
    responses = {
        response.cluster.slug: response
        for response in survey.responses.select_related("cluster").select_for_update(of=("self",))
    }
    strangers = {slug: row for slug, row in parsed.clusters.items() if slug not in responses}
    known = set(Cluster.objects.filter(slug__in=list(strangers)).values_list("slug", flat=True))
    for slug, row in strangers.items():
        message = _("Klyngen er ikke inviteret til denne survey.") if slug in known else _("Ukendt klynge.")
        errors.append(excel_import.ImportIssue(ANSWER_SHEET, row, CLUSTER, slug, message))
    errors.sort(key=lambda issue: issue.row or 0)
    if errors:
        return ImportResult(errors=errors, diffs=[], skipped=[], dry_run=dry_run)
    wanted = {responses[row.cluster_slug]: (row.status, row.answers) for row in parsed.rows}
    diffs = responses_diff(schema=schema, wanted=wanted)
    if not dry_run:
        responses_apply(diffs, schema=schema, user=user, reason="import")
    return ImportResult(errors=[], diffs=diffs, skipped=parsed.skipped, dry_run=dry_run)
