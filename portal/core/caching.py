"""Rendered page bodies, cached until any of the portal's data changes.

`data_version()` reads a counter in the database that is raised after every committed transaction that wrote
to a table of the portal's apps. A cursor wrapper on every database connection sees the INSERT, UPDATE or
DELETE, whatever issued it (the ORM, bulk and raw inserts, Django admin, loaddata, a shell), so no write path
can forget to invalidate. The counter lives in the database, not the cache, because every gunicorn worker
has a cache of its own: a write served by one worker must reach what the others hold.

A cache key also holds the language, the request's path and query, the user's roles (pages differ by role)
and today's date (some pages say what is overdue). Bodies holding a CSRF token must not be cached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from hashlib import sha256
from typing import TypeVar

from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.core.permissions import user_roles
from portal.models import DataVersion

# Table prefixes of the apps whose data the cached pages show. A false match (another table's column of that
# name) only costs an extra invalidation.
WATCHED_TABLES = ("clusters_", "surveys_", "collaboration_")
WRITES = ("INSERT", "UPDATE", "DELETE")
TIMEOUT = 60 * 60
T = TypeVar("T")
PENDING_RAISE = "portal_pending_raise"  # on a connection: the raise its open transaction has registered


def data_version() -> int:
    return DataVersion.objects.filter(pk=DataVersion.SINGLETON).values_list("version", flat=True).first() or 0


def data_version_raise(using: str = "default") -> None:
    versions = DataVersion.objects.using(using).filter(pk=DataVersion.SINGLETON)
    if not versions.update(version=F("version") + 1):
        # The first raise (or one after a flush); the fixed key makes two connections racing here agree.
        _, created = DataVersion.objects.using(using).get_or_create(
            pk=DataVersion.SINGLETON, defaults={"version": 1}
        )
        if not created:
            versions.update(version=F("version") + 1)


def _writes_watched_table(sql: str) -> bool:
    if not sql.lstrip()[:7].upper().startswith(WRITES):
        return False
    lowered = sql.lower()
    return any(table in lowered for table in WATCHED_TABLES)


def _raise_after_commit(connection) -> None:
    # One raise per transaction however many rows it writes. A registered raise that is no longer in
    # `run_on_commit` (entries: savepoints, callback, robust) was dropped with a rolled-back savepoint, so the
    # write registers again. Outside a transaction on_commit raises at once.
    pending = getattr(connection, PENDING_RAISE, None)
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        return

    def raise_version() -> None:
        setattr(connection, PENDING_RAISE, None)
        data_version_raise(connection.alias)

    setattr(connection, PENDING_RAISE, raise_version)
    transaction.on_commit(raise_version, using=connection.alias)


class _Migrating:
    # Data migrations write watched tables before the counter's own table may exist; `migrate` raises the
    # counter once when it is done instead.
    active = False


def _migrate_starts(sender, **kwargs) -> None:
    _Migrating.active = True


def _migrate_ends(sender, using="default", **kwargs) -> None:
    if sender.name == "portal":
        _Migrating.active = False
        data_version_raise(using)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not _Migrating.active and isinstance(sql, str) and _writes_watched_table(sql):
        _raise_after_commit(context["connection"])
    return result


def install_write_watch(sender=None, connection=None, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def watch_all_connections() -> None:
    connection_created.connect(install_write_watch, dispatch_uid="portal.core.caching.write_watch")
    pre_migrate.connect(_migrate_starts, dispatch_uid="portal.core.caching.migrate_starts")
    post_migrate.connect(_migrate_ends, dispatch_uid="portal.core.caching.migrate_ends")
    for connection in connections.all(initialized_only=True):
        install_write_watch(connection=connection)


def _key(prefix: str, parts: tuple) -> str:
    return f"{prefix}:" + sha256(repr((data_version(), get_language(), *parts)).encode()).hexdigest()


def cached_until_change(name: str, compute: Callable[[], T], *vary) -> T:
    """`compute()`, from the cache while no data has changed; `vary` is whatever else the value depends on
    (the language is always part of the key)."""
    return cache.get_or_set(_key(name, vary), compute, TIMEOUT)


def fragment_key(name: str, request) -> str:
    roles = sorted(role.value for role in user_roles(request.user))
    return _key(f"fragment:{name}", (date.today().isoformat(), request.get_full_path(), roles))


def cached_fragment(request, *, name: str, template: str, context: Callable[[], dict]) -> SafeString:
    """`template` rendered with `context()`, from the cache while no data has changed since it was rendered.

    `context` is only called on a miss, so a hit skips the page's queries as well as its rendering.
    """
    key = fragment_key(name, request)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context(), request=request)
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)


def render_with_cached_body(
    request,
    template: str,
    *,
    name: str,
    body_template: str,
    context: Callable[[], dict],
    page: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """`template`, a page that puts `{{ body }}` in its content block, with the body rendered from
    `body_template` by `cached_fragment`; `page` is what the page needs outside the body (title, breadcrumbs)."""
    body = cached_fragment(request, name=name, template=body_template, context=context)
    return render(request, template, {**(page or {}), "body": body}, status=status)
