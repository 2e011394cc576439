"""How a meeting record decides its own privacy (for `wellboard.core.permissions`).

Each minute record stores its own part (A public, B exempt) and whether the minutes it belongs
to were approved; nothing is worked out by matching item numbers. A record created under a
Part B parent starts as Part B (the part is copied and stored when the record is created), so a
private discussion cannot become public because a child was added later with the default.
"""

from django.db import models


class Part(models.TextChoices):
    A = "A", "Part A (public)"
    B = "B", "Part B (private)"


def part_field():
    return models.CharField(max_length=1, choices=Part.choices, default=Part.A,
                            help_text="Part B records are seen only by the body's members and clerks")


def approved_field():
    return models.BooleanField(default=False, help_text="Part of minutes approved as a correct record")


def inherit_part(record, *parents) -> None:
    """On creation: a record under a Part B parent is Part B."""
    if record._state.adding and any(p is not None and getattr(p, "part", Part.A) == Part.B for p in parents):
        record.part = Part.B


class MeetingRecord:
    """Protocol methods shared by records that belong to one meeting (``self.meeting``)."""

    access_domain = "meetings"

    def access_scopes(self):
        return [self.meeting.body]

    def _open(self) -> bool:
        return self.part == Part.A and self.meeting.is_public()

    def is_public(self) -> bool:
        # Draft minutes printed in a published agenda pack are public as drafts; other drafts are not.
        return (self.approved or self.meeting.minutes_published_draft) and self._open()
