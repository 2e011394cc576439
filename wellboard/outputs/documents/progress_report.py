"""Seed 001's progress report as a Document: per priority, its headline outcome, secondary outcomes
and key actions with the period's RAG and progress text, the RAG counts, and the board's RAG key
with the tables. The rows come from outputs.progress_report, as on the page."""

from __future__ import annotations

from django.utils.text import slugify

from wellboard.plans.retirement import retirement

from .. import page_data
from .model import Cell, Column, Document, Paragraph, Section, Table
from .parts import rag_key, rating, rich_cell

FROM_MEASURES = " (from success measures)"


def build(strategy, user, options: dict | None = None) -> Document:
    return from_context(page_data.progress_context_for(strategy, user, options), user)


def from_context(context: dict, user) -> Document:
    strategy, period = context["strategy"], context["period"]
    rated = bool(strategy.rag_scale_id)
    key = rag_key(context["ratings"]) if rated else None
    document = Document(
        title=f"{strategy.title}{f' {period.label}' if period else ''}",
        board=strategy.body.name, subtitle=strategy.report_heading, kind="progress-report",
        filename_stem=slugify(f"{strategy.title} progress report{f' {period.label}' if period else ''}"),
    )
    used: set[str] = set()
    for section in context["sections"]:
        item = section.node.item
        blocks = []
        if item.description:
            blocks.append(rich_paragraph(item.description))
        blocks.append(_table(section, rated, user, _unique_slug(item, used)))
        summary = _summary(section)
        if summary:
            blocks.append(Paragraph(summary))
        if key:
            blocks.append(key)  # the source repeats its key with the tables
        document.sections.append(Section(item.title, blocks))
    return document


def rich_paragraph(text: str) -> Paragraph:
    cell = rich_cell(text)
    return Paragraph(cell.text, cell.html)


def _unique_slug(item, used: set[str]) -> str:
    base = slugify(item.ref or item.title)[:40] or f"section-{item.pk}"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _table(section, rated: bool, user, slug: str) -> Table:
    item = section.node.item
    columns = [Column("Row type", 18), Column("What We Will Do", 50)]
    if rated:
        columns.append(Column("Officer RAG", 14, kind="rag"))
    columns.append(Column("Progress and Impact", 90))
    rows = []
    for label, group in section.groups:
        for i, row in enumerate(group):
            cells = [Cell(label, rowspan=len(group), header=True)] if i == 0 else []
            cells.append(Cell(row.item.title))
            retired = retirement(row.item, user) if row.item.retired else None
            if rated:
                if retired:
                    cells.append(Cell("Omitted"))
                else:
                    text = None
                    if row.rating is not None and row.rating_from_measures:
                        text = row.rating.label + FROM_MEASURES
                    cells.append(Cell.rag(rating(row.rating), text))
            if retired:
                cells.append(Cell(retired.text))
            elif row.update:
                cells.append(rich_cell(row.update.commentary))
            else:
                cells.append(Cell())
            rows.append(cells)
    return Table(f"{item.title}: progress", columns, rows, slug=slug)


def _summary(section) -> str:
    parts = [f"{r.label if r else 'Not rated'} {n}" for r, n in section.rag_counts]
    text = ", ".join(parts)
    if section.retired_count:
        text += f"{'; ' if text else ''}omitted {section.retired_count}"
    return f"Summary: {text}." if text else ""
