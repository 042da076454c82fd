from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from portal.synthetic import SyntheticDataError, synthetic_data_clear, synthetic_data_generate


class Command(BaseCommand):
    help = (
        "Erstat de syntetiske benchmarkdata med N gange den realistiske mængde (skala 1 = 13 klynger). "
        "Samme seed giver samme data. Alt markeres som syntetisk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="1 = realistisk, 10, 100 (ca. 1.300 klynger)"
        )
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--clear", action="store_true", help="Fjern blot de syntetiske data")

    def handle(self, *args, scale: int, seed: int, clear: bool, **options):
        try:
            counts = synthetic_data_clear() if clear else synthetic_data_generate(scale=scale, seed=seed)
        except SyntheticDataError as error:
            raise CommandError(str(error)) from error
        verb = "fjernet" if clear else "oprettet"
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count} {verb}")
