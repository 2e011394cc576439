"""RAG counts per priority as a server-side SVG bar chart (no Django): the same markup goes into the page,
the PDF and the Word document. One stacked bar per priority; every segment wide enough carries its
symbol and count, the legend names each rating with its symbol, and <title>/<desc> state every number,
so the chart never depends on colour. A table of the same numbers goes beside it (the text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

NOT_RATED = ("Not rated", "–", "#f3f2f1", "#0b0c0c")
FONT = "Arial, Helvetica, sans-serif"


@dataclass
class Segment:
    label: str
    symbol: str
    colour: str
    text_colour: str
    count: int


@dataclass
class Bar:
    label: str
    segments: list[Segment]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)


def describe(bars: list[Bar]) -> str:
    """Every number of the chart in words: its <desc> and the figure's text alternative."""
    if not bars:
        return "No items to count."
    parts = []
    for bar in bars:
        counts = ", ".join(f"{s.label} {s.count}" for s in bar.segments if s.count) or "no rated items"
        parts.append(f"{bar.label}: {counts}")
    return "; ".join(parts) + "."


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(bars: list[Bar], title: str, width: int = 640) -> str:
    left, right, bar_h, row_h, legend_h = 4, 36, 18, 42, 28
    plot_w = width - left - right
    most = max((b.total for b in bars), default=0) or 1
    legend: dict[str, Segment] = {}
    for bar in bars:
        for s in bar.segments:
            legend.setdefault(s.label, s)
    height = legend_h + row_h * max(len(bars), 1) + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="wb-rag-chart" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="rag-chart-title rag-chart-desc" '
           f'font-family="{FONT}" font-size="12">',
           f'<title id="rag-chart-title">{escape(title)}</title>',
           f'<desc id="rag-chart-desc">{escape(describe(bars))}</desc>']
    x = left
    for s in legend.values():
        out.append(f'<rect x="{x}" y="4" width="14" height="14" fill={quoteattr(s.colour)} stroke="#0b0c0c"/>')
        text = f"{s.symbol} {s.label}".strip()
        out.append(f'<text x="{x + 18}" y="15" fill="#0b0c0c">{escape(text)}</text>')
        x += 18 + 7 * len(text) + 14
    for i, bar in enumerate(bars):
        top = legend_h + i * row_h
        out.append(f'<text x="{left}" y="{top + 11}" fill="#0b0c0c" font-weight="bold">{escape(_clip(bar.label, 90))}</text>')
        y, x = top + 16, float(left)
        for s in bar.segments:
            if not s.count:
                continue
            w = plot_w * s.count / most
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill={quoteattr(s.colour)} '
                       f'stroke="#0b0c0c"><title>{escape(f"{bar.label}: {s.label} {s.count}")}</title></rect>')
            label = f"{s.symbol} {s.count}".strip()
            if w >= 8 * len(label) + 6:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                           f'fill={quoteattr(s.text_colour)}>{escape(label)}</text>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 13}" fill="#0b0c0c">{bar.total}</text>')
    out.append("</svg>")
    return "".join(out)
