"""The `indicators` section of a `wellboard/1` data file (core/datafile/section.py)."""

from wellboard.core.datafile.section import Section
from wellboard.core.datafile.writing import upsert

from .apply import apply_indicator
from .check import check_indicator
from .schema import BreakdownIn, BreakdownRowIn, ComparatorIn, IndicatorIn, ValueIn


def apply(files, counts) -> None:
    for data in files:
        for position, ind in enumerate(data.indicators):
            apply_indicator(ind, position, upsert, counts)


SECTIONS = (
    Section("indicators", IndicatorIn, order=60, after=("organisations", "people", "bodies", "strategies"),
            key=("indicator", "code"),
            markable=frozenset({IndicatorIn, ValueIn, ComparatorIn, BreakdownIn, BreakdownRowIn}),
            check=check_indicator, apply=apply),
)
