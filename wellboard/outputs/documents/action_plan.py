"""Seed 000's action plan as a Document: version control (and distribution, for the plan's readers
only: it names people), the statement, headline measures with targets, actuals and RAG per year,
priority groups, then per theme the actions with milestones, success measures, per-year tick and
RAG, lead and one column per reporting period. Rows come from outputs.action_plan and
outputs.headline_metrics, as on the page."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.text import slugify

from wellboard.core.permissions import can
from wellboard.plans.retirement import retirement

from .. import page_data
from .model import Cell, Column, ColumnGroup, Document, Section, Table
from .parts import rag_key, rating, rich_cell, value_cell
from .progress_report import rich_paragraph

DUE = "✓"  # the paper's tick for the year a measure is due


def build(strategy, user, options: dict | None = None) -> Document:
    return from_context(page_data.action_plan_context_for(strategy, user, options), user)


def from_context(context: dict, user) -> Document:
    strategy = context["strategy"]
    document = Document(title=strategy.title, board=strategy.body.name, kind="action-plan",
                        filename_stem=slugify(strategy.title) or "action-plan",
                        audience="private" if context["show_distribution"] else "public")
    versions = list(context["versions"])
    if versions:
        document.version = versions[-1].number
        document.sections.append(Section("Version Control", [_versions(versions, user)]))
        if context["show_distribution"]:
            document.sections.append(Section("Distribution", [_distribution(versions)]))
    if strategy.statement:
        document.sections.append(Section(strategy.statement_label or "Statement", [rich_paragraph(strategy.statement)]))
    key = rag_key(context["ratings"]) if strategy.rag_scale_id else None
    metrics = context["metrics"]
    if metrics["rows"]:
        document.sections.append(Section("Headline measures / metrics", [_metrics(metrics)] + ([key] if key else [])))
    if strategy.priority_groups:
        document.sections.append(Section("Priority Groups", [rich_paragraph(strategy.priority_groups)]))
    periods = list(context["periods"])
    used: set[str] = {"version-control", "distribution", "headline-measures"}
    for block in context["themes"]:
        theme = block.theme.item
        slug = slugify(theme.ref or theme.title)[:40] or f"theme-{theme.pk}"
        while slug in used:
            slug += "-x"
        used.add(slug)
        table = _actions(block, strategy, periods, user, slug)
        document.sections.append(Section(theme.title, [table] + ([key] if key else [])))
    return document


def _versions(versions, user) -> Table:
    rows = []
    for v in versions:
        details = rich_cell(v.change_details)
        approvals = [r for r in v.approving_resolutions.all() if can(user, "view", r)]
        for r in approvals:
            details.text += f"\nApproved by the resolution of {r.meeting.date:%-d %B %Y}"
        rows.append([Cell(v.number, header=True), Cell(v.date_text), details, Cell(v.author)])
    columns = [Column("Version", 10), Column("Date", 14), Column("Change Details", 70), Column("Author", 24)]
    return Table("Version control", columns, rows, slug="version-control")


def _distribution(versions) -> Table:
    rows = []
    for v in versions:
        people = list(v.distribution.all())
        if v.distribution_text:
            rows.append([Cell(v.number, header=True), Cell(v.distribution_text, colspan=3)])
        for i, d in enumerate(people):
            first = [Cell(v.number, header=True, rowspan=len(people))] if i == 0 else []
            rows.append(first + [Cell(d.name), Cell(d.job_title), Cell(d.role)])
    columns = [Column("Version", 10), Column("Name", 28), Column("Job title", 36), Column("Role in the plan", 30)]
    return Table("Distribution", columns, rows, slug="distribution")


def _metrics(metrics) -> Table:
    years, notes = metrics["years"], metrics["note_labels"]
    columns = ([Column("No.", 6), Column("Metric/ KPI (inc. source and definition)", 50), Column("Row", 8),
                Column("Baseline", 14, kind="number")]
               + [Column(str(y), 14, kind="number") for y in years] + [Column(label, 40) for label in notes])
    groups = [ColumnGroup("", 4), ColumnGroup("Target and Actual Performance", len(years))] if years else []
    if groups and notes:
        groups.append(ColumnGroup("", len(notes)))
    rows = []
    for row in metrics["rows"]:
        indicator = row.series.indicator
        unit = indicator.unit
        target_row = [Cell(indicator.number, rowspan=2, header=True), Cell(indicator.title, rowspan=2),
                      Cell("Target", header=True), Cell()]
        target_row += [value_cell(t, unit) if t else Cell() for t in row.targets]
        target_row += [rich_cell(note, rowspan=2) for note in row.notes]
        actual_row = [Cell("Actual", header=True), value_cell(row.baseline, unit)]
        for cell in row.actuals:
            actual_row.append(_actual(cell, unit))
        rows += [target_row, actual_row]
    return Table("Headline measures / metrics", columns, rows, column_groups=groups, slug="headline-measures")


def _actual(cell, unit) -> Cell:
    """The actual as the paper writes it, with the officer's RAG where the paper gives one. Wellboard's
    calculated RAG is not the board's content and stays on the page."""
    if not cell:
        return Cell()
    value, _point = cell
    out = value_cell(value, unit)
    r = rating(value.officer_rag)
    if r:
        out.rag_code, out.rag_label, out.rag_colour = r.code, r.label, r.colour or None
    return out


