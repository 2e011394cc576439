"""The shape of a strategy (plan) in a `wellboard/1` data file (docs/data-format.md)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import Field

from wellboard.core.datafile.schema import Strict


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
