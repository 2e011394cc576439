"""The exception report as a Document: a count per section, then each section's rows (item, lead, RAG,
why it is listed, latest commentary), "None" where a section is empty. Content from outputs.exceptions."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.text import slugify

from wellboard.core import permissions

from ..exceptions import ExceptionReport, ExceptionSection, gather
from .model import Cell, Column, Document, Paragraph, Section, Table
from .parts import rag_key, rating, rich_cell

COLUMNS = [Column("Item", 40), Column("Lead", 18), Column("RAG", 12, "rag"), Column("Why it is listed", 30),
           Column("Latest commentary", 50)]


def build(strategy, user, options: dict | None = None) -> Document:
    return from_report(gather(strategy, user, (options or {}).get("period")), user)


def _title(report: ExceptionReport) -> str:
    return f"{report.strategy.title}: exception report"


def from_report(report: ExceptionReport, user) -> Document:
    strategy, period = report.strategy, report.period
    when = f"{period.label}, " if period else ""
    document = Document(
        title=_title(report), board=strategy.body.name, date=report.as_of, kind="exception-report",
        subtitle=f"{when}as at {report.as_of:%-d %B %Y}",
        filename_stem=slugify(f"{strategy.title} exception report{f' {period.label}' if period else ''}"),
        audience="private" if permissions.can(user, "view_private", strategy) else "public",
    )
    intro = [Paragraph(_intro(report)), _summary(report)]
    if strategy.rag_scale_id:
        intro.append(rag_key(strategy.rag_scale.ratings.all()))
    document.sections.append(Section("Summary", intro))
    for section in report.sections:
        blocks = [_table(section)] if section.entries else [Paragraph("None")]
        document.sections.append(Section(f"{section.heading} ({section.count})", blocks))
    return document


def _intro(report: ExceptionReport) -> str:
    previous = f" Movement is against {report.previous.label}." if report.previous else ""
    return (f"Items, milestones, meeting actions and indicators that need the board's attention. Overdue means "
            f"due before {report.as_of:%-d %B %Y}.{previous}")


def _summary(report: ExceptionReport) -> Table:
    rows = [[Cell(s.heading, header=True), Cell(str(s.count), number=s.count, number_format="0")]
            for s in report.sections]
    return Table("Exceptions by section", [Column("Section", 50), Column("Count", 8, "number")], rows,
                 slug="summary")


def _item_cell(entry) -> Cell:
    label = f"{entry.number} {entry.title}".strip()
    text = f"{label} ({entry.kind})"
    html = format_html('<a href="{}">{}</a><br><span class="govuk-body-s">{}</span>', entry.url, label, entry.kind)
    return Cell(text=text, html=html, header=True)


def _rag_cell(entry) -> Cell:
    calc = entry.calculated
    if calc is not None and calc.rated or calc is not None and entry.rating is None:
        officer = f"Officer: {entry.rating.label}; " if entry.rating else ""
        return Cell(text=f"{officer}Calculated: {calc.symbol} {calc.label}",
                    rag_code=entry.rating.code if entry.rating else None,
                    rag_label=entry.rating.label if entry.rating else None,
                    rag_colour=entry.rating.colour if entry.rating else None)
    return Cell.rag(rating(entry.rating))


def _commentary_cell(entry) -> Cell:
    if not entry.commentary:
        return Cell(text="No commentary")
    cell = rich_cell(entry.commentary)
    if entry.commentary_label:
        cell.text = f"{entry.commentary_label}: {cell.text}"
        cell.html = f"<p><strong>{escape(entry.commentary_label)}</strong></p>{cell.html or ''}"
    return cell


def _table(section: ExceptionSection) -> Table:
    rows = [[_item_cell(e), Cell(e.lead or "No lead named"), _rag_cell(e), Cell(e.detail), _commentary_cell(e)]
            for e in section.entries]
    return Table(section.heading, list(COLUMNS), rows, slug=section.key)
