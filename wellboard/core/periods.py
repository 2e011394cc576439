"""Reporting periods as board papers write them: parse, order, compare and print.

Pure Python, no Django. Every label is read strictly: a label this module cannot read
raises :class:`PeriodError` naming it, never a best guess.

Kinds of period and the labels accepted for each (keywords are case-insensitive, runs
of spaces count as one):

* financial year (UK, 1 April – 31 March): ``2016/17``, ``16/17``, ``FY2016/17``,
  ``FY 16/17``, ``2016/2017``; printed ``2016/17``.
* quarter of a financial year (Q1 = April–June ... Q4 = January–March):
  ``Q1 2018/19`` or ``2018/19 Q1`` (the year in any financial-year form);
  printed ``Q1 2018/19``.
* month: ``2019-02``, ``Feb 19``, ``Feb-19``, ``Feb 2019``, ``February 2019``
  (``Sept`` is accepted for September); printed ``Feb 2019``.
* calendar year: ``2015``; printed ``2015``.
* academic year (1 September – 31 August): ``Academic 2017/18``,
  ``Academic year 2017/18``; printed ``Academic 2017/18``.
* financial year to date, from 1 April to the end of a month: ``2018/19 to Feb 2019``
  or ``YTD Feb 19``; printed ``2018/19 to Feb 2019``. In board papers these usually
  appear after a value (``92.3% Feb 19``); see :func:`parse_value_with_period`.
* cumulative range between two periods of the kinds above, separated by an en dash or
  a hyphen: ``2014/15 Q1 – 2018/19 Q1``; printed ``Q1 2014/15 – Q1 2018/19``.

Decisions the labels leave open:

* Two-digit years are always 20yy (``99/00`` is 2099/2100): the documents this serves
  start in the 2000s and a sliding century window would be a guess.
* ``2016-17`` is not a financial year: ``2011-12`` would equally be December 2011.
* A label that splits into a range in more than one way is ambiguous and an error.
* Periods order by (end, start) as specified; kind and label then break ties so that
  the ordering is total and agrees with equality.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Period",
    "PeriodError",
    "PeriodKind",
    "academic_year",
    "calendar_year",
    "financial_year",
    "financial_year_of",
    "financial_years",
    "month",
    "parse_period",
    "parse_value_with_period",
    "period_range",
    "quarter",
    "year_to_date",
]

EN_DASH = "\u2013"
# Spelt out rather than taken from the calendar module, whose names follow the locale.
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_ABBR = tuple(name[:3] for name in _MONTH_NAMES)


class PeriodError(ValueError):
    """A period label that cannot be read; the message names the label."""


class PeriodKind(StrEnum):
    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"
    MONTH = "month"
    CALENDAR_YEAR = "calendar_year"
    ACADEMIC_YEAR = "academic_year"
    YEAR_TO_DATE = "year_to_date"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    """A span of whole days, ``start`` to ``end`` inclusive, with its canonical label.

    Build periods with :func:`parse_period` or the constructors below rather than
    directly, so that the label is canonical.
    """

    kind: PeriodKind
    start: dt.date
    end: dt.date
    label: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        if self.start > self.end:
            raise PeriodError(f"period {self.label!r} ends before it starts")

    def _key(self) -> tuple[dt.date, dt.date, str, str]:
        return (self.end, self.start, str(self.kind), self.label)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()

    def __str__(self) -> str:
        return self.label

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# --- constructors ---------------------------------------------------------------------


def _year_pair(first: int) -> str:
    return f"{first}/{(first + 1) % 100:02d}"


def _month_end(year: int, month_number: int) -> dt.date:
    return dt.date(year, month_number, calendar.monthrange(year, month_number)[1])


def financial_year(first_year: int) -> Period:
    """The financial year starting 1 April ``first_year``."""
    return Period(
        PeriodKind.FINANCIAL_YEAR,
        dt.date(first_year, 4, 1),
        dt.date(first_year + 1, 3, 31),
        _year_pair(first_year),
    )


def quarter(first_year: int, number: int) -> Period:
    """Quarter ``number`` (1–4) of the financial year starting in ``first_year``."""
    if not 1 <= number <= 4:
        raise PeriodError(f"no quarter Q{number} in {_year_pair(first_year)}: quarters are Q1–Q4")
    start_month = 4 + 3 * (number - 1)
    year = first_year + (start_month - 1) // 12
    start_month = (start_month - 1) % 12 + 1
    return Period(
        PeriodKind.QUARTER,
        dt.date(year, start_month, 1),
        _month_end(year, start_month + 2),
        f"Q{number} {_year_pair(first_year)}",
    )


def month(year: int, month_number: int) -> Period:
    if not 1 <= month_number <= 12:
        raise PeriodError(f"no month {month_number} in {year}: months are 1–12")
    return Period(
        PeriodKind.MONTH,
        dt.date(year, month_number, 1),
        _month_end(year, month_number),
        f"{_MONTH_ABBR[month_number - 1]} {year}",
    )


def calendar_year(year: int) -> Period:
    return Period(PeriodKind.CALENDAR_YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def academic_year(first_year: int) -> Period:
    """The academic year from 1 September ``first_year`` to 31 August the next year."""
    return Period(
        PeriodKind.ACADEMIC_YEAR,
        dt.date(first_year, 9, 1),
        dt.date(first_year + 1, 8, 31),
        f"Academic {_year_pair(first_year)}",
    )


def financial_year_of(day: dt.date) -> Period:
    """The financial year containing ``day``."""
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def year_to_date(month_period: Period | str) -> Period:
    """The financial year to date: 1 April up to the end of the given month."""
    if isinstance(month_period, str):
        month_period = parse_period(month_period)
    if month_period.kind is not PeriodKind.MONTH:
        raise PeriodError(f"{month_period.label!r} is not a month, so has no year to date")
    fy = financial_year_of(month_period.start)
    return Period(
        PeriodKind.YEAR_TO_DATE,
        fy.start,
        month_period.end,
        f"{fy.label} to {month_period.label}",
    )


_RANGE_ENDPOINT_KINDS = frozenset(
    {
        PeriodKind.FINANCIAL_YEAR,
        PeriodKind.QUARTER,
        PeriodKind.MONTH,
        PeriodKind.CALENDAR_YEAR,
        PeriodKind.ACADEMIC_YEAR,
    }
)


def period_range(first: Period, last: Period) -> Period:
    """The cumulative period from the start of ``first`` to the end of ``last``."""
    label = f"{first.label} {EN_DASH} {last.label}"
    for endpoint in (first, last):
        if endpoint.kind not in _RANGE_ENDPOINT_KINDS:
            raise PeriodError(f"range {label!r}: {endpoint.label!r} cannot be a range endpoint")
    if first.start > last.start or first.end > last.end:
        raise PeriodError(f"range {label!r}: {first.label!r} does not come before {last.label!r}")
    return Period(PeriodKind.RANGE, first.start, last.end, label)


# --- parsing --------------------------------------------------------------------------

_MONTHS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS |= {name.lower(): number for number, name in enumerate(_MONTH_ABBR, start=1)}
_MONTHS["sept"] = 9

_FY = r"(?:fy\s*)?(\d{2}|\d{4})/(\d{2}|\d{4})"
_FY_RE = re.compile(rf"{_FY}")
_QUARTER_RE = re.compile(rf"q([1-4])\s+{_FY}|{_FY}\s+q([1-4])")
_ISO_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_NAMED_MONTH_RE = re.compile(r"([a-z]+)(?:\s+|\s*-\s*)(\d{2}|\d{4})")
_CALENDAR_YEAR_RE = re.compile(r"\d{4}")
_ACADEMIC_RE = re.compile(rf"academic(?:\s+year)?\s+{_FY}")
_YTD_RE = re.compile(rf"{_FY}\s+to\s+(.+)")
_YTD_SHORT_RE = re.compile(r"ytd\s+(.+)")


def _full_year(text: str) -> int:
    # Two-digit years are 20yy: see the module docstring.
    return int(text) if len(text) == 4 else 2000 + int(text)


def _year_pair_first(label: str, first: str, second: str) -> int:
    year = _full_year(first)
    following = int(second) if len(second) == 4 else int(second) + (year + 1) // 100 * 100
    if following != year + 1:
        raise PeriodError(
            f"cannot read period {label!r}: {first}/{second} are not consecutive years"
        )
    return year


def _parse_single(label: str, text: str) -> Period | None:
    """Read a non-range label in normalised lower-case ``text``; None if no form fits."""
    if m := _FY_RE.fullmatch(text):
        return financial_year(_year_pair_first(label, m[1], m[2]))
    if m := _QUARTER_RE.fullmatch(text):
        if m[1]:
            return quarter(_year_pair_first(label, m[2], m[3]), int(m[1]))
        return quarter(_year_pair_first(label, m[4], m[5]), int(m[6]))
    if m := _ISO_MONTH_RE.fullmatch(text):
        number = int(m[2])
        if not 1 <= number <= 12:
            raise PeriodError(f"cannot read period {label!r}: there is no month {m[2]}")
        return month(int(m[1]), number)
    if (m := _NAMED_MONTH_RE.fullmatch(text)) and m[1] in _MONTHS:
        return month(_full_year(m[2]), _MONTHS[m[1]])
    if _CALENDAR_YEAR_RE.fullmatch(text):
        return calendar_year(int(text))
    if m := _ACADEMIC_RE.fullmatch(text):
        return academic_year(_year_pair_first(label, m[1], m[2]))
    if m := _YTD_RE.fullmatch(text):
        fy = financial_year(_year_pair_first(label, m[1], m[2]))
        end = _parse_single(label, m[3])
        if end is None or end.kind is not PeriodKind.MONTH:
            raise PeriodError(f"cannot read period {label!r}: {m[3]!r} is not a month")
        if not fy.contains(end.start):
            raise PeriodError(
                f"cannot read period {label!r}: {end.label} is not in financial year {fy.label}"
            )
        return year_to_date(end)
    if m := _YTD_SHORT_RE.fullmatch(text):
        end = _parse_single(label, m[1])
        if end is None or end.kind is not PeriodKind.MONTH:
            raise PeriodError(f"cannot read period {label!r}: {m[1]!r} is not a month")
        return year_to_date(end)
    return None


def _parse_single_checked(label: str, text: str) -> Period | None:
    try:
        return _parse_single(label, text)
    except PeriodError:
        raise
    except ValueError as exc:  # a year datetime.date cannot hold, such as 0000
        raise PeriodError(f"cannot read period {label!r}: {exc}") from None


_DASH_RE = re.compile(rf"\s*[-{EN_DASH}]\s*")


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def parse_period(label: str) -> Period:
    """Read a period label (see the module docstring for the forms accepted).

    Raises :class:`PeriodError`, whose message names ``label``, for anything else.
    """
    if not isinstance(label, str):
        raise PeriodError(f"cannot read period {label!r}: not text")
    text = _normalise(label)
    if not text:
        raise PeriodError(f"cannot read period {label!r}: empty label")
    single = _parse_single_checked(label, text)
    if single is not None:
        return single
    # Hyphens also appear inside labels (2019-02), so a range is read only where the
    # text splits at exactly one dash into two readable periods.
    splits: list[tuple[Period, Period]] = []
    for m in _DASH_RE.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        try:
            first, last = _parse_single_checked(label, left), _parse_single_checked(label, right)
        except PeriodError:
            continue
        if first is not None and last is not None:
            splits.append((first, last))
    if len(splits) > 1:
        raise PeriodError(f"cannot read period {label!r}: it splits into a range more than one way")
    if splits:
        first, last = splits[0]
        try:
            return period_range(first, last)
        except PeriodError as exc:
            raise PeriodError(f"cannot read period {label!r}: {exc}") from None
    raise PeriodError(f"cannot read period {label!r}")


def financial_years(start_label: str, end_label: str) -> list[Period]:
    """Every financial year from ``start_label`` to ``end_label`` inclusive."""
    first, last = parse_period(start_label), parse_period(end_label)
    for label, period in ((start_label, first), (end_label, last)):
        if period.kind is not PeriodKind.FINANCIAL_YEAR:
            raise PeriodError(f"{label!r} is not a financial year")
    if first.start > last.start:
        raise PeriodError(f"financial years {start_label!r} to {end_label!r} run backwards")
    return [financial_year(y) for y in range(first.start.year, last.start.year + 1)]


def parse_value_with_period(text: str) -> tuple[str, Period | None]:
    """Split a value written with a partial period, such as ``92.3% Feb 19``.

    A value followed by a month means the financial year to the end of that month, so
    ``"92.3% Feb 19"`` gives ``("92.3%", <2018/19 to Feb 2019>)``. The month may be in
    brackets. Text without a trailing month, or a month alone, comes back unchanged
    with ``None``.
    """
    stripped = text.strip()
    tokens = stripped.split()
    # Month labels are at most two words ("Feb 19", "February 2019"), so only the last
    # one or two words can be the period; the rest is the value.
    for width in (2, 1):
        if len(tokens) <= width:
            continue
        tail = " ".join(tokens[-width:])
        inner = tail[1:-1] if tail.startswith("(") and tail.endswith(")") else tail
        try:
            period = _parse_single_checked(inner, _normalise(inner))
        except PeriodError:
            continue
        if period is not None and period.kind is PeriodKind.MONTH:
            return " ".join(tokens[:-width]), year_to_date(period)
    return stripped, None
