"""The shape of meetings, papers and the work programme in a `wellboard/1` data file (docs/data-format.md)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator

from wellboard.core.datafile.links_check import Link
from wellboard.core.datafile.schema import Strict


class AgendaItemIn(Strict):
    number: str = Field(default="", max_length=10)
    title: str = Field(min_length=1, max_length=400)
    presenters: list[Annotated[str, Field(max_length=200)]] = []
    part: Literal["A", "B"] = "A"
    section: str = Field(default="", max_length=300)
    kind: Literal["standing", "discussion", "information", "workshop"] = "discussion"
    to_follow: bool = False
    link: Link = Field(default="", max_length=500)
    exemption: str = Field(default="", max_length=200)
    paper: str | None = None
    pages: str = Field(default="", pattern=r"^(\d{1,5}(\s*[-–]\s*\d{1,5})?)?$")  # "5 - 12" as printed, or "5"

    @field_validator("link")
    @classmethod
    def _real_link(cls, v):
        # Packs print "[link](#)" where the address was never filled in: that is no link at all.
        if v.strip().startswith("#") and not v.strip("# "):
            raise ValueError("'#' is not a link: give the address the item links to, or leave `link` out")
        return v


class AgendaNoteIn(Strict):
    number: str = Field(default="", max_length=10)
    text: str = Field(min_length=1)


class AttendanceIn(Strict):
    person: str = Field(min_length=1)
    status: Literal["present", "apologies", "absent", "officer"]
    representing: str = Field(default="", max_length=300)
    substitute: str | None = None
    replacing: str | None = None  # a temporary replacement for this meeting only: the member replaced
    first_meeting: bool = False


# `part:` on minute records: left out, a record takes Part B from the Part B item it sits under
# (see docs/data-format.md); a record under a Part B item is always Part B.
Part = Literal["A", "B"] | None


class DeclarationIn(Strict):
    person: str = Field(min_length=1)
    item: str = Field(default="", max_length=10)
    type: Literal["pecuniary", "other_pecuniary", "non_pecuniary", "other"]
    nature: str = Field(min_length=1)
    part: Part = None


class ParagraphIn(Strict):
    number: str = Field(default="", max_length=12)
    text: str = Field(min_length=1)


class ActionIn(Strict):
    description: str = Field(min_length=1)
    owner: str | None = None
    due: datetime.date | None = None
    status: Literal["open", "in_progress", "done", "dropped"] = "open"
    part: Part = None


class ClauseIn(Strict):
    label: str = Field(min_length=1, max_length=6, pattern=r"^[a-z]{1,3}$|^[ivx]+$|^\d+$")
    text: str = Field(min_length=1)


class ResolutionIn(Strict):
    paragraph: str = Field(default="", max_length=12)
    number: str = Field(default="", max_length=40)
    text: str = Field(min_length=1)
    clauses: list[ClauseIn] = []
    part: Part = None
    actions: list[ActionIn] = []


class MinuteItemIn(Strict):
    number: str = Field(default="", max_length=10)
    title: str = Field(min_length=1, max_length=400)
    part: Part = None
    paragraphs: list[ParagraphIn] = []
    resolutions: list[ResolutionIn] = []


class MinutesIn(Strict):
    opening: str = ""
    closing: str = ""
    approved_at: str | None = None
    for_approval_at: str | None = None  # draft minutes published in that meeting's pack for approval
    items: list[MinuteItemIn] = []


class MeetingIn(Strict):
    code: str = Field(min_length=1, max_length=100, pattern=r"^[-a-z0-9_]+$")
    body: str = Field(min_length=1)
    date: datetime.date
    start: datetime.time | None = None
    end: datetime.time | None = None
    time_text: str = Field(default="", max_length=200)
    venue: str = Field(default="", max_length=300)
    kind: Literal["formal", "informal", "additional", "workshop"] = "formal"
    status: Literal["scheduled", "agenda_published", "held", "minutes_approved", "cancelled"] = "scheduled"
    agenda: list[AgendaItemIn] = []
    agenda_notes: list[AgendaNoteIn] = []
    attendance: list[AttendanceIn] = []
    declarations: list[DeclarationIn] = []
    minutes: MinutesIn | None = None


class RecommendationIn(Strict):
    verb: str = Field(min_length=1, max_length=100)  # as written: "Note", "consider", "continues to support"
    text: str = Field(min_length=1)


class SignoffIn(Strict):
    kind: Literal["constitutional", "financial"]
    initials: str = Field(default="", max_length=40)
    date: datetime.date | None = None
    text: str = ""
    placeholder: bool = False  # the source prints template text such as "(xx)": kept, never a real sign-off


class ContactIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    role: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=60)
    email: str = Field(default="", max_length=200)


class PaperIn(Strict):
    code: str = Field(min_length=1, max_length=100, pattern=r"^[-a-z0-9_]+$")
    meeting: str | None = None
    agenda_item: str | None = None
    title: str = Field(min_length=1, max_length=400)
    report_of: str = Field(default="", max_length=300)
    sponsor: str = Field(default="", max_length=300)
    document_code: str = Field(default="", max_length=60)
    purpose: str = ""
    summary: str = ""
    information: str = ""
    key_questions: str = ""
    other_options: str = ""
    reasons: str = ""
    implications: dict[Literal["financial", "equalities", "human_resources", "crime_and_disorder", "human_rights",
                               "safeguarding", "sustainability", "service_users", "data_protection"], str] = {}
    recommendations: list[RecommendationIn] = []
    signoffs: list[SignoffIn] = []
    background_papers: str = ""
    electoral_divisions: str = Field(default="", max_length=300)
    contacts: list[ContactIn] = []
    published: bool = False
    part: Part = None


class WorkProgrammeIn(Strict):
    body: str = Field(min_length=1)
    title: str = Field(min_length=1, max_length=400)
    meeting: str | None = None
    when: str = Field(default="", max_length=200)
    summary: str = ""
    lead_officer: str = Field(default="", max_length=200)
    author: str = Field(default="", max_length=200)
    status: Literal["planned", "on_agenda", "withdrawn"] = "planned"
    part: Literal["A", "B"] = "A"
