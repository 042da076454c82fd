from __future__ import annotations

from django.core.management import call_command

from collaboration.services import collaboration_load_demo
from portal.core.history import RecordedCommand
from surveys.services_loaders import survey_load_demo
from surveys.services_publish import demo_waves_publish


class Command(RecordedCommand):
    help = "Indlæs illustrative demodata oven på referencedata (markeres som demo overalt). Kan køres flere gange."

    def handle(self, *args, **options):
        call_command("load_reference_data", stdout=self.stdout)
        loaders: list = [
            ("survey", survey_load_demo),
            ("samarbejde", collaboration_load_demo),
            ("fodaftryk", demo_waves_publish),
        ]
        for label, loader in loaders:
            counts = loader()
            self.stdout.write(f"demo {label}: {counts}")
