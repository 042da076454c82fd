from __future__ import annotations

from clusters.services import registry_load_reference
from collaboration.services import collaboration_load_reference
from portal.core.history import RecordedCommand
from portal.services import roles_ensure_groups
from surveys.services_loaders import survey_load_reference


class Command(RecordedCommand):
    help = "Indlæs referencedata (klynger, kommuner, aktører, survey, samarbejdsmodeller). Kan køres flere gange."

    def handle(self, *args, **options):
        roles_ensure_groups()
        loaders = [
            ("register", registry_load_reference),
            ("samarbejde", collaboration_load_reference),
            ("survey", survey_load_reference),
        ]
        for label, loader in loaders:
            counts = loader()
            self.stdout.write(f"{label}: {counts['created']} oprettet, {counts['updated']} opdateret")
