from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.core.permissions import is_admin
from portal.twofactor.services import two_factor_reset


class Command(BaseCommand):
    help = (
        "Nulstil en brugers totrinsbekræftelse (mistet telefon): app og reservekoder fjernes, og brugeren "
        "sætter den op igen ved næste login. Skal udføres af en anden administrator (--by)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--by", required=True, help="Brugernavnet på den administrator, der nulstiller.")

    def handle(self, *args, username: str, by: str, **options):
        users = get_user_model().objects
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"Der findes ingen bruger med brugernavnet «{username}».")
        resetter = users.filter(username=by).first()
        if resetter is None or not is_admin(resetter):
            raise CommandError(f"«{by}» er ikke en administrator; kun en administrator kan nulstille.")
        if resetter.pk == user.pk:
            raise CommandError(
                "En administrator kan ikke nulstille sin egen totrinsbekræftelse; bed en anden."
            )
        removed = two_factor_reset(user=user, by=by, os_user=getpass.getuser())
        self.stdout.write(
            f"Totrinsbekræftelsen for {username} er nulstillet ({removed} enheder fjernet). "
            "Brugeren sætter den op igen ved næste login."
        )
