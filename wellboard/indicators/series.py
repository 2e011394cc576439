"""An indicator's stored values turned into an assessed series for pages, API and outputs.

Nothing assessed is stored: RAG, direction and SPC come from the pure `assessment` module
each time, from the values as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from wellboard.core.periods import PeriodError, parse_period, year_to_date

from . import assessment
from .like_with_like import compare_series, readable_period
from .models import Indicator, Value
from .text_assessment import assess_number_without_direction, assess_text, polarity_of

CALCULATED_LABELS = {
    "green": ("Green", "✓"), "amber": ("Amber", "!"), "red": ("Red", "✕"),
    "no-data": ("No data", "–"), "no-target": ("No target", "–"),
    # Yes/no values and "Good is" words that are not a direction: said plainly, never a RAG.
    "met": ("Met", "✓"), "not-met": ("Not met", "✕"), "not-assessed": ("Not assessed", "–"),
}
DIRECTION_TEXT = {
    "improving": "Improving", "worsening": "Worsening", "no-change": "No change",
    "increasing": "Increasing", "decreasing": "Decreasing", "n/a": "No previous value",
    "not-comparable": "Not comparable", "not-assessed": "No direction (not a number)",
}
# Measure tables state no period for these columns; they read left to right as Previous, Latest.
UNSTATED_ORDER = {"Previous": 0, "Latest": 1}
TEXT_UNITS = {Indicator.Unit.YES_NO, Indicator.Unit.TEXT}
SPC_TEXT = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause variation: improvement",
    "special_cause_concern": "Special cause variation: concern",
    "special_cause_neutral_high": "Special cause variation: high (no better direction)",
    "special_cause_neutral_low": "Special cause variation: low (no better direction)",
}
ASSURANCE_TEXT = {
    "consistent-pass": "Consistently passes the target",
    "consistent-fail": "Consistently fails the target",
    "inconsistent": "Inconsistent: may pass or fail the target",
}


@dataclass
class CalculatedRag:
    status: str
    explanation: str

    @property
    def label(self):
        return CALCULATED_LABELS[self.status][0]

    @property
    def symbol(self):
        return CALCULATED_LABELS[self.status][1]

    @property
    def rated(self):
        return self.status in {"red", "amber", "green"}


@dataclass
class Point:
    actual: Value
    target: Value | None
    rag: CalculatedRag | None
    direction: str
    direction_symbol: str
    spc: str | None = None
    direction_explanation: str = ""
    # The value the direction was judged against: a page that shows the direction but not that value
    # (the scorecard) shows its reconstructed/inferred note beside the direction.
    compared_with: Value | None = None

    @property
    def officer_rag(self):
        return self.actual.officer_rag

    @property
    def disagreement(self) -> bool:
        """Officer and calculated RAG both given and different: the coordinator should look."""
        officer = self.actual.officer_rag
        if not (officer and self.rag and self.rag.rated):
            return False
        return officer.disagrees_with(self.rag.status)

    @property
    def direction_text(self):
        return DIRECTION_TEXT[self.direction]

    @property
    def spc_text(self):
        return SPC_TEXT.get(self.spc, "") if self.spc else ""


@dataclass
class Series:
    indicator: Indicator
    baseline: Value | None
    points: list[Point]
    targets: list[Value]
    text_actuals: list[Value]
    comparators: list[Value]
    spc: assessment.SpcResult | None = None
    numeric: list[tuple[str, float]] = field(default_factory=list)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def disagreements(self) -> list[Point]:
        return [p for p in self.points if p.disagreement]

    @property
    def variation_text(self):
        return SPC_TEXT.get(self.spc.variation, "") if self.spc else ""

    @property
    def assurance_text(self):
        return ASSURANCE_TEXT.get(self.spc.assurance, "") if self.spc and self.spc.assurance else ""


def _key(label: str) -> str:
    try:
        return parse_period(label).label
    except PeriodError:
        return label


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _order(v: Value):
    if v.period_end is None:
        return (1, UNSTATED_ORDER.get(v.period, 2), v.period)
    return (0, v.period_end, v.period_start)


def _span(v: Value):
    """What a value covers: "18/19" with as_of "Feb 19" is April to February 2018/19."""
    if v.period_end is None:
        return None
    if v.as_of:
        try:
            return year_to_date(parse_period(v.as_of))
        except PeriodError:
            return None
    return readable_period(v.period)


def build_series(indicator: Indicator, values: list[Value] | None = None) -> Series:
    """Assess one indicator; `values` may be passed already fetched (one query for many)."""
    values = list(indicator.values.all()) if values is None else values
    by_kind: dict[str, list[Value]] = {"baseline": [], "target": [], "actual": [], "comparator": []}
    for v in sorted(values, key=_order):
        by_kind[v.kind].append(v)
    targets = {_key(t.period): t for t in by_kind["target"]}
    baseline = by_kind["baseline"][0] if by_kind["baseline"] else None
    polarity = indicator.polarity
    unit = "%" if indicator.unit == Indicator.Unit.PERCENTAGE else ""
    decimals = indicator.decimals
    no_direction = bool(indicator.good_is) and polarity_of(indicator.good_is) == "none"

    def fmt(x: float) -> str:
        # Board papers write 13,156 and 92.3%: the indicator's own decimals, UK separators;
        # a tolerance finer than that keeps one more place so it is never shown as 0.
        text = f"{x:,.{decimals}f}"
        return text if float(text.replace(",", "")) or not x else f"{x:,.{decimals + 2}f}"

    # A text actual is a value where the indicator is yes/no or text, or where a measure table
    # prints it in its Latest/Previous column; elsewhere it is a note in a year column.
    shown = [a for a in by_kind["actual"]
             if a.value is not None or indicator.unit in TEXT_UNITS or a.period_end is None]
    numeric_actuals = [a for a in shown if a.value is not None]
    has_baseline = baseline is not None and baseline.value is not None
    chain = ([baseline] if has_baseline else []) + shown
    comparisons = compare_series([v.period for v in chain], [_number(v.value) for v in chain], polarity,
                                 [_span(v) for v in chain])[len(chain) - len(shown):]
    previous = _number(baseline.value) if has_baseline else None
    points = []
    for actual, comparison in zip(shown, comparisons, strict=True):
        target = targets.get(_key(actual.period))
        if target is None:
            target_arg = None
        elif target.value is not None:
            target_arg = float(target.value)
        else:
            target_arg = target.text or None
        if actual.value is None:
            rating = assess_text(actual.text, target.text if target else None, indicator.good_is)
            points.append(Point(actual, target, CalculatedRag(rating.status, rating.explanation), "not-assessed",
                                "", direction_explanation="a text value has no direction of travel"))
            continue
        value = float(actual.value)
        if no_direction:
            rating = assess_number_without_direction(f"{fmt(value)}{unit}", indicator.good_is)
        else:
            rating = assessment.calculated_rag(value, target_arg, polarity, indicator.tolerance, previous,
                                               unit=unit, number_format=fmt)
        # The arrow shows which way the number moved; the words say whether that is good.
        earlier = None if comparison.previous is None else chain[comparison.previous]
        compared = None if earlier is None else _number(earlier.value)
        symbol = "" if compared is None else ("↑" if value > compared else "↓" if value < compared else "→")
        points.append(Point(actual, target, CalculatedRag(rating.status, rating.explanation), comparison.direction,
                            symbol, direction_explanation=comparison.explanation, compared_with=earlier))
        previous = value

    series_values = ([float(baseline.value)] if has_baseline else []) + [float(a.value) for a in numeric_actuals]
    numeric_points = [p for p in points if p.actual.value is not None]
    last_target = numeric_points[-1].target if numeric_points else None
    spc = assessment.spc(series_values, polarity,
                         _number(last_target.value) if last_target and last_target.value is not None else None)
    if spc is not None:
        offset = len(series_values) - len(numeric_points)
        for point, kind in zip(numeric_points, spc.point_types[offset:], strict=True):
            point.spc = kind
    numeric = ([(baseline.period, float(baseline.value))] if has_baseline else []) + [
        (a.period, float(a.value)) for a in numeric_actuals]
    return Series(indicator, baseline, points, by_kind["target"],
                  [a for a in by_kind["actual"] if a not in shown], by_kind["comparator"], spc, numeric)
