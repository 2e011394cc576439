"""Assessment of indicator values: calculated RAG, direction of travel and SPC.

Pure Python, no Django and no numpy: this module is the readable reference. The
vectorised path in :mod:`wellboard.indicators.assessment_batch` assesses many series at
once with numpy and gives identical results (the tests check this property).

Vocabulary
==========

* polarity: ``high`` (higher is better), ``low``, ``maintain`` (stay near the target)
  or ``none`` (no better direction);
* target: a number, or one of the words ``Increase``, ``Reduce``, ``Maintain`` (compared
  with the previous value) or ``TBC`` (to be confirmed); words are read in any case;
* tolerance: the amber band, relative (``5%``: five per cent of the reference, the
  default) or absolute (``2``: two units); see :func:`parse_tolerance`.

Missing values are ``None`` (or NaN). "The previous value" of a point is the most recent
earlier value in the series that is present: gaps are skipped, not treated as zero.

Calculated RAG
==============

:func:`calculated_rag` gives a status (``no-data``, ``no-target``, ``red``, ``amber``,
``green``) and a one-line explanation. With ``tol`` the tolerance taken of the
reference (``|target|``, or ``|previous|`` for the target words; the absolute value
so that a negative reference still gives a band):

1. no value → ``no-data``;
2. no target, ``TBC`` or polarity ``none`` → ``no-target``;
3. ``Increase``/``Reduce``/``Maintain``: no previous value → ``no-data``. Otherwise
   with gain = value − previous (``Increase``) or previous − value (``Reduce``):
   gain > tol → ``green``; −tol ≤ gain ≤ tol → ``amber``; gain < −tol → ``red``.
   ``Maintain``: |value − previous| ≤ tol → ``green``, else ``red``. The word states
   the goal, so it decides the direction whatever the polarity (other than ``none``);
4. numeric target, polarity ``high``: value ≥ target → ``green``; value ≥ target − tol
   → ``amber``; else ``red``. ``low``: value ≤ target → ``green``; value ≤ target + tol
   → ``amber``; else ``red``. ``maintain``: |value − target| ≤ tol → ``green``; else
   ``red``.

Every boundary is inclusive on the kinder side, as written above.

Direction of travel
===================

:func:`direction` compares a value with the previous value: ``improving``,
``worsening`` or ``no-change`` read with polarity ``high``/``low``; ``increasing``,
``decreasing`` or ``no-change`` for polarity ``maintain``/``none``; ``n/a`` when either
value is missing (the first value of a series has no previous one).

SPC (Making Data Count, as NHSRplotthedots computes it)
=======================================================

:func:`spc` works on the values present, in order, and needs at least
:data:`SPC_MIN_POINTS` (12) of them; otherwise it returns ``None``. Missing values are
skipped: they get no point type, and the moving range spans the gap.

* centre line: mean of the values;
* moving ranges mR = |xᵢ − xᵢ₋₁|; screening drops every mR ≥ 3.267 × mean(mR) and the
  mean of the rest is amR. When every mR is dropped (only possible when all are 0, a
  constant series) amR = 0;
* process limits: mean ± 2.66 × amR; near limits: mean ± (2 × 2.66 / 3) × amR.

A point is special cause when any of these holds:

* *outside the limits*: strictly above the upper or strictly below the lower process
  limit (a point exactly on a limit is inside);
* *run*: part of 7 or more consecutive points strictly on the same side of the mean;
  a point exactly on the mean breaks the run;
* *trend*: part of 7 or more consecutive points each strictly higher (or each strictly
  lower) than the one before, that is six strictly rising (falling) steps; equal
  neighbours break a trend. Every point of the trend is flagged, including the first;
* *two of three near the limit*: three consecutive points all strictly on the same side
  of the mean, at least two of which lie in the near-limit zone on that side. The zone
  is strictly beyond the near limit and up to and including the process limit
  (mean + 2/3·2.66·amR < x ≤ mean + 2.66·amR, mirrored below), as NHSRplotthedots
  computes it; points beyond the process limits are already special cause and count
  only towards "same side". Only the points in the zone are flagged.

Each special-cause point gets a direction: its side of the mean, as the issue's rule
says ("high: above the mean is improvement"), whichever rule made it special. A trend
point lying exactly on the mean has no side and takes the trend's own direction (a peak
or trough shared by a rising and a falling trend takes the trend it starts). Note that
NHSRplotthedots 0.2+ and the NHS England Excel tool instead type every trend point by the
trend's direction; Wellboard follows the rule it was specified with. Then:
polarity ``high``: above (up) → ``special_cause_improvement``, below (down) →
``special_cause_concern``; ``low``: the reverse; ``maintain`` and ``none`` have no
improving direction: ``special_cause_neutral_high`` / ``special_cause_neutral_low``.
Other points are ``common_cause``.

The *variation* icon is the type of the last value present. The *assurance* icon needs
a numeric target for that last point and polarity ``high`` or ``low``: target strictly
above the upper process limit → ``consistent-fail`` (high) / ``consistent-pass`` (low);
strictly below the lower limit → the reverse; otherwise (including on a limit)
``inconsistent``. Without such a target or polarity it is ``None``.

Sums are taken strictly left to right here and in the vectorised path, so both give
the same floating-point mean and limits, bit for bit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ASSURANCES",
    "DEFAULT_TOLERANCE",
    "DIRECTIONS",
    "LIMIT_FACTOR",
    "NEAR_LIMIT_FACTOR",
    "POLARITIES",
    "RAG_STATUSES",
    "SCREEN_FACTOR",
    "SPC_MIN_POINTS",
    "SPC_POINT_TYPES",
    "TARGET_WORDS",
    "AssessmentError",
    "Polarity",
    "Rating",
    "SpcResult",
    "TargetWord",
    "Tolerance",
    "calculated_rag",
    "direction",
    "parse_number",
    "parse_polarity",
    "parse_target",
    "parse_tolerance",
    "previous_values",
    "spc",
]

SPC_MIN_POINTS = 12
RUN_LENGTH = 7
TREND_LENGTH = 7
LIMIT_FACTOR = 2.66
NEAR_LIMIT_FACTOR = 2 * (LIMIT_FACTOR / 3)
SCREEN_FACTOR = 3.267


class AssessmentError(ValueError):
    """Input the assessment cannot read; the message names the offending text."""


class Polarity(StrEnum):
    NONE = "none"
    HIGH = "high"
    LOW = "low"
    MAINTAIN = "maintain"


class TargetWord(StrEnum):
    INCREASE = "Increase"
    REDUCE = "Reduce"
    MAINTAIN = "Maintain"
    TBC = "TBC"


# Vocabularies in code order: the vectorised path returns small integer codes that index
# these tuples, so their order is part of the interface.
POLARITIES: tuple[Polarity, ...] = (Polarity.NONE, Polarity.HIGH, Polarity.LOW, Polarity.MAINTAIN)
TARGET_WORDS: tuple[TargetWord | None, ...] = (
    None,
    TargetWord.INCREASE,
    TargetWord.REDUCE,
    TargetWord.MAINTAIN,
    TargetWord.TBC,
)
RAG_STATUSES: tuple[str, ...] = ("no-data", "no-target", "red", "amber", "green")
DIRECTIONS: tuple[str, ...] = (
    "n/a",
    "improving",
    "worsening",
    "no-change",
    "increasing",
    "decreasing",
    # Only from like_with_like.compare_series: a partial period against a different span.
    "not-comparable",
)
SPC_POINT_TYPES: tuple[str | None, ...] = (
    None,
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
ASSURANCES: tuple[str | None, ...] = (None, "consistent-pass", "consistent-fail", "inconsistent")


# --- reading inputs -------------------------------------------------------------------

_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_number(text: str) -> float | None:
    """A plain decimal number, or None for empty text.

    Stricter than ``float()``: no ``nan``, ``inf``, underscores or thousands separators,
    so that a typing slip is reported rather than read as something else.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if not _NUMBER_RE.fullmatch(stripped):
        raise AssessmentError(f"not a number: {text!r}")
    number = float(stripped)
    if not math.isfinite(number):
        raise AssessmentError(f"number out of range: {text!r}")
    return number


