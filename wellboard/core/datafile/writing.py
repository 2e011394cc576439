"""Writing validated records by natural keys (called by each section's apply, inside the load's transaction)."""

from __future__ import annotations

from wellboard.core.audit import record_bulk


def _same(obj, name, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation and field.many_to_one:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value


def upsert(model, counts, lookup: dict, values: dict, source=None):
    """Create or update one row by its natural key; a row whose values all match is not written at all.

    ``counts`` is the load's Tally; ``source`` the file record the row comes from, so its marks can be
    stored (marks.py).
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        counts.count(model, "created")
    else:
        changed = {name: value for name, value in values.items() if not _same(obj, name, value)}
        for name, value in changed.items():
            setattr(obj, name, value)
        if changed:
            obj.save()
        counts.count(model, "changed" if changed else "unchanged")
    if source is not None:
        counts.notes.add(obj, source)
    return obj


def replace_list(current, compared: tuple[str, ...], rows: list) -> None:
    """Replace the rows of a list that the file gives whole, only if they differ (in order) from the stored ones."""
    stored = [tuple(getattr(r, f) for f in compared) for r in current]
    if stored == [tuple(getattr(r, f) for f in compared) for r in rows]:
        return
    current.delete()
    record_bulk("create", type(rows[0]).objects.bulk_create(rows) if rows else [])
