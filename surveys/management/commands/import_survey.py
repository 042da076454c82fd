from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from portal.core.history import RecordedCommand
from surveys.models import Survey
from surveys.services_import import ImportResult, survey_import


class Command(RecordedCommand):
    help = (
        "Indlæs svar fra en udfyldt Excel-skabelon: import_survey <slug> <fil.xlsx> [--dry-run]. "
        "Alt eller intet: ved fejl ændres intet, alle fejl vises, og kommandoen slutter med fejlkode."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="surveyens korte navn, fx klyngesurvey-2023")
        parser.add_argument("file", help="den udfyldte .xlsx-fil")
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hvad der ville ændres, men skriv intet"
        )

    def handle(self, *args, slug: str, file: str, dry_run: bool, **options):
        survey = Survey.objects.filter(slug=slug).select_related("questionnaire").first()
        if survey is None:
            raise CommandError(f"Ukendt survey: {slug}")
        if not Path(file).is_file():
            raise CommandError(f"Filen findes ikke: {file}")
        result = survey_import(survey=survey, file=file, dry_run=dry_run)
        refuse_on_errors(self.stderr, result, file)
        report(self.stdout, result)


def refuse_on_errors(err, result: ImportResult, source) -> None:
    """Print every error listed (and how many more there are) and stop with a non-zero exit code."""
    if result.ok:
        return
    for issue in result.errors:
        err.write(str(issue))
    if result.errors_not_shown:
        err.write(f"… og {result.errors_not_shown} fejl mere.")
    raise CommandError(f"{len(result.errors) + result.errors_not_shown} fejl i {source}; intet er ændret.")


def report(out, result: ImportResult) -> None:
    """What an import changed (or would change): per cluster its status, then every changed, new and removed
    answer with its old and new value, and a summary that counts the removals; shared by both imports."""
    for preview in result.previews:
        diff = preview.diff
        if not diff.has_changes:
            continue
        out.write(f"{diff.response.cluster.slug}: status {diff.old_status} → {diff.new_status}")
        for change in preview.changed:
            out.write(f"  ændret {change.code}: {change.old} → {change.new}")
        for change in preview.added:
            out.write(f"  nyt {change.code}: {change.new}")
        for change in preview.removed:
            out.write(f"  FJERNET {change.code} (var: {change.old})")
    unchanged = len(result.diffs) - len(result.changes)
    verb = "ville blive ændret" if result.dry_run else "ændret"
    out.write(
        f"{len(result.changes)} klynger {verb}, {unchanged} uændrede, {len(result.skipped)} tomme rækker sprunget over, "
        f"{result.removed_count} eksisterende svar fjernet."
        + (" Tørkørsel: intet er skrevet." if result.dry_run else "")
    )
