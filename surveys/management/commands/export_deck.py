"""python manage.py export_deck <slug> <direktion|bestyrelse> <file.pptx> [--area ...] [--stage ...] [--presence ...]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from surveys.dashboard_content import AUDIENCES
from surveys.deck import meeting_pack_deck
from surveys.disclosure import STAFF_VIEW, board_view
from surveys.filters_dashboard import DashboardFilterSet
from surveys.models import Survey

FILTERS = ("area", "stage", "presence")


class Command(BaseCommand):
    help = (
        "Skriv mødepakken som PowerPoint (samme tal som dashboardet): direktionens udgave med klyngernes svar "
        "(som for BRN's medarbejdere) eller bestyrelsens med det, bestyrelsen må se."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="surveyens korte navn, fx klyngesurvey-2023")
        parser.add_argument("audience", help="direktion eller bestyrelse")
        parser.add_argument("file", help="filen der skrives, fx bestyrelse.pptx")
        for name in FILTERS:
            parser.add_argument(f"--{name}", default="", help=f"filter som på dashboardet ({name})")

    def handle(self, *args, slug: str, audience: str, file: str, **options):
        if audience not in AUDIENCES:
            raise CommandError(f"Ukendt modtager »{audience}«: skriv direktion eller bestyrelse.")
        survey = Survey.objects.select_related("questionnaire", "period").filter(slug=slug).first()
        if survey is None:
            raise CommandError(f"Der findes ingen survey med det korte navn »{slug}«.")
        data = {name: options[name] for name in FILTERS if options[name]}
        filterset = DashboardFilterSet(data or None, survey=survey)
        if filterset.is_bound and not filterset.is_valid():
            errors = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in filterset.errors.items()
            )
            raise CommandError(f"Ugyldigt filter: {errors}")
        # The management's deck is what BRN's staff see; the board's is the board's view.
        disclosure = (
            board_view(survey=survey, filterset=filterset) if audience == "bestyrelse" else STAFF_VIEW
        )
        body = meeting_pack_deck(survey=survey, filterset=filterset, disclosure=disclosure, audience=audience)
        with open(file, "wb") as target:
            target.write(body)
        self.stdout.write(f"Skrev {file}")
