from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from clusters.personal_data import ContactNotFound, contact_export


class Command(BaseCommand):
    help = "Alt, portalen har om én kontaktperson (GDPR-indsigt), som JSON: contact_export <e-mail>."

    def add_arguments(self, parser):
        parser.add_argument("email", help="kontaktpersonens e-mailadresse")

    def handle(self, *args, email: str, **options):
        try:
            found = contact_export(email=email)
        except ContactNotFound as missing:
            raise CommandError(str(missing)) from missing
        self.stdout.write(json.dumps(found, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
