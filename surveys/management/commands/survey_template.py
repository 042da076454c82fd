from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from surveys.excel_template import survey_template_write
from surveys.models import Survey


class Command(BaseCommand):
    help = "Skriv Excel-skabelonen for en survey: survey_template <slug> <fil.xlsx>."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="surveyens korte navn, fx klyngesurvey-2023")
        parser.add_argument("file", help="den .xlsx-fil der skal skrives")

    def handle(self, *args, slug: str, file: str, **options):
        survey = Survey.objects.filter(slug=slug).select_related("questionnaire").first()
        if survey is None:
            raise CommandError(f"Ukendt survey: {slug}")
        survey_template_write(survey=survey, file=file)
        self.stdout.write(f"Skabelon skrevet til {file} ({survey.responses.count()} klynger).")
