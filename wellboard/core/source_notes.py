"""Reading the notes that mark values as reconstructed or inferred (core.SourceNote), for pages and the API.

Notes are marks written by hand in data files (hundreds, not millions), so one read of all of
them per page or response costs less than one query per record type shown.
"""

from wellboard.core.models import SourceNote

ANY_FIELD = "*"


def notes_table() -> dict:
    """{(app label, model name, object id, field): [notes]}, and the same with "*" for every field (one query)."""
    table: dict = {}
    for note in SourceNote.objects.select_related("content_type").order_by("object_id", "field", "kind"):
        ct = note.content_type
        table.setdefault((ct.app_label, ct.model, note.object_id, note.field), []).append(note)
        table.setdefault((ct.app_label, ct.model, note.object_id, ANY_FIELD), []).append(note)
    return table


def notes_on(table: dict, obj, field: str = ANY_FIELD) -> list:
    return notes_of(table, type(obj), obj.pk, field)


def notes_of(table: dict, model, pk, field: str = ANY_FIELD) -> list:
    """As notes_on, by model and id: for a related record known only by its id (no query to fetch it)."""
    opts = model._meta.concrete_model._meta
    return table.get((opts.app_label, opts.model_name, pk, field), [])


def as_data(notes) -> list[dict]:
    return [{"field": n.field, "kind": n.kind, "reason": n.reason} for n in notes]