def _actions(block, strategy, periods, user, slug: str) -> Table:
    years = list(strategy.year_columns or [])
    rated = bool(strategy.rag_scale_id)
    columns = ([Column("Action", 40), Column("Milestone", 36), Column("Success measure", 40)]
               + [Column(str(y), 10, kind="rag" if rated else "text") for y in years]
               + [Column("Lead", 24)] + [Column(p.label, 50) for p in periods])
    groups = []
    if years:
        heading = "Year to be achieved" + (" and progress RAG rating" if rated else "")
        groups = [ColumnGroup("", 3), ColumnGroup(heading, len(years)), ColumnGroup("", 1 + len(periods))]
    rows = []
    for a in block.actions:
        span = len(a.lines)
        for i, line in enumerate(a.lines):
            cells = []
            if i == 0:
                action = Cell(a.action.item.title, rowspan=span, header=True)
                gone = retirement(a.action.item, user) if a.action.item.retired else None
                if gone:
                    action.text += f"\n{gone.text}"
                cells.append(action)
            if line.milestone_rowspan:
                m = line.milestone.item if line.milestone else None
                text = m.title + (f"\n{rich_cell(m.description).text}" if m and m.description else "") if m else ""
                cells.append(Cell(text, rowspan=line.milestone_rowspan))
            s = line.measure.item if line.measure else None
            cells.append(Cell(s.title + (f"\n{rich_cell(s.description).text}" if s.description else "")) if s else Cell())
            for y in years:
                cells.append(_year(line.years.get(y)))
            if i == 0:
                cells.append(Cell(a.action.leads_text, rowspan=span))
                for u in a.updates:
                    cells.append(_update(u, span))
            rows.append(cells)
    return Table(f"{block.theme.item.title}: actions", columns, rows, column_groups=groups, slug=slug)


def _year(cell) -> Cell:
    if cell is None:
        return Cell()
    due = DUE if cell.due else ""
    if cell.rag_id:
        r = rating(cell.rag)
        return Cell.rag(r, f"{due} {r.label}".strip())
    return Cell(due)


def _update(update, span: int) -> Cell:
    if update is None:
        return Cell(rowspan=span)
    text = rich_cell(update.commentary)
    if update.rag_id:
        r = rating(update.rag)
        out = Cell.rag(r, f"{r.label}\n{text.text}".strip())
        out.html = format_html("<p><strong>{}</strong></p>", r.label) + (text.html or "")
        out.rowspan = span
        return out
    text.rowspan = span
    return text
