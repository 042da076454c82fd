"""Importing a filled Excel template: all or nothing, every error reported, optionally as a dry run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster
from surveys import excel_import
from surveys.excel_import import FileRejected
from surveys.import_preview import ClusterPreview, cluster_previews
from surveys.models import Response, Survey
from surveys.schema import Schema, schema_load
from surveys.services import ResponseDiff, responses_apply, responses_diff
from surveys.surveyxact_export import Export, export_read
from surveys.surveyxact_import import rows_read
from surveys.surveyxact_mapping import mapping_problems, mapping_propose, normalised


@dataclass
class ImportResult:
    errors: list[excel_import.ImportIssue]
    diffs: list[ResponseDiff]
    skipped: list[str]  # clusters whose rows were blank: left untouched
    dry_run: bool
    notes: list[excel_import.ImportIssue] = field(default_factory=list)
    errors_not_shown: int = 0  # beyond the errors listed
    schema: Schema | None = None

    @property
    def previews(self) -> list[ClusterPreview]:
        """Per cluster, in words: new, changed (old → new) and removed answers."""
        return cluster_previews(self.diffs, self.schema) if self.schema else []

    @property
    def removed_count(self) -> int:
        """Existing answers the import removes: confirming that takes an explicit tick."""
        return sum(len(diff.removed) for diff in self.diffs)

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
    parsed = excel_import.read(data, schema, name, size, max_rows=rows_allowed(survey))
    return _parsed_import(survey, schema, parsed, dry_run=dry_run, user=user, reason="import")


def rows_allowed(survey: Survey) -> int:
    """Rows with data an import reads before it stops: far more than the invited clusters, never unbounded."""
    return survey.responses.count() * 3 + 100


def _invitations(survey: Survey) -> dict[str, Response]:
    """The survey's responses by cluster slug, locked until the import's transaction ends."""
    return {
        response.cluster.slug: response
        for response in survey.responses.select_related("cluster").select_for_update(of=("self",))
    }


def _parsed_import(
    survey: Survey, schema: Schema, parsed: excel_import.ParsedFile, *, dry_run: bool, user, reason: str
) -> ImportResult:
    """The shared second half of every import: check the clusters, compare with what is stored, write."""
    errors = list(parsed.errors)
    responses = _invitations(survey)
    strangers = {slug: row for slug, row in parsed.clusters.items() if slug not in responses}
    known = set(Cluster.objects.filter(slug__in=list(strangers)).values_list("slug", flat=True))
    for slug, row in strangers.items():
        message = _("Klyngen er ikke inviteret til denne survey.") if slug in known else _("Ukendt klynge.")
        errors.append(excel_import.ImportIssue(parsed.sheet, row, parsed.cluster_column, slug, message))
    errors.sort(key=lambda issue: issue.row or 0)
    if errors:
        shown = errors[: excel_import.MAX_ERRORS]
        return ImportResult(
            errors=shown,
            diffs=[],
            skipped=[],
            dry_run=dry_run,
            notes=parsed.notes,
            errors_not_shown=parsed.errors_not_shown + len(errors) - len(shown),
        )
    wanted = {responses[row.cluster_slug]: (row.status, row.answers) for row in parsed.rows}
    diffs = responses_diff(schema=schema, wanted=wanted)
    if not dry_run:
        responses_apply(diffs, schema=schema, user=user, reason=reason)
        _record_sources(diffs, parsed.rows, reason)
    return ImportResult(
        errors=[], diffs=diffs, skipped=parsed.skipped, dry_run=dry_run, notes=parsed.notes, schema=schema
    )


def _record_sources(diffs: list[ResponseDiff], rows: list[excel_import.ParsedRow], reason: str) -> None:
    """Name each row's source (SurveyXact: the respondentid) and the time in its response's history."""
    sources = {row.cluster_slug: row.source for row in rows if row.source}
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    for diff in diffs:
        source = sources.get(diff.response.cluster.slug)
        if source and diff.has_changes:
            latest = Response.history.filter(id=diff.response.pk).order_by("-history_id").first()
            latest.history_change_reason = f"{reason} · respondentid {source} · {stamp}"[:100]
            latest.save(update_fields=["history_change_reason"])


@transaction.atomic
def surveyxact_import(
    *,
    survey: Survey,
    file: str | Path | bytes | IO[bytes],
    mapping: dict | None = None,
    dry_run: bool = False,
    user=None,
    name: str = "",
) -> ImportResult:
    """Read a SurveyXact export (xlsx, zip or folder) through the survey's mapping, or `mapping` if given.

    The same rules as `survey_import`: all or nothing, every error reported, `dry_run` writes nothing.
    """
    schema = schema_load(survey.questionnaire)
    try:
        export = _export_load(file, name, max_rows=rows_allowed(survey))
    except FileRejected as rejected:
        return ImportResult(errors=[rejected.issue], diffs=[], skipped=[], dry_run=dry_run)
    mapping = survey.surveyxact_mapping if mapping is None else mapping
    problems = (
        mapping_problems(mapping, schema=schema, export=export, survey_slug=survey.slug)
        if mapping
        else [_("Surveyen har ingen SurveyXact-mapping endnu.")]
    )
    if problems:
        issues = [excel_import.ImportIssue("", None, "mapping", "", problem) for problem in problems]
        return ImportResult(errors=issues, diffs=[], skipped=[], dry_run=dry_run)
    parsed = rows_read(
        export=export,
        mapping=mapping,
        schema=schema,
        cluster_slugs=_cluster_slugs(survey),
        max_rows=rows_allowed(survey),
    )
    result = _parsed_import(survey, schema, parsed, dry_run=dry_run, user=user, reason="SurveyXact")
    if result.ok and not dry_run and mapping != survey.surveyxact_mapping:  # kept for the next import
        survey.surveyxact_mapping = mapping
        survey.save(update_fields=["surveyxact_mapping"])
    return result


def _export_load(file: str | Path | bytes | IO[bytes], name: str, max_rows: int | None = None) -> Export:
    if isinstance(file, str | Path) and Path(file).is_dir():
        return export_read(Path(file))
    data, name, size = _file_bytes(file, name)
    return export_read(data, name, size, max_rows=max_rows)


def surveyxact_mapping_proposal(
    *, survey: Survey, file: str | Path | bytes | IO[bytes], name: str = ""
) -> dict:
    """A draft mapping for this export, matched on texts and labels; FileRejected if it is no export."""
    export = _export_load(file, name)
    return mapping_propose(schema=schema_load(survey.questionnaire), export=export, survey_slug=survey.slug)


def _cluster_slugs(survey: Survey) -> dict[str, str]:
    """Normalised cluster name or slug → slug, for the invited clusters and every other cluster."""
    slugs = {}
    for slug, cluster_name in Cluster.objects.values_list("slug", "name"):
        slugs.setdefault(normalised(cluster_name), slug)
        slugs.setdefault(normalised(slug), slug)
    return slugs
