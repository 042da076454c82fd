"""Fast inserts with change history, for imports of thousands of responses.

The ORM's bulk_create spends most of its time preparing each value of each model instance; a 10,000-row
import writes about 200,000 answers and choices plus as many history rows. Here the rows are plain tuples
(SQLite: one prepared statement run per row; PostgreSQL: multi-row INSERT statements), and the history rows are the ones django-simple-history writes itself
(`+` for created, `~` for changed): every tracked field, history_date, history_user, history_change_reason.
Only plain column values (ints, bools, text, None) go through here; the one timestamp is adapted by the backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from django.db import connection, models
from django.utils import timezone

MAX_ROWS_PER_STATEMENT = 2000


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _adapter(field: models.Field) -> Callable | None:
    """How a plain Python value of `field` is handed to the database driver (None: as it is)."""
    return connection.ops.adapt_datetimefield_value if isinstance(field, models.DateTimeField) else None


def _values(row: dict, plan: list[tuple[str, Callable | None]]) -> list:
    return [row[name] if adapt is None else adapt(row[name]) for name, adapt in plan]


def _execute_insert(table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(column) for column in columns)}) VALUES "
    one = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # In-process: one prepared statement run per row is fastest, and needs no parameter limit.
            cursor.executemany(head + one, rows)
            return
        # Over the network: few round trips, each a multi-row statement within the parameter limit.
        params_limit = connection.features.max_query_params or 65535
        per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, params_limit // len(columns)))
        for chunk in batched(rows, per_statement):
            cursor.execute(head + ", ".join([one] * len(chunk)), [value for row in chunk for value in row])


def history_insert(
    model: type[models.Model], rows: Iterable[dict], *, history_type: str, user=None, reason: str = ""
) -> None:
    """History rows for `rows` (attname → value, including the primary key), as simple-history writes them."""
    history_model = model.history.model
    tracked = history_model.tracked_fields
    plan = [(field.attname, _adapter(field)) for field in tracked]
    extra = {
        "history_date": connection.ops.adapt_datetimefield_value(timezone.now()),
        "history_change_reason": reason or None,
        "history_type": history_type,
        "history_user_id": getattr(user, "pk", None),
    }
    _execute_insert(
        history_model._meta.db_table,
        [field.column for field in tracked] + list(extra),
        [_values(row, plan) + list(extra.values()) for row in rows],
    )


def insert_with_history(
    model: type[models.Model], rows: list[dict], *, key: tuple[str, str], user=None, reason: str = ""
) -> dict[tuple, int]:
    """Insert `rows` (attname → value, without the primary key) and a `+` history row for each.

    `key` names two fields that are unique together; returns key values → new primary key, found with one
    query per thousand rows (portable: no RETURNING from multi-row inserts needed).
    """
    if not rows:
        return {}
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    plan = [(field.attname, _adapter(field)) for field in fields]
    _execute_insert(
        model._meta.db_table,
        [field.column for field in fields],
        [_values(row, plan) for row in rows],
    )
    first, second = key
    ids: dict[tuple, int] = {}
    for chunk in batched(sorted({row[first] for row in rows}), 1000):
        for pk, a, b in model._default_manager.filter(**{f"{first}__in": chunk}).values_list(
            "pk", first, second
        ):
            ids[(a, b)] = pk
    history_insert(
        model,
        ({**row, "id": ids[(row[first], row[second])]} for row in rows),
        history_type="+",
        user=user,
        reason=reason,
    )
    return ids
