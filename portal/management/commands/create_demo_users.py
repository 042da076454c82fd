from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.core.permissions import Role
from portal.services import user_create

# For a local demonstration only; `make run` prints them. Never use these names on a real server.
DEMO_USERS = {
    Role.ADMIN: ("demo-admin", "klynge-admin-demo"),
    Role.STAFF: ("demo-staff", "klynge-staff-demo"),
    Role.BOARD: ("demo-board", "klynge-board-demo"),
}


class Command(BaseCommand):
    help = "Opret én demobruger pr. rolle og udskriv brugernavne og adgangskoder (kun til lokal demo)."

    def handle(self, *args, **options):
        self.stdout.write("Demobrugere (kun til lokal demo):")
        for role, (username, password) in DEMO_USERS.items():
            user_create(username=username, role=role, password=password)
            self.stdout.write(f"  {role.value:<6} brugernavn: {username:<11} adgangskode: {password}")
        self.stdout.write(
            "  demo-admin sætter totrinsbekræftelse op ved første login: scan QR-koden, eller skriv nøglen "
            "ind i en godkendelsesapp (eller `oathtool --totp -b <nøgle>`)."
        )
