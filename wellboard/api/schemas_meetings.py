from __future__ import annotations

import datetime

from ninja import Schema

from .params import LocalTime
from .schemas import SourceNoteOut


class SeatOut(Schema):
    representing: str
    kind: str
    role: str | None
    holder: str | None
    substitutes: list[str]


class BodyOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    also_reports_to: list[str]
    quorum: int | None
    seats: list[SeatOut]


class WorkProgrammeEntryOut(Schema):
    id: int
    title: str
    summary: str
    meeting: int | None  # the meeting it is planned for (its id), if named
    meeting_date: datetime.date | None
    when_text: str  # the timing as the forward plan prints it, where no meeting is named
    part: str
    lead_officer: str
    author: str
    status: str


class MeetingSummaryOut(Schema):
    id: int
    code: str
    body: str
    date: datetime.date
    start_time: LocalTime | None
    end_time: LocalTime | None
    venue: str
    kind: str
    status: str
    url: str


class AgendaItemOut(Schema):
    number: str
    title: str
    part: str
    exempt: bool
    kind: str
    section: str
    presenters: list[str]
    to_follow: bool
    paper: str | None
    link: str | None = None
    page_from: int | None = None
    page_to: int | None = None
    source_notes: list[SourceNoteOut]  # none on an exempt item


class AttendanceOut(Schema):
    person: str
    status: str
    representing: str
    substitute: str | None
    replacing: str | None = None
    first_meeting: bool
    source_notes: list[SourceNoteOut]


class DeclarationOut(Schema):
    person: str
    item: str
    type: str
    nature: str


class ParagraphOut(Schema):
    number: str
    html: str
    source_notes: list[SourceNoteOut]


class ClauseOut(Schema):
    label: str
    text: str


class ResolutionOut(Schema):
    id: int
    number: str | None
    paragraph: str
    text: str
    clauses: list[ClauseOut] = []
    source_notes: list[SourceNoteOut]


class AgendaNoteOut(Schema):
    number: str
    text: str


class MinuteItemOut(Schema):
    number: str
    title: str
    source_notes: list[SourceNoteOut]
    paragraphs: list[ParagraphOut]
    resolutions: list[ResolutionOut]


class ActionOut(Schema):
    description: str
    owner: str | None
    due: datetime.date | None
    status: str
    source_notes: list[SourceNoteOut]


class MeetingDetailOut(MeetingSummaryOut):
    # The meeting's own marks; never one on its declarations, nor on a list the reader may not see whole.
    source_notes: list[SourceNoteOut]
    agenda: list[AgendaItemOut]
    agenda_notes: list[AgendaNoteOut] = []
    minutes_published: bool
    minutes_approved_at: datetime.date | None
    minutes_for_approval_at: datetime.date | None = None
    attendance: list[AttendanceOut]
    declarations: list[DeclarationOut]
    minutes: list[MinuteItemOut]
    actions: list[ActionOut]