def parse_polarity(text: str | Polarity) -> Polarity:
    try:
        return Polarity(text.strip().lower())
    except (ValueError, AttributeError):
        raise AssessmentError(
            f"unknown polarity {text!r}: use high, low, maintain or none"
        ) from None


_TARGET_WORDS_BY_LOWER = {word.value.lower(): word for word in TargetWord}


def parse_target(text: str | float | TargetWord | None) -> float | TargetWord | None:
    """A numeric target, a target word, or None when there is no target."""
    if text is None or isinstance(text, TargetWord):
        return text
    if isinstance(text, int | float):
        return _checked_value(text, "target")
    stripped = text.strip()
    if not stripped:
        return None
    word = _TARGET_WORDS_BY_LOWER.get(stripped.lower())
    if word is not None:
        return word
    try:
        return parse_number(stripped)
    except AssessmentError:
        raise AssessmentError(
            f"unknown target {text!r}: use a number, Increase, Reduce, Maintain or TBC"
        ) from None


@dataclass(frozen=True)
class Tolerance:
    """The amber band: ``amount`` per cent of the reference, or ``amount`` units."""

    amount: float
    relative: bool = True

    def __post_init__(self) -> None:
        if not math.isfinite(self.amount) or self.amount < 0:
            raise AssessmentError(f"tolerance must be a non-negative number, not {self.amount!r}")

    def of(self, reference: float) -> float:
        """The tolerance in units, for a target (or previous value) ``reference``."""
        # Written exactly as the vectorised path computes it, so both round alike.
        if self.relative:
            return abs(reference) * self.amount / 100
        return self.amount

    def __str__(self) -> str:
        return f"{self.amount:g}%" if self.relative else f"{self.amount:g}"


