from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Indlæs en fil fra backup_dump i en nyligt migreret database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        # The backup holds the change history itself. Without this, restoring an agreement's clusters,
        # actors and municipalities (many-to-many) would add a new history entry for every agreement.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", file, stdout=self.stdout)
