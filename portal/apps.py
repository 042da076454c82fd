from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import signals  # noqa: F401  (sign-in audit log)
        from portal.core import history  # noqa: F401  (change reasons of commands and answer links)
        from portal.core.caching import watch_all_connections

        watch_all_connections()
