"""Which meetings a user may list: informal meetings only for the readers of their body."""

from __future__ import annotations

from django.db.models import Q

from wellboard.core.permissions import can, scope_of
from wellboard.governance.models import Body

from .models import Meeting


def listable_meetings(user):
    qs = Meeting.objects.select_related("body")
    readable = scope_of(user, Body)
    if readable.everything:
        return qs
    return qs.filter(Q(kind__in=[k for k in Meeting.Kind.values if k != Meeting.Kind.INFORMAL])
                     | Q(body_id__in=readable.ids))


def next_or_recent(user, today, limit=5) -> tuple[bool, list[Meeting]]:
    """The next meetings from ``today`` on; if none is scheduled, the latest held before it.
    Returns (upcoming?, meetings). One query, two when nothing is coming up."""
    qs = listable_meetings(user)
    upcoming = list(qs.filter(date__gte=today).order_by("date", "start_time", "body__name")[:limit])
    if upcoming:
        meetings, is_upcoming = upcoming, True
    else:
        meetings, is_upcoming = list(qs.filter(date__lt=today).order_by("-date", "body__name")[:limit]), False
    # The query decided by role; each record still answers for itself (as every page asks).
    return is_upcoming, [m for m in meetings if can(user, "view", m)]
