"""Pages kept until any of the portal's data changes: the one caching mechanism.

A view opts in with `@cached_body(varies_on=...)`. Its rendered page is kept in Django's cache under a key made
of the data version and the parts the view declares (language, path, query, roles, date), so a later request
with the same key skips the view: its queries and its rendering. What is the user's own, the header tools (the
CSRF token, the user name) and the messages, is never kept: `base.html` leaves a marked hole for each while a
page is being cached, and every response fills the holes from templates for the request at hand. A page that
still holds a CSRF token or the user's name is served but not kept, so a kept page depends on roles only.

`data_version()` reads a counter in the database that is raised after every committed transaction that wrote
to a table of the portal's apps. A cursor wrapper on every database connection sees the INSERT, UPDATE or
DELETE, whatever issued it (the ORM, bulk and raw inserts, Django admin, loaddata, a shell), so no write path
can forget to invalidate. The counter lives in the database, not the cache, because every gunicorn worker
may have a cache of its own: a write served by one worker must reach what the others hold. With CACHE_URL the
cache is shared by every server; a key holds nothing of one process, so any server may serve a page another
kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from functools import wraps
from hashlib import sha256

from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from portal.core.permissions import user_roles
from portal.models import DataVersion

log = logging.getLogger(__name__)

# Table prefixes of the apps whose data the cached pages show. A false match (another table's column of that
# name) only costs an extra invalidation.
WATCHED_TABLES = ("clusters_", "surveys_", "collaboration_")
WRITES = ("INSERT", "UPDATE", "DELETE")
TIMEOUT = 60 * 60

# The parts of the user's own page that are never kept, each rendered from its template for every response.
HOLES = {
    "<!--portal:hole:header-tools-->": "includes/_header_tools.html",
    "<!--portal:hole:messages-->": "includes/_messages.html",
    "<!--portal:hole:greeting-->": "portal/_greeting.html",
}
CSRF_FIELD = 'name="csrfmiddlewaretoken"'


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


class _PendingRaise:
    """The raise a connection's writes have asked for since its last raise. Every write registers it with
    `on_commit`; the first to run raises, the rest find it done. A savepoint rolled back drops only the
    registrations made inside it, so the writes that stand still raise the version, once."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            data_version_raise(self.alias)


PENDING_ATTRIBUTE = "portal_pending_raise"  # our own attribute on each connection


def _raise_after_commit(connection) -> None:
    pending = getattr(connection, PENDING_ATTRIBUTE, None)
    if pending is None or pending.done:
        pending = _PendingRaise(connection.alias)
        setattr(connection, PENDING_ATTRIBUTE, pending)
    transaction.on_commit(pending, using=connection.alias)


def _writes_watched_table(sql: str) -> bool:
    if not sql.lstrip()[:7].upper().startswith(WRITES):
        return False
    lowered = sql.lower()
    return any(table in lowered for table in WATCHED_TABLES)


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
    connection_created.connect(install_write_watch, dispatch_uid="portal.caching.write_watch")
    pre_migrate.connect(_migrate_starts, dispatch_uid="portal.caching.migrate_starts")
    post_migrate.connect(_migrate_ends, dispatch_uid="portal.caching.migrate_ends")
    for connection in connections.all(initialized_only=True):
        install_write_watch(connection=connection)


# What a cached page may vary by. Nothing here names the user: a kept page is shared by everyone with the
# same roles.
VARIES: dict[str, Callable[[HttpRequest], object]] = {
    "language": lambda request: get_language(),
    "path": lambda request: request.path,
    "query": lambda request: request.META.get("QUERY_STRING", ""),
    "roles": lambda request: sorted(role.value for role in user_roles(request.user)),
    "date": lambda request: date.today().isoformat(),
}


def page_key(request: HttpRequest, varies_on: tuple[str, ...]) -> str:
    parts = (data_version(), *(VARIES[part](request) for part in varies_on))
    return "page:" + sha256(repr(parts).encode()).hexdigest()


def _personal_text(html: str, request: HttpRequest) -> str | None:
    """What in a page being kept belongs to the user rather than to their roles, if anything."""
    if CSRF_FIELD in html:
        return "a CSRF token"
    user = request.user
    names = {user.get_username(), user.get_full_name()} if user.is_authenticated else set()
    for name in names:
        if len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", html):
            return "the user's name"
    return None


def _filled(request: HttpRequest, html: str) -> str:
    for marker, template in HOLES.items():
        if marker in html:
            html = html.replace(marker, render_to_string(template, request=request), 1)
    return html


def cached_body(*, varies_on: tuple[str, ...]):
    """Keep the view's page (GET, status 200) until data changes, per the parts named in `varies_on`.

    The view runs only on a miss, so everything it checks (permission to an object, a 404) is checked before
    a page is kept; its roles check (`allow`) runs on every request, outside this decorator.
    """
    unknown = set(varies_on) - VARIES.keys()
    if unknown:
        raise ValueError(f"cached_body cannot vary on {sorted(unknown)}; choose from {sorted(VARIES)}")

    def decorate(view):
        @wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            key = page_key(request, varies_on)
            kept = cache.get(key)
            if kept is not None:
                content_type, html = kept
                return HttpResponse(_filled(request, html), content_type=content_type)
            request.keeping_page = True  # base.html leaves the holes
            response = view(request, *args, **kwargs)
            request.keeping_page = False
            if response.status_code != 200 or getattr(response, "streaming", False):
                return response
            html = response.content.decode(response.charset)
            personal = _personal_text(html, request)
            if personal is None:
                cache.set(key, (response["Content-Type"], html), TIMEOUT)
            else:
                log.warning("page %s not cached: it holds %s", request.path, personal)
            response.content = _filled(request, html)
            return response

        cached_view.cached_body_varies_on = varies_on
        return cached_view

    return decorate
