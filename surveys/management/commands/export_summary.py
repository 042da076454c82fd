"""python manage.py export_summary <slug> <file.xlsx> [--bestyrelse] [--area ...] [--stage ...] [--presence ...]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from portal.core.xlsx import write_workbook
from surveys.disclosure import STAFF_VIEW, board_view
from surveys.exports import summary_log, summary_sheets
from surveys.filters_dashboard import DashboardFilterSet
from surveys.models import Survey


class Command(BaseCommand):
    help = (
        "Skriv surveyens Excel-opsummering (samme tal som dashboardet). Som standard med klyngernes svar "
        "(som for BRN's medarbejdere); --bestyrelse giver bestyrelsens udgave med samlede tal."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="surveyens korte navn, fx klyngesurvey-2023")
        parser.add_argument("file", help="filen der skrives, fx opsummering.xlsx")
        parser.add_argument("--bestyrelse", action="store_true", help="kun det bestyrelsen må se")
        for name in ("area", "stage", "presence"):
            parser.add_argument(f"--{name}", default="", help=f"filter som på dashboardet ({name})")

    def handle(self, *args, slug: str, file: str, bestyrelse: bool, **options):
        survey = Survey.objects.select_related("questionnaire").filter(slug=slug).first()
        if survey is None:
            raise CommandError(f"Der findes ingen survey med det korte navn »{slug}«.")
        data = {name: options[name] for name in ("area", "stage", "presence") if options[name]}
        filterset = DashboardFilterSet(data or None, survey=survey)
        if filterset.is_bound and not filterset.is_valid():
            errors = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in filterset.errors.items()
            )
            raise CommandError(f"Ugyldigt filter: {errors}")
        # Without --bestyrelse: what BRN's staff see.
        disclosure = board_view(survey=survey, filterset=filterset) if bestyrelse else STAFF_VIEW
        write_workbook(file, summary_sheets(survey=survey, filterset=filterset, disclosure=disclosure))
        summary_log(
            survey=survey, actor="manage.py export_summary", disclosure=disclosure, filterset=filterset
        )
        self.stdout.write(f"Skrev {file}")
