from __future__ import annotations

from django.core.management.base import CommandError

from portal.core.history import RecordedCommand
from surveys.models import Survey
from surveys.services_publish import PREVIEW_KINDS, PublishError, PublishReport, survey_publish


class Command(RecordedCommand):
    help = (
        "Offentliggør en surveys gennemførte besvarelser i klyngernes nordjyske fodaftryk: "
        "survey_publish <slug> [--dry-run]. Kan køres flere gange; administratorers fakta ændres aldrig."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="surveyens korte navn, fx klyngesurvey-2023")
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hvad der ville ændres, men skriv intet"
        )

    def handle(self, *args, slug: str, dry_run: bool, **options):
        survey = Survey.objects.filter(slug=slug).select_related("questionnaire", "period").first()
        if survey is None:
            raise CommandError(f"Ukendt survey: {slug}")
        try:
            report = survey_publish(survey=survey, dry_run=dry_run)
        except PublishError as error:
            raise CommandError(str(error)) from error
        self._report(report)

    def _report(self, report: PublishReport) -> None:
        for preview in report.clusters:
            self.stdout.write(f"{preview.cluster.slug}:")
            for kind, label in PREVIEW_KINDS:
                for line in getattr(preview, kind):
                    self.stdout.write(f"  {label}: {line}")
        totals = ", ".join(f"{report.total(kind)} {label}" for kind, label in PREVIEW_KINDS)
        self.stdout.write(totals + (". Tørkørsel: intet er skrevet." if report.dry_run else "."))
