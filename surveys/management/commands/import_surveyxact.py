from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from portal.core.history import RecordedCommand
from surveys.models import Survey
from surveys.services_import import surveyxact_import
from surveys.surveyxact_mapping import MappingError, mapping_parse

from .import_survey import refuse_on_errors, report


class Command(RecordedCommand):
    help = (
        "Indlæs svar fra en SurveyXact-eksport: import_surveyxact <slug> <eksport.xlsx|eksport.zip|mappe> "
        "[--mapping mapping.json] [--dry-run]. Alt eller intet: ved fejl ændres intet, alle fejl vises, "
        "og kommandoen slutter med fejlkode. En mapping givet her gemmes med surveyen efter en vellykket import."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="surveyens korte navn, fx klyngesurvey-2023")
        parser.add_argument(
            "path", help="eksporten: .xlsx, .zip med de tre CSV-filer, eller en mappe med dem"
        )
        parser.add_argument("--mapping", help="mapping-fil (JSON); ellers bruges surveyens gemte mapping")
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hvad der ville ændres, men skriv intet"
        )

    def handle(self, *args, slug: str, path: str, mapping: str | None, dry_run: bool, **options):
        survey = Survey.objects.filter(slug=slug).select_related("questionnaire").first()
        if survey is None:
            raise CommandError(f"Ukendt survey: {slug}")
        if not Path(path).exists():
            raise CommandError(f"Eksporten findes ikke: {path}")
        try:
            given = mapping_parse(Path(mapping).read_bytes()) if mapping else None
        except (OSError, MappingError) as error:
            raise CommandError(f"Mappingen kan ikke læses: {error}") from None
        result = surveyxact_import(survey=survey, file=Path(path), mapping=given, dry_run=dry_run)
        refuse_on_errors(self.stderr, result, path)
        for note in result.notes:
            self.stdout.write(str(note))
        report(self.stdout, result)