DEFAULT_TOLERANCE = Tolerance(5.0, relative=True)


def parse_tolerance(text: str | None) -> Tolerance:
    """``"5%"`` → 5 % of the reference; ``"2"`` → 2 units; empty → the 5 % default."""
    if text is None or not text.strip():
        return DEFAULT_TOLERANCE
    stripped = text.strip()
    relative = stripped.endswith("%")
    number_text = stripped[:-1].rstrip() if relative else stripped
    try:
        amount = parse_number(number_text)
    except AssessmentError:
        amount = None
    if amount is None or amount < 0:
        raise AssessmentError(
            f"bad tolerance {text!r}: use a percentage such as 5% or a number of units such as 2"
        )
    return Tolerance(amount, relative)


def _tolerance(tolerance: Tolerance | str | None) -> Tolerance:
    if isinstance(tolerance, Tolerance):
        return tolerance
    return parse_tolerance(tolerance)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _checked_value(value: float, what: str) -> float:
    number = float(value)
    if math.isinf(number):
        raise AssessmentError(f"{what} must be finite, not {value!r}")
    return number


def _value_or_none(value: float | None, what: str) -> float | None:
    return None if _is_missing(value) else _checked_value(value, what)


def previous_values(values: Sequence[float | None]) -> list[float | None]:
    """For each point, the most recent earlier value present (None if there is none)."""
    result: list[float | None] = []
    last: float | None = None
    for value in values:
        result.append(last)
        if not _is_missing(value):
            last = float(value)
    return result


# --- calculated RAG -------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    status: str
    explanation: str


def _num(x: float) -> str:
    # Ten significant figures hide binary noise (92.3 - 80.0 = 12.299999999999997)
    # while repr keeps the ".0" that shows a number was read as a decimal.
    return repr(float(f"{x:.10g}"))


def _tolerance_text(tolerance: Tolerance, reference: float, unit: str, num=_num) -> str:
    text = f"the tolerance of {num(tolerance.of(reference))}{unit}"
    if tolerance.relative:
        text += f" ({tolerance} of {num(reference)}{unit})"
    return text


