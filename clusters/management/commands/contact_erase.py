from __future__ import annotations

from django.core.management.base import CommandError

from clusters.personal_data import ContactNotFound, contact_erase
from portal.core.history import RecordedCommand


class Command(RecordedCommand):
    help = (
        "Slet en kontaktperson og dennes oplysninger (GDPR): contact_erase <e-mail>. Historikken beholdes "
        "pseudonymiseret, så ingen spor af navn eller e-mail er tilbage."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="kontaktpersonens e-mailadresse")

    def handle(self, *args, email: str, **options):
        try:
            erased = contact_erase(email=email)
        except ContactNotFound as missing:
            raise CommandError(str(missing)) from missing
        for contact in erased.contacts:
            self.stdout.write(f"Slettet kontaktperson: {contact}")
        self.stdout.write(
            f"Pseudonymiseret {erased.history_rows} historikrækker; ingen spor af {email} er tilbage."
        )
