from __future__ import annotations

import datetime

from ninja import Schema

from .schemas import RatingOut, SourceNoteOut


class IndicatorSummaryOut(Schema):
    id: int
    code: str
    number: str
    title: str
    source: str
    unit: str
    polarity: str
    good_is: str
    frequency: str
    strategy: str | None
    illustrative: bool
    url: str


class ValueOut(Schema):
    kind: str
    period: str
    period_start: datetime.date | None  # None: the document states no period (a measure table's "Latest")
    period_end: datetime.date | None
    value: float | None
    text: str
    display: str
    as_of: str | None
    status: str
    indicative: bool
    comparator: str | None
    officer_rag: RatingOut | None
    officer_rag_reason: str
    # Its own marks; a measure table's cell also lists its indicator's mark on that cell ("previous" ...).
    source_notes: list[SourceNoteOut]


class AssessmentOut(Schema):
    period: str
    value: float | None
    target: float | str | None
    calculated_rag: str
    explanation: str
    officer_rag: RatingOut | None
    disagreement: bool
    direction: str
    direction_explanation: str
    text: str
    spc: str | None


class SpcOut(Schema):
    mean: float
    lower_limit: float
    upper_limit: float
    variation: str
    assurance: str | None


class BreakdownValueOut(Schema):
    period: str
    value: float | None


class CategoryOut(Schema):
    code: str
    label: str
    values: list[BreakdownValueOut]
    source_notes: list[SourceNoteOut]


class BreakdownOut(Schema):
    dimension: str
    caption: str
    categories: list[CategoryOut]
    source_notes: list[SourceNoteOut]


class IndicatorDetailOut(IndicatorSummaryOut):
    definition: str
    external_ref: str
    decimals: int
    cumulative: bool
    publication_lag: str
    tolerance: str
    source_notes: list[SourceNoteOut]
    values: list[ValueOut]
    assessments: list[AssessmentOut]
    spc: SpcOut | None
    breakdowns: list[BreakdownOut]
