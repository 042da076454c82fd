"""Fast writes with change history, for imports of thousands of responses.

The ORM's bulk_create spends most of its time preparing each value of each model instance; a 10,000-row
import writes about 180,000 answers and choices. Here new and changed rows are plain tuples (SQLite: one
prepared statement run per row; PostgreSQL: multi-row INSERT statements). History rows never pass through
Python: the database copies them from the rows as they stand after the write (`INSERT INTO … SELECT`), the
same rows django-simple-history writes itself (`+` created, `~` changed): every tracked field, history_date,
history_user, history_change_reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from portal.core.history import joined_reason

MAX_ROWS_PER_STATEMENT = 2000


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def max_pk(model: type[models.Model]) -> int:
    """The highest primary key so far: rows inserted afterwards have higher ones (sequences never go back)."""
    return model._default_manager.aggregate(top=Max("pk"))["top"] or 0


def _columns(model: type[models.Model], attnames: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(model._meta.get_field(name).column) for name in attnames]


def insert(model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Insert `rows`, tuples of plain column values (ints, bools, text, None) in the order of `attnames`."""
    if not rows:
        return
    head = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(_columns(model, attnames))}) VALUES "
    )
    one = f"({', '.join(['%s'] * len(attnames))})"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # In-process: one prepared statement run per row is fastest, and needs no parameter limit.
            cursor.executemany(head + one, rows)
            return
        # Over the network: few round trips, each a multi-row statement within the parameter limit.
        params_limit = connection.features.max_query_params or 65535
        per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, params_limit // len(attnames)))
        for chunk in batched(rows, per_statement):
            cursor.execute(head + ", ".join([one] * len(chunk)), [value for row in chunk for value in row])


def update(model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Set the columns `attnames` of each row: tuples of their values followed by the row's primary key."""
    if not rows:
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{column} = %s" for column in _columns(model, attnames))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
            f"WHERE {quote(model._meta.pk.column)} = %s",
            rows,
        )


def history_copy(queryset: models.QuerySet, *, history_type: str, user=None, reason: str = "") -> None:
    """One history row for each row of `queryset` as it stands now, written by the database in one statement."""
    history_model = queryset.model.history.model
    tracked = history_model.tracked_fields
    select, params = (
        queryset.order_by().values_list(*[field.attname for field in tracked]).query.sql_with_params()
    )
    extra = {
        "history_date": connection.ops.adapt_datetimefield_value(timezone.now()),
        "history_change_reason": joined_reason(reason) or None,
        "history_type": history_type,
        "history_user_id": getattr(user, "pk", None),
    }
    quote = connection.ops.quote_name
    columns = [field.column for field in tracked] + list(extra)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history_model._meta.db_table)} ({', '.join(map(quote, columns))}) "
            f"SELECT copied.*, {', '.join(['%s'] * len(extra))} FROM ({select}) copied",
            [*extra.values(), *params],
        )
