from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand, CommandError

from portal.core.permissions import Role
from portal.services import user_create


class Command(BaseCommand):
    help = "Opret eller opdater en bruger med én rolle (admin, staff eller board)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[role.value for role in Role])
        parser.add_argument(
            "--password", help="Udelades den, dannes en tilfældig adgangskode, som udskrives."
        )
        parser.add_argument("--email", default="")

    def handle(self, *args, username: str, role: str, password: str | None, email: str, **options):
        if not username.strip():
            raise CommandError("Brugernavnet må ikke være tomt.")
        password = password or secrets.token_urlsafe(12)
        user, created = user_create(username=username, role=Role(role), password=password, email=email)
        verb = "Oprettet" if created else "Opdateret"
        self.stdout.write(f"{verb}: {user.get_username()} (rolle {role}), adgangskode: {password}")
