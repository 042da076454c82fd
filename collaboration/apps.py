from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Samarbejde")

    def ready(self) -> None:
        from collaboration import contributions  # noqa: F401  (registers collaboration's receivers on lower apps' hooks)
