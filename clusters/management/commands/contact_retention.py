from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from clusters.personal_data import contacts_due_for_review


class Command(BaseCommand):
    help = (
        "Kontaktpersoner til gennemgang (GDPR): klynger, der forlod programmet for mere end "
        "CONTACT_RETENTION_YEARS år siden. Sletter intet; brug contact_erase."
    )

    def handle(self, *args, **options):
        due = list(contacts_due_for_review())
        for contact in due:
            self.stdout.write(f"{contact.cluster.name}: {contact.name} <{contact.email}>")
        self.stdout.write(
            f"{len(due)} kontaktpersoner til gennemgang (opbevaring: {settings.CONTACT_RETENTION_YEARS} år)."
        )
