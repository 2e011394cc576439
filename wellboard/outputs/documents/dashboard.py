"""The dashboard as a Document (a page and a one-page PDF): RAG counts per priority as a chart with the
same numbers in a table, movement since the previous period, and the indicator scorecard with
sparklines. Numbers from outputs.dashboard_data."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.text import slugify

from wellboard.core import permissions

from ..dashboard_data import MOVES, Dashboard, gather
from ..rag_chart import NOT_RATED, Bar, Segment, bar_chart, describe
from .model import Cell, Chart, Column, Document, Paragraph, Section, Table
from .parts import rating, value_cell

MOVE_HEADINGS = {"better": "↑ Better", "worse": "↓ Worse", "same": "→ Same", None: "Not compared"}


def build(strategy, user, options: dict | None = None) -> Document:
    return from_dashboard(gather(strategy, user, (options or {}).get("period")), user)


def from_dashboard(data: Dashboard, user) -> Document:
    strategy, period = data.strategy, data.period
    document = Document(
        title=f"{strategy.title}: dashboard", board=strategy.body.name, kind="dashboard",
        subtitle=period.label if period else "", date=period.date if period else None,
        filename_stem=slugify(f"{strategy.title} dashboard{f' {period.label}' if period else ''}"),
        audience="private" if permissions.can(user, "view_private", strategy) else "public",
    )
    document.sections += [_ratings(data), _movement(data), _scorecard(data)]
    return document


def _columns(data: Dashboard) -> list[tuple[object, str, str, str, str]]:
    """(key, label, symbol, colour, text colour) per rating, "Not rated" last where anything is unrated."""
    out = [(r.pk, r.label, r.symbol, r.colour, r.text_colour) for r in data.ratings]
    if data.total(None):
        out.append((None, *NOT_RATED))
    return out


def chart_for(data: Dashboard) -> Chart:
    columns = _columns(data)
    bars = [Bar(p.title, [Segment(label, symbol, colour, text, p.ratings[key])
                          for key, label, symbol, colour, text in columns]) for p in data.priorities]
    title = f"RAG ratings by priority{f', {data.period.label}' if data.period else ''}"
    return Chart(bar_chart(bars, title), f"{title}. {describe(bars)}")


def _count(n: int) -> Cell:
    return Cell(str(n), number=n, number_format="0")


def _ratings(data: Dashboard) -> Section:
    if not data.ratings:
        return Section("RAG ratings by priority", [Paragraph("This plan uses no RAG ratings.")])
    columns = _columns(data)
    heads = [Column("Priority", 40)] + [Column(f"{symbol} {label}".strip(), 8, "number")
                                        for _, label, symbol, _, _ in columns] + [Column("Total", 8, "number")]
    rows = [[Cell(p.title, header=True)] + [_count(p.ratings[key]) for key, *_ in columns]
            + [_count(sum(p.ratings.values()))] for p in data.priorities]
    rows.append([Cell("All priorities", header=True)] + [_count(data.total(key)) for key, *_ in columns]
                + [_count(sum(data.total(key) for key, *_ in columns))])
    table = Table("RAG ratings by priority (the chart's numbers)", heads, rows, slug="rag-counts")
    return Section("RAG ratings by priority", [chart_for(data), table])


def _movement(data: Dashboard) -> Section:
    if data.previous is None:
        return Section("Movement since the previous period", [Paragraph("No previous period to compare with.")])
    keys = [*MOVES, None]
    heads = [Column("Priority", 40)] + [Column(MOVE_HEADINGS[k], 10, "number") for k in keys]
    rows = [[Cell(p.title, header=True)] + [_count(p.moves[k]) for k in keys] for p in data.priorities]
    rows.append([Cell("All priorities", header=True)] + [_count(data.moved(k)) for k in keys])
    note = Paragraph(f"Officer RAG in {data.period.label} against {data.previous.label}; an item without a RAG "
                     f"in both periods is not compared.")
    return Section(f"Movement since {data.previous.label}",
                   [Table("Items better, worse or the same", heads, rows, slug="movement"), note])


def _scorecard(data: Dashboard) -> Section:
    if not data.scorecard:
        return Section("Indicator scorecard", [Paragraph("This plan has no indicators.")])
    heads = [Column("Indicator", 36), Column("Latest", 12, "number"), Column("Target", 12, "number"),
             Column("Calculated RAG", 12, "rag"), Column("Officer RAG", 12, "rag"), Column("Direction", 14),
             Column("Trend", 16)]
    rows = []
    for row in data.scorecard:
        series, point = row.series, row.series.latest
        ind = series.indicator
        latest = value_cell(point.actual, ind.unit) if point else Cell("No data")
        calc = Cell(f"{point.rag.symbol} {point.rag.label}") if point and point.rag else Cell("–")
        direction = Cell(f"{point.direction_symbol} {point.direction_text}".strip()) if point else Cell("")
        trend = (Cell(row.sparkline.summary, html=render_to_string("indicators/_sparkline.html",
                                                                   {"chart": row.sparkline}).strip())
                 if row.sparkline else Cell("No numeric values"))
        rows.append([Cell(f"{ind.number}. {ind.title}" if ind.number else ind.title, header=True), latest,
                     value_cell(point.target, ind.unit) if point and point.target else Cell("–"), calc,
                     Cell.rag(rating(point.officer_rag)) if point and point.officer_rag else Cell("–"),
                     direction, trend])
    return Section("Indicator scorecard", [Table("Indicators: latest values against targets", heads, rows,
                                                 slug="scorecard")])
