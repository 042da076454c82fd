"""Loading reference data from the project's fixtures, as every app's loader does it."""

from __future__ import annotations


def _is_empty(value) -> bool:
    return value is None or value == ""


def reference_record_sync(model, lookup: dict, values: dict, counts: dict[str, int]):
    """Create the record, or fill in only the fields that are still empty.

    After the first load the portal is the source of truth: a fact an administrator has corrected or
    added is never overwritten by the reference file, and a second load changes nothing.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        counts["created"] += 1
        return obj
    changed = [
        field for field, value in values.items() if _is_empty(getattr(obj, field)) and not _is_empty(value)
    ]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
        counts["updated"] += 1
    return obj
