from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from collaboration.selectors_followup import followup_items
from collaboration.services_digest import digest_send


class Command(BaseCommand):
    help = (
        "Vis listen Til opfølgning (overskredet eller forfalder inden for 30 dage). Med --send: mail den til "
        "de medarbejdere og administratorer, der har tilmeldt sig; hvert punkt højst én gang om dagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--send", action="store_true", help="Send e-mails i stedet for kun at vise listen."
        )
        parser.add_argument("--date", help="Dagens dato som ÅÅÅÅ-MM-DD (standard: i dag).")
        parser.add_argument(
            "--site-url",
            default="",
            help="Portalens adresse foran links i mailen, fx https://klynger.example.dk",
        )

    def handle(self, *args, **options):
        today = self._date(options["date"])
        items = followup_items(today=today)
        for item in items:
            due = item.due.isoformat() if item.due else "uden dato"
            overdue = " (overskredet)" if item.overdue else ""
            self.stdout.write(f"{due}{overdue} · {item.kind_label}: {item.title} – {item.detail}")
        if not items:
            self.stdout.write("Intet til opfølgning.")
        if options["send"]:
            counts = digest_send(items=items, today=today, site_url=options["site_url"].rstrip("/"))
            self.stdout.write(f"sendt: {counts['mails']} e-mails med {counts['items']} punkter")

    def _date(self, value: str | None) -> dt.date:
        if not value:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date: »{value}« er ikke en dato på formen ÅÅÅÅ-MM-DD.") from None
