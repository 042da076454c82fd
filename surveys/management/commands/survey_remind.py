from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from portal.core.history import RecordedCommand
from surveys.models import Survey
from surveys.services_links import links_remind


class Command(RecordedCommand):
    help = (
        "Send en påmindelse til hver inviteret klynge, der ikke har indsendt: survey_remind <slug>. "
        "En klynge får højst én e-mail pr. SURVEY_REMINDER_INTERVAL_DAYS dage; hver påmindelse logges."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="surveyens korte navn, fx klyngesurvey-2023")

    def handle(self, *args, slug: str, **options):
        survey = Survey.objects.filter(slug=slug).first()
        if survey is None:
            raise CommandError(f"Ukendt survey: {slug}")
        sent = links_remind(survey=survey)
        for sending in sent:
            self.stdout.write(f"{sending.link.response.cluster.slug}: {len(sending.recipients)} modtagere")
        self.stdout.write(
            f"{len(sent)} påmindelser sendt (højst én pr. klynge hver {settings.SURVEY_REMINDER_INTERVAL_DAYS}. dag)."
        )
