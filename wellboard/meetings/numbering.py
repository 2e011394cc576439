"""Resolution numbers per body per year, in the body's own format (e.g. 2018/020)."""

from django.db.models import Max

from .models import Resolution


def next_number(meeting, body_format: str) -> tuple[int, int, str]:
    """The next (year, sequence, printed number) for a resolution at ``meeting``.

    Callers hold a transaction; the unique constraint on (meeting, year, sequence) and the
    per-body maximum keep numbers unique even when two clerks number at once on PostgreSQL.
    """
    year = meeting.date.year
    last = Resolution.objects.filter(meeting__body=meeting.body, year=year).aggregate(m=Max("sequence"))["m"] or 0
    sequence = last + 1
    return year, sequence, body_format.format(year=year, number=sequence, yy=year % 100)
