from __future__ import annotations

import datetime

from ninja import Schema


class RatingOut(Schema):
    code: str
    label: str
    letter: str


class LeadOut(Schema):
    person: str | None
    organisation: str | None


class YearOut(Schema):
    year: str
    due: bool
    rag: RatingOut | None


class SourceNoteOut(Schema):
    """A value not verbatim in its source: `reconstructed` (repaired layout) or `inferred`, with the reason."""

    field: str
    kind: str
    reason: str


class UpdateOut(Schema):
    period: str
    period_label: str
    rag: RatingOut | None
    commentary_html: str
    author: str
    date: datetime.date | None
    source_notes: list[SourceNoteOut]


class ItemOut(Schema):
    id: int
    ref: str
    kind: str
    outcome_type: str | None
    number: str
    title: str
    lead_text: str
    leads: list[LeadOut]
    latest_officer_rag: RatingOut | None
    retired: bool
    retired_reason: str
    retired_on: datetime.date | None
    years: list[YearOut]
    updates: list[UpdateOut]
    source_notes: list[SourceNoteOut]
    children: list[ItemOut]


class PlanSummaryOut(Schema):
    code: str
    title: str
    kind: str
    body: str
    start: str
    end: str
    published: bool
    url: str


class PlanOut(PlanSummaryOut):
    rag_scale: list[RatingOut]
    reporting_periods: list[dict]
    items: list[ItemOut]


ItemOut.model_rebuild()
