"""The `strategies` section of a `wellboard/1` data file (core/datafile/section.py)."""

from wellboard.core.datafile.section import Section

from . import apply, check
from .schema import ItemIn, ReportingPeriodIn, StrategyIn, UpdateIn, VersionIn, YearIn

SECTIONS = (
    Section("strategies", StrategyIn, order=50, after=("organisations", "people", "bodies", "rag_scales"),
            key=("strategy", "code"),
            markable=frozenset({StrategyIn, ReportingPeriodIn, VersionIn, ItemIn, YearIn, UpdateIn}),
            names=check.names, check=check.check_strategy, apply=apply.apply),
)
