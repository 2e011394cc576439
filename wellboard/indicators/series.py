"""An indicator's stored values turned into an assessed series for pages, API and outputs.

Nothing assessed is stored: RAG, direction and SPC come from the pure `assessment` module
each time, from the values as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from wellboard.core.periods import PeriodError, parse_period

from . import assessment
from .models import Indicator, Value

CALCULATED_LABELS = {
    "green": ("Green", "✓"), "amber": ("Amber", "!"), "red": ("Red", "✕"),
    "no-data": ("No data", "–"), "no-target": ("No target", "–"),
}
DIRECTION_TEXT = {
    "improving": "Improving", "worsening": "Worsening", "no-change": "No change",
    "increasing": "Increasing", "decreasing": "Decreasing", "n/a": "No previous value",
}
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
OFFICER_TO_CALCULATED = {"RED": "red", "AMBER": "amber", "GREEN": "green"}


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

    @property
    def officer_rag(self):
        return self.actual.officer_rag

    @property
    def disagreement(self) -> bool:
        """Officer and calculated RAG both given and different: the coordinator should look."""
        officer = self.actual.officer_rag
        if not (officer and self.rag and self.rag.rated):
            return False
        mapped = OFFICER_TO_CALCULATED.get(officer.code.upper())
        return mapped is not None and mapped != self.rag.status

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


def build_series(indicator: Indicator, values: list[Value] | None = None) -> Series:
    """Assess one indicator; `values` may be passed already fetched (one query for many)."""
    values = list(indicator.values.all()) if values is None else values
    by_kind: dict[str, list[Value]] = {"baseline": [], "target": [], "actual": [], "comparator": []}
    for v in sorted(values, key=lambda v: (v.period_end, v.period_start)):
        by_kind[v.kind].append(v)
    targets = {_key(t.period): t for t in by_kind["target"]}
    baseline = by_kind["baseline"][0] if by_kind["baseline"] else None
    polarity = indicator.polarity
    unit = "%" if indicator.unit == Indicator.Unit.PERCENTAGE else ""
    decimals = indicator.decimals

    def fmt(x: float) -> str:
        # Board papers write 13,156 and 92.3%: the indicator's own decimals, UK separators;
        # a tolerance finer than that keeps one more place so it is never shown as 0.
        text = f"{x:,.{decimals}f}"
        return text if float(text.replace(",", "")) or not x else f"{x:,.{decimals + 2}f}"

    numeric_actuals = [a for a in by_kind["actual"] if a.value is not None]
    previous = _number(baseline.value) if baseline and baseline.value is not None else None
    points = []
    for actual in numeric_actuals:
        value = float(actual.value)
        target = targets.get(_key(actual.period))
        if target is None:
            target_arg = None
        elif target.value is not None:
            target_arg = float(target.value)
        else:
            target_arg = target.text or None
        rating = assessment.calculated_rag(value, target_arg, polarity, indicator.tolerance, previous, unit=unit,
                                           number_format=fmt)
        way = assessment.direction(value, previous, polarity)
        # The arrow shows which way the number moved; the words say whether that is good.
        symbol = "" if previous is None else ("↑" if value > previous else "↓" if value < previous else "→")
        points.append(Point(actual, target, CalculatedRag(rating.status, rating.explanation), way, symbol))
        previous = value

    series_values = ([float(baseline.value)] if baseline and baseline.value is not None else []) + [
        float(a.value) for a in numeric_actuals]
    last_target = points[-1].target if points else None
    spc = assessment.spc(series_values, polarity,
                         _number(last_target.value) if last_target and last_target.value is not None else None)
    if spc is not None:
        offset = len(series_values) - len(points)
        for point, kind in zip(points, spc.point_types[offset:], strict=True):
            point.spc = kind
    numeric = ([(baseline.period, float(baseline.value))] if baseline and baseline.value is not None else []) + [
        (a.period, float(a.value)) for a in numeric_actuals]
    return Series(indicator, baseline, points, by_kind["target"],
                  [a for a in by_kind["actual"] if a.value is None], by_kind["comparator"], spc, numeric)
