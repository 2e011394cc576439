"""The shape of a `wellboard/1` data file (docs/data-format.md), checked field by field."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wellboard.governance.models import BodyConstitution
from wellboard.indicators.models import Indicator, Value

from .links_check import Link
from .numbers_check import column

NonEmpty = Field(min_length=1)
# What the database columns hold: checked here so an out-of-range number is a message naming
# the field, not a database error. Every decimal column of the format has this shape.
Number = column(Value, "value")


class Strict(BaseModel):
    # extra="forbid" turns a misspelt field into an error instead of silently dropped data.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=False,
                              populate_by_name=True)

    # Marks on a record (docs/data-format.md, "Reconstructed and inferred values"): field name -> reason.
    # Which records may carry them, and which field names each accepts, is checked in source_notes.py.
    reconstructed: dict[str, Annotated[str, Field(min_length=1)]] = {}
    inferred: dict[str, Annotated[str, Field(min_length=1)]] = {}


class OrganisationIn(Strict):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)


class PersonIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=40)
    job_title: str = Field(default="", max_length=300)
    organisation: str | None = None
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)

    @field_validator("email")
    @classmethod
    def _email(cls, v):
        if v and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
            raise ValueError("is not an email address")
        return v


class HolderIn(Strict):
    person: str = Field(min_length=1)
    from_: datetime.date | None = Field(default=None, alias="from")
    to: datetime.date | None = None
    substitutes: list[str] = []


class SeatIn(Strict):
    code: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9_]+$")
    representing: str = Field(min_length=1, max_length=300)
    organisation: str | None = None
    kind: Literal["member", "invitee"] = "member"
    role: Literal["", "chair", "vice_chair"] = ""
    holders: list[HolderIn] = []


class StandingItemIn(Strict):
    title: str = Field(min_length=1, max_length=300)
    presenter: str = Field(default="", max_length=200)


class BodyIn(Strict):
    code: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9_]+$")
    name: str = Field(min_length=1, max_length=300)
    kind: Literal["board", "committee", "sub_committee", "group", "partnership"] = "board"
    parent: str | None = None
    organisation: str | None = None
    also_reports_to: list[str] = []
    description: str = ""
    terms_of_reference: str = ""
    quorum: column(BodyConstitution, "quorum", ge=1) | None = None
    resolution_format: str = Field(default="", max_length=60)
    standing_items: list[StandingItemIn] = []
    seats: list[SeatIn] = []


class RatingIn(Strict):
    code: str = Field(min_length=1, max_length=30)
    label: str = Field(min_length=1, max_length=60)
    letter: str = Field(default="", max_length=3)
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    symbol: str = Field(min_length=1, max_length=4)
    criteria: str = ""
    source: Literal["board", "wellboard"] = "board"
    counts_as: Literal["red", "amber", "green"] | None = None


class RagScaleIn(Strict):
    code: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9_]+$")
    name: str = Field(min_length=1, max_length=200)
    ratings: list[RatingIn] = Field(min_length=1)


class ReportingPeriodIn(Strict):
    key: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9_]+$")
    label: str = Field(min_length=1, max_length=200)
    date: datetime.date | None = None


class DistributionIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    job_title: str = Field(default="", max_length=300)
    role: str = Field(default="", max_length=200)


class VersionIn(Strict):
    number: str = Field(min_length=1, max_length=20)
    date: str = Field(default="", max_length=60)
    change_details: str = ""
    author: str = Field(default="", max_length=200)
    distribution_text: str = ""
    distribution: list[DistributionIn] = []


class LeadIn(Strict):
    organisation: str | None = None
    person: str | None = None


class YearIn(Strict):
    due: bool = True
    rag: str | None = None


class UpdateIn(Strict):
    period: str = Field(min_length=1)
    rag: str | None = None
    text: str = ""
    author: str = Field(default="", max_length=200)
    date: datetime.date | None = None


class RetiredIn(Strict):
    reason: str = Field(min_length=1)
    date: datetime.date | None = None


class ItemIn(Strict):
    kind: Literal["theme", "priority", "outcome", "action", "milestone", "success_measure"]
    ref: str | None = Field(default=None, max_length=100)
    number: str = Field(default="", max_length=20)
    title: str = Field(min_length=1)
    outcome_type: Literal["headline", "secondary"] | None = None
    description: str = ""
    lead_text: str = Field(default="", max_length=300)
    leads: list[LeadIn] = []
    years: dict[str, YearIn] = {}
    updates: list[UpdateIn] = []
    retired: RetiredIn | None = None
    children: list[ItemIn] = []


class StrategyIn(Strict):
    code: str = Field(min_length=1, max_length=100, pattern=r"^[-a-z0-9_]+$")
    title: str = Field(min_length=1, max_length=300)
    kind: Literal["strategy", "action_plan", "progress_report"] = "strategy"
    body: str = Field(min_length=1)
    start: str = Field(default="", max_length=20)
    end: str = Field(default="", max_length=20)
    published: bool = False
    rag_scale: str | None = Field(default=None, min_length=1)
    report_title: str = Field(default="", max_length=200)
    statement: str = ""
    statement_label: str = Field(default="", max_length=100)
    priority_groups: str = ""
    year_columns: list[Annotated[str, Field(max_length=10)]] = []
    reporting_periods: list[ReportingPeriodIn] = []
    versions: list[VersionIn] = []
    items: list[ItemIn] = []


class NoteIn(Strict):
    label: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)


class ValueIn(Strict):
    """A baseline, target or actual. `value` is the number; `text` a text value or target word."""

    period: str = Field(min_length=1, max_length=60)
    value: Number | None = None
    text: str = Field(default="", max_length=300)
    display: str = Field(default="", max_length=100)
    as_of: str = Field(default="", max_length=40)
    status: Literal["final", "provisional"] = "final"
    indicative: bool = False
    note: str = ""
    numerator: Number | None = None
    denominator: Number | None = None
    officer_rag: str | None = None
    officer_rag_reason: str = ""


class UnstatedValueIn(Strict):
    """A measure table's Latest, Previous or Target cell: the table does not state its period."""

    value: Number | None = None
    text: str = Field(default="", max_length=300)
    display: str = Field(default="", max_length=100)
    status: Literal["final", "provisional"] = "final"
    indicative: bool = False
    note: str = ""
    officer_rag: str | None = None
    officer_rag_reason: str = ""


