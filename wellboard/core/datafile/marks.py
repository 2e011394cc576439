"""`reconstructed:` and `inferred:` marks on data-file records, checked and stored as core.SourceNote rows.

A mark says a value is not verbatim in its source: rebuilt from a damaged layout, or inferred from
it (docs/data-format.md, "Reconstructed and inferred values"). Each section's apply step names the
database record each file record became (`upsert(..., source=record)`); `SourceNoteWriter.sync` then
makes the stored notes of exactly those records equal to their marks, writing only what differs.

Which record types may carry marks is each section's `markable` (section.py): records whose apply
step stores them. Others (a lead, a seat holder, a contact...) are rows rebuilt on every load; a
mark goes on the record that holds the list, naming the list's field.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from pydantic import BaseModel

from wellboard.core.models import SourceNote

KINDS = ("reconstructed", "inferred")


def field_names(model_cls) -> set[str]:
    """The field names a record of this type accepts in a data file (aliases as written)."""
    return {f.alias or name for name, f in model_cls.model_fields.items()} - set(KINDS)


def marked_records(node, path=()):
    """(record, path) for every record in a parsed file, depth first, with the path as the file spells it."""
    if isinstance(node, BaseModel):
        yield node, list(path)
        for name, info in type(node).model_fields.items():
            if name not in KINDS:
                yield from marked_records(getattr(node, name), (*path, info.alias or name))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from marked_records(value, (*path, i))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from marked_records(value, (*path, key))


def check_marks(data, err, markable) -> None:
    """Report marks on records that cannot carry them, and marks naming a field the record does not have."""
    for record, path in marked_records(data):
        for kind in KINDS:
            marks = getattr(record, kind)
            if not marks:
                continue
            if type(record) not in markable:
                err(path + [kind], "this record cannot carry marks; put them on the record that holds it, "
                                   "naming its field there (see docs/data-format.md)")
                continue
            accepted = field_names(type(record))
            for name in marks:
                if name not in accepted:
                    err(path + [kind, name], f"{name!r} is not a field of this record "
                                             f"(it has: {', '.join(sorted(accepted))})")


class SourceNoteWriter:
    """Collects which database row each file record became, then stores their marks in one pass."""

    def __init__(self, markable):
        self.markable = markable
        self._targets: dict[tuple[type, int], BaseModel] = {}

    def add(self, obj, record) -> None:
        if type(record) not in self.markable:
            raise TypeError(f"{type(record).__name__} records do not carry marks")  # a wiring mistake, not input
        self._targets[(type(obj), obj.pk)] = record

    def sync(self, tally) -> None:
        """Make the notes of every added row equal to its record's marks; unchanged notes are not rewritten."""
        by_model: dict[type, dict[int, BaseModel]] = {}
        for (model, pk), record in self._targets.items():
            by_model.setdefault(model, {})[pk] = record
        for model, records in by_model.items():
            ct = ContentType.objects.get_for_model(model)
            wanted = {(pk, name, kind): reason for pk, record in records.items()
                      for kind in KINDS for name, reason in getattr(record, kind).items()}
            stored = {}
            ids = list(records)
            for start in range(0, len(ids), 500):  # stay under SQLite's limit on query parameters
                for note in SourceNote.objects.filter(content_type=ct, object_id__in=ids[start:start + 500]):
                    stored[(note.object_id, note.field, note.kind)] = note
            self._write(ct, wanted, stored, tally)

    @staticmethod
    def _write(ct, wanted, stored, tally) -> None:
        for key in stored.keys() - wanted.keys():
            stored[key].delete()
            tally.count(SourceNote, "removed")
        for key, reason in wanted.items():
            note = stored.get(key)
            if note is None:
                pk, name, kind = key
                SourceNote.objects.create(content_type=ct, object_id=pk, field=name, kind=kind, reason=reason)
                tally.count(SourceNote, "created")
            elif note.reason != reason:
                note.reason = reason
                note.save(update_fields=["reason"])
                tally.count(SourceNote, "changed")
            else:
                tally.count(SourceNote, "unchanged")


__all__ = ["KINDS", "SourceNoteWriter", "check_marks", "field_names", "marked_records"]
