"""Resolution numbers per body per year, in the body's own format (e.g. 2018/020)."""

import re
import string

from django.db.models import Max

from wellboard.core.concurrency import locked
from wellboard.governance.models import Body

from .models import Resolution


def next_number(meeting, body_format: str) -> tuple[int, int, str]:
    """The next (year, sequence, printed number) for a resolution at ``meeting``.

    Callers hold a transaction. Two clerks numbering at two meetings of one body would otherwise
    both read the same maximum, so the body's row is locked first: the second waits until the first
    commits and then sees its numbers. The unique constraint on (body, year, sequence) is the last
    line of defence; anything that writes numbers without this lock (the loader, the admin) meets it.
    """
    locked(Body, pk=meeting.body_id)
    year = meeting.date.year
    last = Resolution.objects.filter(body_id=meeting.body_id, year=year).aggregate(m=Max("sequence"))["m"] or 0
    sequence = last + 1
    return year, sequence, body_format.format(year=year, number=sequence, yy=year % 100)


def parse_number(printed: str, body_format: str, meeting_year: int) -> tuple[int, int] | None:
    """The (year, sequence) a printed number such as "2018/019" stands for under ``body_format``,
    or None when it does not have that shape (it is then kept as printed, outside the sequence).

    Loaded numbers carry their sequence so that ``next_number`` continues after them."""
    if not body_format or not printed:
        return None
    pattern, fields = "", []
    try:
        parts = list(string.Formatter().parse(body_format))
    except ValueError:
        return None
    for literal, name, _spec, _conv in parts:
        pattern += re.escape(literal)
        if name is None:
            continue
        if name not in {"year", "number", "yy"} or name in fields:
            return None
        fields.append(name)
        pattern += r"(\d{4})" if name == "year" else r"(\d+)"
    if "number" not in fields:
        return None
    match = re.fullmatch(pattern, printed.strip())
    if not match:
        return None
    values = dict(zip(fields, (int(g) for g in match.groups()), strict=True))
    year = values.get("year") or (2000 + values["yy"] if "yy" in values else meeting_year)
    return year, values["number"]
