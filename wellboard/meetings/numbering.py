"""Resolution numbers per body per year, in the body's own format (e.g. 2018/020)."""

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
