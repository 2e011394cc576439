"""What the public may see of a meeting. Every page, feed and API response asks here."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AgendaItem, Meeting, Paper

EXEMPT_TITLE = "Exempt item"


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


@dataclass
class AgendaEntry:
    item: AgendaItem
    title: str
    paper: Paper | None
    exempt: bool


def agenda_for(meeting: Meeting, user, items=None) -> list[AgendaEntry]:
    """The agenda as this user may see it: Part B items are only "Exempt item" to the public."""
    staff = is_staff(user)
    items = list(meeting.agenda_items.all()) if items is None else items
    entries = []
    for item in items:
        paper = getattr(item, "paper", None)
        if staff:
            entries.append(AgendaEntry(item, item.title, paper, False))
        elif item.private:
            entries.append(AgendaEntry(item, EXEMPT_TITLE, None, True))
        else:
            entries.append(AgendaEntry(item, item.title, paper if paper and paper.published else None, False))
    return entries


def minutes_visible(meeting: Meeting, user) -> bool:
    return is_staff(user) or meeting.status == Meeting.Status.MINUTES_APPROVED


def paper_visible(paper: Paper, user) -> bool:
    return is_staff(user) or (paper.published and not paper.private)