def calculated_rag(
    value: float | None,
    target: float | str | TargetWord | None,
    polarity: str | Polarity,
    tolerance: Tolerance | str | None = None,
    previous: float | None = None,
    *,
    unit: str = "",
    number_format=None,
) -> Rating:
    """Rate ``value`` against its period's ``target`` (rules in the module docstring).

    ``previous`` is the previous value in the series, used by the target words
    ``Increase``, ``Reduce`` and ``Maintain``. ``unit`` is appended to numbers in the
    explanation (``unit="%"`` gives "92.3% against a target of 80.0%, ...").
    ``number_format`` (a function of a float) writes the numbers in the explanation; by
    default they are written as read, with ten significant figures.
    """
    num = number_format or _num
    polarity = parse_polarity(polarity)
    target = parse_target(target)
    tol = _tolerance(tolerance)
    value = _value_or_none(value, "value")
    previous = _value_or_none(previous, "previous value")

    if value is None:
        return Rating("no-data", "no value")
    shown = f"{num(value)}{unit}"
    if target is None:
        return Rating("no-target", f"{shown} with no target")
    if target is TargetWord.TBC:
        return Rating("no-target", f"{shown} with target TBC")
    if polarity is Polarity.NONE:
        return Rating("no-target", f"{shown} with polarity none: not rated against a target")

    if isinstance(target, TargetWord):
        if previous is None:
            return Rating("no-data", f"{shown} has no previous value to compare with ({target})")
        band = tol.of(previous)
        change = value - previous
        moved = (
            "no change"
            if change == 0
            else f"{'up' if change > 0 else 'down'} by {num(abs(change))}{unit}"
        )
        head = f"{shown} against the previous value {num(previous)}{unit}, target {target}"
        band_text = _tolerance_text(tol, previous, unit, num)
        if target is TargetWord.MAINTAIN:
            if abs(change) <= band:
                return Rating("green", f"{head}: {moved}, within {band_text}")
            return Rating("red", f"{head}: {moved}, beyond {band_text}")
        gain = change if target is TargetWord.INCREASE else previous - value
        if gain > band:
            return Rating("green", f"{head}: {moved}, beyond {band_text}")
        if gain >= -band:
            return Rating("amber", f"{head}: {moved}, within {band_text}")
        return Rating("red", f"{head}: {moved}, beyond {band_text}")

    band = tol.of(target)
    band_text = _tolerance_text(tol, target, unit, num)
    head = f"{shown} against a target of {num(target)}{unit}"
    if polarity is Polarity.MAINTAIN:
        head += ", to be maintained"
        off = abs(value - target)
        if off <= band:
            return Rating("green", f"{head}: off by {num(off)}{unit}, within {band_text}")
        return Rating("red", f"{head}: off by {num(off)}{unit}, beyond {band_text}")
    if polarity is Polarity.HIGH:
        head += ", higher is better"
        met, near = value >= target, value >= target - band
    else:
        head += ", lower is better"
        met, near = value <= target, value <= target + band
    if met:
        return Rating("green", f"{head}: met")
    missed = f"missed by {num(abs(value - target))}{unit}"
    if near:
        return Rating("amber", f"{head}: {missed}, within {band_text}")
    return Rating("red", f"{head}: {missed}, beyond {band_text}")


# --- direction of travel --------------------------------------------------------------


def direction(value: float | None, previous: float | None, polarity: str | Polarity) -> str:
    """Direction of travel from ``previous`` to ``value`` (see the module docstring)."""
    polarity = parse_polarity(polarity)
    value = _value_or_none(value, "value")
    previous = _value_or_none(previous, "previous value")
    if value is None or previous is None:
        return "n/a"
    if value == previous:
        return "no-change"
    rising = value > previous
    if polarity is Polarity.HIGH:
        return "improving" if rising else "worsening"
    if polarity is Polarity.LOW:
        return "worsening" if rising else "improving"
    return "increasing" if rising else "decreasing"


# --- SPC ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpcResult:
    mean: float
    lower_limit: float
    upper_limit: float
    point_types: tuple[str | None, ...]
    """One per input value; None where the value is missing."""
    variation: str
    assurance: str | None


def _sum(numbers: Sequence[float]) -> float:
    # Strictly left to right (no pairwise or compensated summation), matching the
    # cumulative sums of the vectorised path bit for bit.
    total = 0.0
    for number in numbers:
        total += number
    return total


def _windows(flags: Sequence[bool], width: int) -> list[bool]:
    """Which points belong to a window of ``width`` consecutive True flags."""
    member = [False] * len(flags)
    for start in range(len(flags) - width + 1):
        if all(flags[start : start + width]):
            for i in range(start, start + width):
                member[i] = True
    return member


