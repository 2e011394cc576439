"""The shape of an indicator in a `wellboard/1` data file (docs/data-format.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from wellboard.core.datafile.numbers_check import column
from wellboard.core.datafile.schema import Strict
from wellboard.indicators.models import Indicator, Value

# What the database columns hold: checked here so an out-of-range number is a message naming
# the field, not a database error. Every decimal column of an indicator has this shape.
Number = column(Value, "value")


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
