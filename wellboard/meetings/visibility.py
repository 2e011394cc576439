"""What a user may see of a meeting. Every page, print, feed and API response asks here.

Each record decides its own privacy (its own part and approval, see ``models/privacy.py``) and the
permission module decides who may read private records: nothing is inferred by matching item
numbers. All records of a meeting share its body as their scope, so the per-record checks below
run on data already loaded and cost no queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wellboard.core.permissions import can

from .models import AgendaItem, Meeting, Paper

EXEMPT_TITLE = "Exempt item"


def is_reader(user, meeting: Meeting) -> bool:
    """Board members, coordinators and clerks of the body, and administrators."""
    return can(user, "view_private", meeting)


def is_clerk(user, meeting_or_body) -> bool:
    """Who may run the clerk's steps: the body's committee administrator, or an administrator."""
    return can(user, "change", meeting_or_body)


def visible(user, records) -> list:
    return [r for r in records if can(user, "view", r)]


@dataclass
class AgendaEntry:
    item: AgendaItem
    title: str
    paper: Paper | None
    exempt: bool


def agenda_for(meeting: Meeting, user, items=None) -> list[AgendaEntry]:
    """The agenda as this user may see it: Part B items are only "Exempt item" to the public."""
    items = list(meeting.agenda_items.all()) if items is None else items
    entries = []
    for item in items:
        paper = getattr(item, "paper", None)
        if paper is not None and paper.meeting_id == meeting.pk:
            paper.meeting = meeting
        if can(user, "view", item):
            entries.append(AgendaEntry(item, item.title, paper if paper and can(user, "view", paper) else None, False))
        else:
            entries.append(AgendaEntry(item, EXEMPT_TITLE, None, True))
    return entries


def minutes_visible(meeting: Meeting, user) -> bool:
    # Public: approved minutes, and draft minutes printed in a published pack for approval.
    return is_reader(user, meeting) or (
        (meeting.minutes_locked or meeting.minutes_published_draft) and meeting.is_public())


def paper_visible(paper: Paper, user) -> bool:
    return can(user, "view", paper)


@dataclass
class MeetingView:
    """A meeting loaded by ``queries.meeting_for_page``, cut to what ``user`` may see."""

    meeting: Meeting
    reader: bool
    clerk: bool
    agenda: list[AgendaEntry]
    show_minutes: bool
    minute_items: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    declarations: list = field(default_factory=list)
    actions: list = field(default_factory=list)


def meeting_view(meeting: Meeting, user) -> MeetingView:
    """Each minute item, resolution, action and declaration is shown only if the user may view it.
    A shown record's links to other records are cut the same way (``shown_*`` attributes)."""
    view = MeetingView(meeting, is_reader(user, meeting), is_clerk(user, meeting),
                       agenda_for(meeting, user, list(meeting.agenda_items.all())), minutes_visible(meeting, user))
    if not view.show_minutes:
        return view
    for item in meeting.minute_items.all():
        resolutions = list(item.resolutions.all())
        for r in resolutions:
            r.meeting = meeting  # the same meeting: spare a query per resolution
            r.shown_delegated_by = r.delegated_by if r.delegated_by_id and can(user, "view", r.delegated_by) else None
        item.shown_resolutions = visible(user, resolutions)
    view.minute_items = visible(user, meeting.minute_items.all())
    view.attendance = visible(user, meeting.attendance.all())
    for d in meeting.declarations.all():
        d.shown_nature = d.nature if view.reader or d.nature_public() else ""
    view.declarations = visible(user, meeting.declarations.all())
    for a in meeting.actions.all():
        if a.resolution_id and a.resolution.meeting_id == meeting.pk:
            a.resolution.meeting = meeting
        a.shown_resolution = a.resolution if a.resolution_id and can(user, "view", a.resolution) else None
    view.actions = visible(user, meeting.actions.all())
    return view