def spc(
    values: Sequence[float | None],
    polarity: str | Polarity,
    target: float | str | TargetWord | None = None,
) -> SpcResult | None:
    """Making Data Count SPC for one series, or None with fewer than 12 values.

    ``target`` is the target of the last period with a value, for the assurance icon.
    """
    polarity = parse_polarity(polarity)
    target = parse_target(target)
    positions = [i for i, v in enumerate(values) if not _is_missing(v)]
    xs = [_checked_value(values[i], "value") for i in positions]
    n = len(xs)
    if n < SPC_MIN_POINTS:
        return None

    mean = _sum(xs) / n
    ranges = [abs(xs[i] - xs[i - 1]) for i in range(1, n)]
    first_mean_range = _sum(ranges) / len(ranges)
    kept = [r for r in ranges if r < SCREEN_FACTOR * first_mean_range]
    mean_range = _sum(kept) / len(kept) if kept else 0.0
    upper, lower = mean + LIMIT_FACTOR * mean_range, mean - LIMIT_FACTOR * mean_range
    near_upper = mean + NEAR_LIMIT_FACTOR * mean_range
    near_lower = mean - NEAR_LIMIT_FACTOR * mean_range

    side = [(x > mean) - (x < mean) for x in xs]
    outside = [x > upper or x < lower for x in xs]
    near = [
        not out and (x > near_upper or x < near_lower) for x, out in zip(xs, outside, strict=True)
    ]

    run_above = _windows([s > 0 for s in side], RUN_LENGTH)
    run_below = _windows([s < 0 for s in side], RUN_LENGTH)
    run = [above or below for above, below in zip(run_above, run_below, strict=True)]
    # Step i joins point i to point i + 1; a trend of 7 points is 6 steps.
    rising_steps = _windows([xs[i + 1] > xs[i] for i in range(n - 1)], TREND_LENGTH - 1)
    falling_steps = _windows([xs[i + 1] < xs[i] for i in range(n - 1)], TREND_LENGTH - 1)
    rising = [False] * n
    falling = [False] * n
    for i in range(n - 1):
        if rising_steps[i]:
            rising[i] = rising[i + 1] = True
        if falling_steps[i]:
            falling[i] = falling[i + 1] = True

    two_of_three = [False] * n
    for start in range(n - 2):
        window = range(start, start + 3)
        for s in (1, -1):
            if all(side[i] == s for i in window) and sum(near[i] for i in window) >= 2:
                for i in window:
                    two_of_three[i] = two_of_three[i] or near[i]

    point_codes: list[int] = []
    for i in range(n):
        special = outside[i] or rising[i] or falling[i] or two_of_three[i] or run[i]
        if special and side[i]:
            way = side[i]
        elif rising[i] and falling[i]:
            way = 1 if xs[i + 1] > xs[i] else -1
        elif rising[i] or falling[i]:
            way = 1 if rising[i] else -1
        else:
            way = 0
        point_codes.append(_point_code(way, polarity))

    types: list[str | None] = [None] * len(values)
    for position, code in zip(positions, point_codes, strict=True):
        types[position] = SPC_POINT_TYPES[code]

    assurance: str | None = None
    if isinstance(target, float) and polarity in (Polarity.HIGH, Polarity.LOW):
        high = polarity is Polarity.HIGH
        if target > upper:
            assurance = "consistent-fail" if high else "consistent-pass"
        elif target < lower:
            assurance = "consistent-pass" if high else "consistent-fail"
        else:
            assurance = "inconsistent"
    return SpcResult(
        mean=mean,
        lower_limit=lower,
        upper_limit=upper,
        point_types=tuple(types),
        variation=SPC_POINT_TYPES[point_codes[-1]],
        assurance=assurance,
    )


def _point_code(way: int, polarity: Polarity) -> int:
    if way == 0:
        return 1
    if polarity is Polarity.HIGH:
        return 2 if way > 0 else 3
    if polarity is Polarity.LOW:
        return 3 if way > 0 else 2
    return 4 if way > 0 else 5
