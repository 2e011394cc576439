"""Direction of travel like with like: which earlier value a value may honestly be compared with.

Pure Python, no Django: part of the assessment engine, beside :mod:`assessment`.

Board papers put a year-to-date figure ("13,156 Feb 19": April to February 2018/19) in the
same row as full-year figures. Read naively, the fall from 15,342 (all of 2017/18) to
13,156 (eleven months of 2018/19) looks like an improvement when it only measures a
shorter span. The rules:

* a *partial* period is a financial year to date ending before March
  (:data:`~wellboard.core.periods.PeriodKind.YEAR_TO_DATE`); a year to date ending in March
  is the whole year and counts as a financial year;
* a partial value is compared with the same partial period a year earlier (April–February
  2017/18 for April–February 2018/19), wherever it lies earlier in the series. Without one,
  the direction is ``not-comparable`` and the explanation names both spans;
* any other value is compared with the most recent earlier value that is not partial; when
  the only earlier values are partial, it is ``not-comparable``;
* a period that cannot be read (``None``: "Latest", "Previous", free text) is not partial,
  so such series compare each value with the one before, as they always did;
* a value with nothing earlier has direction ``n/a``; missing values are skipped.

The direction itself is :func:`assessment.direction` of the two values compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from wellboard.core.periods import Period, PeriodError, PeriodKind, financial_year_of, parse_period

from .assessment import Polarity, direction

__all__ = ["NOT_COMPARABLE", "Comparison", "compare_series", "describe", "is_partial", "readable_period"]

NOT_COMPARABLE = "not-comparable"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Comparison:
    direction: str
    """``improving`` … as :func:`assessment.direction`, or ``not-comparable``."""
    previous: int | None
    """Index of the value compared with; None when there is none or it is not comparable."""
    explanation: str


def readable_period(label: str) -> Period | None:
    """The period a label names, or None for a label such as "Latest" that names none."""
    try:
        return parse_period(label)
    except PeriodError:
        return None


def is_partial(period: Period | None) -> bool:
    return period is not None and period.kind is PeriodKind.YEAR_TO_DATE and period.end.month != 3


def _year_earlier(period: Period) -> tuple[dt.date, dt.date]:
    start = period.start.replace(year=period.start.year - 1)
    # The end is a month end: the same month a year earlier, to its own last day (February).
    first_of_next = (period.end + dt.timedelta(days=1)).replace(year=period.end.year - 1)
    return start, first_of_next - dt.timedelta(days=1)


def describe(period: Period | None, label: str) -> str:
    """A span as a sentence needs it: "Apr–Feb 2018/19", "full year 2017/18", or the label."""
    if period is None:
        return label
    if is_partial(period):
        return f"{_MONTHS[period.start.month - 1]}\u2013{_MONTHS[period.end.month - 1]} " \
               f"{financial_year_of(period.start).label}"
    if period.kind in (PeriodKind.FINANCIAL_YEAR, PeriodKind.YEAR_TO_DATE):
        return f"full year {financial_year_of(period.start).label}"
    return period.label


def _partial_as_written(period: Period) -> str:
    return f"year to date {_MONTHS[period.end.month - 1]} {period.end.year % 100:02d}"


def compare_series(
    labels: Sequence[str],
    values: Sequence[float | None],
    polarity: str | Polarity,
    periods: Sequence[Period | None] | None = None,
) -> list[Comparison]:
    """One :class:`Comparison` per value (rules in the module docstring).

    ``labels`` are the periods as written; ``periods`` what they mean, read from the labels
    when not given (pass them where a value's span differs from its label, such as
    "18/19" with ``as_of`` "Feb 19").
    """
    if periods is None:
        periods = [readable_period(label) for label in labels]
    earlier: list[int] = []  # indices of the values present so far
    result: list[Comparison] = []
    for i, value in enumerate(values):
        if value is None:
            result.append(Comparison("n/a", None, "no value"))
            continue
        if not earlier:
            result.append(Comparison("n/a", None, "no earlier value to compare with"))
            earlier.append(i)
            continue
        current = periods[i]
        if is_partial(current):
            span = _year_earlier(current)
            match = next((j for j in reversed(earlier)
                          if is_partial(periods[j]) and (periods[j].start, periods[j].end) == span), None)
        else:
            match = next((j for j in reversed(earlier) if not is_partial(periods[j])), None)
        if match is None:
            last = earlier[-1]
            this = _partial_as_written(current) if is_partial(current) else describe(current, labels[i])
            that = _partial_as_written(periods[last]) if is_partial(periods[last]) else describe(
                periods[last], labels[last])
            result.append(Comparison(NOT_COMPARABLE, None, f"Not comparable: {this} against {that}"))
        else:
            way = direction(value, values[match], polarity)
            if is_partial(current):
                text = f"{describe(current, labels[i])} compared with {describe(periods[match], labels[match])}"
            else:
                text = f"{labels[i]} compared with {labels[match]}"
            result.append(Comparison(way, match, text))
        earlier.append(i)
    return result
