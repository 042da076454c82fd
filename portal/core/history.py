"""Who changed what: the change reason every history row carries outside a request, and the compact change
list the "Historik" sections show.

In a request django-simple-history's middleware records the signed-in user. A management command or a
respondent's link has no user, so it names itself instead: `with history_reason("svarlink: 12"): ...` adds
that reason to every history row written inside, those simple-history writes itself and those
surveys.bulk copies in SQL. Writing commands derive from `RecordedCommand`, which does this with the
command's name and the operating-system user ("kommando: import_survey (os-bruger: alice)").
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import ClassVar

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history import manager as history_manager
from simple_history import models as history_models
from simple_history.signals import pre_create_historical_record

REASON_MAX_LENGTH = 100  # simple-history's history_change_reason column
# Bookkeeping columns a change list leaves out: they change with every save and say nothing.
UNSHOWN_FIELDS = frozenset({"id", "updated_at", "created_at", "version", "updated_by", "created_by"})

_acting = ContextVar("history_acting", default="")


def joined_reason(reason: str = "") -> str:
    """`reason` followed by who is acting (the innermost `history_reason`), cut to the column's length."""
    return " · ".join(part for part in (reason, _acting.get()) if part)[:REASON_MAX_LENGTH]


@contextmanager
def history_reason(reason: str) -> Iterator[None]:
    token = _acting.set(reason)
    try:
        yield
    finally:
        _acting.reset(token)


def command_reason(name: str) -> str:
    return f"kommando: {name} (os-bruger: {getpass.getuser()})"


class RecordedCommand(BaseCommand):
    """A management command whose writes carry its name and the operating-system user in their history."""

    def execute(self, *args, **options):
        with history_reason(command_reason(self.__module__.rsplit(".", 1)[-1])):
            return super().execute(*args, **options)


class HistoryManager(history_manager.HistoryManager):
    """django-simple-history's manager, its class made once per queryset class.

    Simple-history's descriptor makes a new manager class (`Manager.from_queryset`, which walks the queryset
    class with `inspect`) on every `instance.history`, and every save reads it to write its record: about a
    tenth of the cost of a save.
    """

    _classes: ClassVar[dict[tuple, type]] = {}

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        key = (cls, queryset_class, class_name)
        if key not in cls._classes:
            cls._classes[key] = super().from_queryset(queryset_class, class_name)
        return cls._classes[key]


class HistoricalRecords(history_models.HistoricalRecords):
    """The history every portal model keeps: simple-history's, with the manager above."""

    registered: ClassVar[dict[type[models.Model], HistoricalRecords]] = {}

    def __init__(self, *args, history_manager=HistoryManager, **kwargs) -> None:
        super().__init__(*args, history_manager=history_manager, **kwargs)

    def finalize(self, sender, **kwargs) -> None:
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) == self.manager_name:
            self.registered.setdefault(sender, self)


def create_with_history(model: type[models.Model], links: dict[str, Iterable], **fields) -> models.Model:
    """A new record with its many-to-many links, and one history row ("+") that holds the links.

    Simple-history writes a row for the save and another for every link set, each copying every link of the
    record: a record made with three links had four rows, and publishing a wave makes one per reported
    agreement.
    """
    instance = model(**fields)
    instance.skip_history_when_saving = True
    instance.save()
    for name, related in links.items():
        if related := list(related):
            getattr(instance, name).add(*related)
    del instance.skip_history_when_saving
    HistoricalRecords.registered[model].create_historical_record(instance, "+")
    return instance


@receiver(pre_create_historical_record)
def _add_acting_reason(sender, history_instance, **kwargs) -> None:
    if _acting.get():
        history_instance.history_change_reason = joined_reason(history_instance.history_change_reason or "")


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    reason: str
    kind: str  # verbose name of the model
    label: str
    action: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class HistorySource:
    """Historical rows to show (`records`, a simple-history queryset) and how to name one row."""

    records: models.QuerySet
    label: Callable[[models.Model], str] | None = None
    names: dict[str, dict] = field(default_factory=dict)  # attname → {value: what to show}, e.g. for FKs


ACTIONS = {"+": _("oprettet"), "~": _("ændret"), "-": _("slettet")}


def history_section(*, sources: Iterable[HistorySource], shown: int = 10, limit: int = 40) -> dict:
    """The context of `includes/_history.html`: the latest `shown` changes, and older ones up to `limit`."""
    entries = history_entries(sources=sources, limit=limit)
    return {"recent": entries[:shown], "older": entries[shown:]}


def history_entries(*, sources: Iterable[HistorySource], limit: int) -> list[HistoryEntry]:
    """The latest `limit` changes across `sources`, newest first, each with its changed fields old → new.

    Two queries per source whatever the history holds: the rows (with the previous row's id of the same
    object as a subquery) and those previous rows.
    """
    entries = []
    for source in sources:
        entries += _source_entries(source, limit)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def _source_entries(source: HistorySource, limit: int) -> list[HistoryEntry]:
    model = source.records.model
    previous = model._default_manager.filter(
        id=OuterRef("id"), history_date__lte=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_date", "-history_id")
    # The user's name alone: selecting the whole user with every row cost more to build than the rows.
    rows = list(
        source.records.annotate(
            previous_id=Subquery(previous.values("history_id")[:1]),
            changed_by=F(f"history_user__{get_user_model().USERNAME_FIELD}"),
        ).order_by("-history_date", "-history_id")[:limit]
    )
    previous_rows = model._default_manager.in_bulk([row.previous_id for row in rows if row.previous_id])
    fields = [f for f in model.tracked_fields if f.name not in UNSHOWN_FIELDS]
    label = source.label or _default_label
    return [
        HistoryEntry(
            when=row.history_date,
            who=row.changed_by or "",
            reason=row.history_change_reason or "",
            kind=str(model.instance_type._meta.verbose_name),
            label=label(row),
            action=str(ACTIONS.get(row.history_type, row.history_type)),
            changes=_changes(fields, previous_rows.get(row.previous_id), row, source.names),
        )
        for row in rows
    ]


LABEL_FIELDS = ("name", "title", "label", "description", "year")


def _default_label(row: models.Model) -> str:
    """The row's name, title or the like; no related object, so no query."""
    return str(next((value for name in LABEL_FIELDS if (value := getattr(row, name, None))), ""))


def _changes(fields: list[models.Field], old, new, names: dict[str, dict]) -> list[Change]:
    if old is None or new.history_type == "-":
        return []
    return [
        Change(
            str(f.verbose_name),
            _shown(f, getattr(old, f.attname), names),
            _shown(f, getattr(new, f.attname), names),
        )
        for f in fields
        if getattr(old, f.attname) != getattr(new, f.attname)
    ]


def _shown(model_field: models.Field, value, names: dict[str, dict]) -> str:
    if value is None or value == "":
        return "–"
    if model_field.attname in names:
        return str(names[model_field.attname].get(value, f"#{value}"))
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)
