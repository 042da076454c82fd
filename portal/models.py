from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row: a counter that every committed write to the portal's data raises (see portal/core/caching.py)."""

    SINGLETON = 1  # the primary key of the one row

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dataversion")

    def __str__(self) -> str:
        return str(self.version)


class HealthProbe(models.Model):
    """A table that stays empty: /healthz writes a row in a transaction it rolls back, to prove the database
    takes writes. Its name is outside the watched tables (portal/core/caching.py), so the data version stays."""

    class Meta:
        verbose_name = _("sundhedstjek")

    def __str__(self) -> str:
        return str(self.pk)
