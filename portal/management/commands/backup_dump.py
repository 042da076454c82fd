from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by migrate (content types, permissions) or not worth keeping (sessions, sign-in throttling).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = (
        "Skriv alle portalens data (også ændringshistorik og brugere) til en JSON-fil, evt. .json.gz. "
        "Databaseuafhængig; til PostgreSQL bruges ellers pg_dump. Læses ind igen med backup_restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            output=file,
            stdout=self.stdout,
        )
        self.stdout.write(f"Data skrevet til {file}.")