class ComparatorIn(Strict):
    name: str = Field(min_length=1, max_length=60)
    period: str = Field(default="", max_length=60)  # empty: "National" printed with no period
    value: Number | None = None
    display: str = Field(default="", max_length=100)


class BreakdownRowIn(Strict):
    code: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=300)
    values: list[Number | None]
    stated_change: Number | None = None  # a "change since" figure as the document prints it


class BreakdownIn(Strict):
    dimension: str = Field(min_length=1, max_length=100)
    caption: str = ""
    category_heading: str = ""
    periods: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(min_length=1)
    rows: list[BreakdownRowIn] = Field(min_length=1)


class IndicatorIn(Strict):
    code: str = Field(min_length=1, max_length=100, pattern=r"^[-a-z0-9_]+$")
    number: str = Field(default="", max_length=20)
    title: str = Field(min_length=1)
    definition: str = ""
    source: str = Field(default="", max_length=200)
    external_ref: str = Field(default="", max_length=100)
    unit: Literal["percentage", "count", "rate", "money", "ratio", "yes_no", "text"] = "count"
    rate_per: column(Indicator, "rate_per", gt=0) | None = None
    money_unit: str = Field(default="", max_length=20)
    decimals: Annotated[column(Indicator, "decimals"), Field(le=6)] = 1
    polarity: Literal["high", "low", "maintain", "none"] = "high"
    good_is: str = Field(default="", max_length=40)  # as a measure table prints it: High, Low, Yes, n/a
    frequency: Literal["annual", "calendar", "academic", "quarterly", "monthly", "other"] = "annual"
    cumulative: bool = False
    publication_lag: str = Field(default="", max_length=200)
    tolerance: str = Field(default="5%", max_length=20)
    lead_person: str | None = None
    lead_organisation: str | None = None
    body: str | None = None
    strategy: str | None = None
    items: list[str] = []
    illustrative: bool = False
    notes: list[NoteIn] = []
    baseline: ValueIn | None = None
    targets: list[ValueIn] = []
    actuals: list[ValueIn] = []
    comparators: list[ComparatorIn] = []
    breakdowns: list[BreakdownIn] = []
    # A measure table ("Latest / Target / Good is / Previous / National") states no periods.
    latest: UnstatedValueIn | None = None
    previous: UnstatedValueIn | None = None
    target: UnstatedValueIn | None = None


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


class DataFile(Strict):
    format: Literal["wellboard/1"]
    organisations: list[OrganisationIn] = []
    people: list[PersonIn] = []
    bodies: list[BodyIn] = []
    rag_scales: list[RagScaleIn] = []
    strategies: list[StrategyIn] = []
    indicators: list[IndicatorIn] = []
    meetings: list[MeetingIn] = []
    papers: list[PaperIn] = []
    work_programme: list[WorkProgrammeIn] = []
