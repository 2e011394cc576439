"""Geometry for server-rendered SVG charts (no Django): the same chart goes into the page,
the PDF and the Word document. Templates draw what this computes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    value: float
    kind: str = ""  # SPC point type, empty when SPC is not computed
    shown: str = ""  # the value as a reader reads it: "92.3%", "13,156"


@dataclass
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    points: list[ChartPoint]
    targets: list[ChartPoint] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    mean_y: float | None = None
    upper_y: float | None = None
    lower_y: float | None = None
    summary: str = ""
    """The chart in one sentence, for its accessible name: never a repr of the points."""

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def target_polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.targets)


def _nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def line_chart(labels: list[str], values: list[float], targets: list[float | None] | None = None,
               spc=None, decimals: int = 1, width: int = 720, height: int = 300, sparkline: bool = False,
               unit: str = "") -> Chart:
    """Place a series (and its targets, SPC centre line and limits) on a width × height canvas."""
    if sparkline:
        left, right, top, bottom = 2, 2, 2, 2
    else:
        left, right, top, bottom = 56, 16, 16, 48
    targets = targets or [None] * len(values)
    extra = [t for t in targets if t is not None]
    if spc is not None:
        extra += [spc.mean, spc.upper_limit, spc.lower_limit]
    data = list(values) + extra
    lo, hi = (min(data), max(data)) if data else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    step = _nice_step(hi - lo, 5)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(values)

    def x(i):
        return left + (plot_w * (i + 0.5) / n if n else 0)

    def y(v):
        return top + plot_h * (1 - (v - lo) / (hi - lo))

    def shown(v):
        return f"{v:,.{decimals}f}{unit}"

    kinds = list(spc.point_types[-n:]) if spc is not None else [""] * n
    chart = Chart(width, height, left, top, right, bottom,
                  [ChartPoint(x(i), y(v), labels[i], v, kinds[i] or "", shown(v)) for i, v in enumerate(values)])
    chart.targets = [ChartPoint(x(i), y(t), labels[i], t, "", shown(t)) for i, t in enumerate(targets) if t is not None]
    chart.summary = summary(chart.points)
    if spc is not None:
        chart.mean_y, chart.upper_y, chart.lower_y = y(spc.mean), y(spc.upper_limit), y(spc.lower_limit)
    if not sparkline:
        tick = lo
        while tick <= hi + step / 2:
            chart.y_ticks.append((y(tick), f"{tick:.{decimals}f}"))
            tick += step
        every = max(1, math.ceil(n / 12))
        chart.x_labels = [(x(i), labels[i]) for i in range(0, n, every)]
    return chart


def summary(points: list[ChartPoint]) -> str:
    """ "Trend from 92.1% in 16/17 to 92.3% in 18/19, 5 values" (one value: "One value: …")."""
    if not points:
        return "No values"
    first, last = points[0], points[-1]
    if len(points) == 1:
        return f"One value: {first.shown} in {first.label}"
    return f"Trend from {first.shown} in {first.label} to {last.shown} in {last.label}, {len(points)} values"
