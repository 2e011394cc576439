"""`{% source_note obj "field" %}`: a small visible note beside a value that is not verbatim in its source.

Notes are read once per page render (all of them, one query), not once per record, so a page's
query count does not grow with the number of rows that show them.
"""

from django import template
from django.template.loader import render_to_string

from wellboard.core.source_notes import ANY_FIELD, notes_on, notes_table

register = template.Library()

_CACHE_KEY = "wellboard_source_notes"


@register.simple_tag(takes_context=True)
def source_note(context, obj, field):
    """The notes on ``obj.field`` (the field name as the data file spells it; "*" for every field), or nothing."""
    if getattr(obj, "pk", None) is None or not hasattr(obj, "_meta"):
        return ""
    # The bottom dict of the render context is shared by every included template of one render.
    cache = context.render_context.dicts[0]
    if _CACHE_KEY not in cache:
        cache[_CACHE_KEY] = notes_table()
    # "a,b,c": only these fields. A page that shows some of a record's fields must not show the reasons
    # of marks on the others (a mark on a meeting's declarations or unpublished minutes may name them).
    fields = field.split(",") if "," in field else [field]
    notes = [n for f in fields for n in notes_on(cache[_CACHE_KEY], obj, f.strip())]
    if not notes:
        return ""
    return render_to_string("core/source_note.html", {"notes": notes, "name_fields": len(fields) > 1 or field == ANY_FIELD})
