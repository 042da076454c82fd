from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.models import Survey
from surveys.services_import import ImportResult, survey_import


class Command(BaseCommand):
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
        if not result.ok:
            for issue in result.errors:
                self.stderr.write(str(issue))
            if result.errors_not_shown:
                self.stderr.write(f"… og {result.errors_not_shown} fejl mere.")
            raise CommandError(
                f"{len(result.errors) + result.errors_not_shown} fejl i {file}; intet er ændret."
            )
        report(self.stdout, result)


def report(out, result: ImportResult) -> None:
    """What an import changed (or would change), one line per cluster and a summary; shared by both imports."""
    for diff in result.changes:
        parts = [f"{diff.response.cluster.slug}: status {diff.old_status} → {diff.new_status}"]
        for label, codes in (("nye", diff.added), ("ændrede", diff.changed), ("fjernede", diff.removed)):
            if codes:
                parts.append(f"{label} svar: {', '.join(codes)}")
        out.write("; ".join(parts))
    unchanged = len(result.diffs) - len(result.changes)
    verb = "ville blive ændret" if result.dry_run else "ændret"
    out.write(
        f"{len(result.changes)} klynger {verb}, {unchanged} uændrede, {len(result.skipped)} tomme rækker sprunget over."
        + (" Tørkørsel: intet er skrevet." if result.dry_run else "")
    )
