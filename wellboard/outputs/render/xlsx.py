"""A Document as an Excel workbook: a contents sheet, then one sheet per section that holds tables.
Each table is a real Excel table (filterable, with its header row) under a title row, with frozen
headings; RAG cells carry the word and the rating's fill; numbers are numbers with the paper's format
and the paper's own wording in a note column beside them."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo

from ..documents.model import Chart, Paragraph, RagKey, Table
from .tabular import flatten

MAX_CELL = 32_000  # Excel holds at most 32,767 characters in a cell
TOP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)


def render(document, **opts) -> bytes:
    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    names: set[str] = {"contents"}
    _contents_header(contents, document)
    table_names: set[str] = set()
    sheets = []
    for section in document.sections:
        if not any(isinstance(b, Table) for b in section.blocks):
            _text_section(contents, section)
            continue
        sheet = book.create_sheet(_sheet_name(section.heading, names))
        _section_sheet(sheet, section, document, table_names)
        sheets.append((sheet.title, section.heading))
    _contents_list(contents, sheets)
    out = io.BytesIO()
    book.properties.title = document.title
    book.properties.creator = "Wellboard"
    book.save(out)
    return out.getvalue()


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]


def _put(sheet, row: int, col: int, value):
    """Write a value; text is always text (openpyxl would take "=..." for a formula)."""
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
    else:
        cell.value = _text(str(value or ""))
        cell.data_type = "s"
    return cell


def _sheet_name(heading: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", heading).strip()[:31].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _table_name(slug: str, used: set[str]) -> str:
    base = "T_" + (re.sub(r"[^A-Za-z0-9_]", "_", slug) or "table")[:200]
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name.lower())
    return name


def _contents_header(sheet, document) -> None:
    _put(sheet, 1, 1, document.title).font = Font(bold=True, size=14)
    row = 2
    for line in (document.board, document.subtitle, f"Version {document.version}" if document.version else ""):
        if line:
            _put(sheet, row, 1, line)
            row += 1
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 90


def _text_section(sheet, section) -> None:
    row = sheet.max_row + 2
    _put(sheet, row, 1, section.heading).font = BOLD
    for block in section.blocks:
        if isinstance(block, Paragraph):
            cell = _put(sheet, row, 2, block.text)
            cell.alignment = TOP
            row += 1


def _contents_list(sheet, sheets) -> None:
    row = sheet.max_row + 2
    _put(sheet, row, 1, "Sheet").font = BOLD
    _put(sheet, row, 2, "Holds").font = BOLD
    for name, heading in sheets:
        row += 1
        cell = _put(sheet, row, 1, name)
        cell.hyperlink = f"#'{name}'!A1"
        cell.style = "Hyperlink"
        _put(sheet, row, 2, heading)


def _section_sheet(sheet, section, document, table_names: set[str]) -> None:
    _put(sheet, 1, 1, section.heading).font = Font(bold=True, size=14)
    _put(sheet, 2, 1, " – ".join(x for x in (document.board, document.title) if x))
    row = 4
    frozen = False
    widths: dict[int, float] = {}
    for block in section.blocks:
        if isinstance(block, Table):
            header_row, row = _table(sheet, block, row, table_names, widths)
            if not frozen:
                sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
                frozen = True
            row += 1
        elif isinstance(block, RagKey):
            row = _rag_key(sheet, block, row, table_names, widths) + 1
        elif isinstance(block, Paragraph) and block.text:
            _put(sheet, row, 1, block.text)
            row += 2
        elif isinstance(block, Chart):  # a sheet cannot hold the SVG: its words, and its numbers' table
            _put(sheet, row, 1, block.alt)
            row += 2
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = width


def _table(sheet, table: Table, row: int, table_names: set[str], widths: dict) -> tuple[int, int]:
    flat = flatten(table)
    if table.column_groups:
        col = 1
        for group in table.column_groups:
            span = sum(1 for _ in _flat_span(flat, table, col, group.span))
            if group.heading:
                _put(sheet, row, col, group.heading).font = BOLD
                if span > 1:
                    sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
            col += span
        row += 1
    header_row = row
    for c, heading in enumerate(flat.headings, start=1):
        cell = _put(sheet, row, c, heading)
        cell.font = BOLD
        cell.alignment = TOP
        column = flat.columns[c - 1]
        hint = column.width if column and column.width else 16
        widths[c] = max(widths.get(c, 0), min(max(hint, 8), 80))
    for line in flat.rows:
        row += 1
        for c, f in enumerate(line, start=1):
            cell = _put(sheet, row, c, f.value)
            cell.alignment = TOP
            if not f.note and isinstance(f.value, (int, float)) and f.cell.number_format:
                cell.number_format = f.cell.number_format
            if not f.note and f.cell.rag_colour:
                _fill(cell, f.cell.rag_colour)
    if flat.rows:
        ref = f"A{header_row}:{get_column_letter(len(flat.headings))}{row}"
        excel = ExcelTable(displayName=_table_name(table.slug or table.caption, table_names), ref=ref)
        excel.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        sheet.add_table(excel)
    return header_row, row + 1


def _flat_span(flat, table, start_col: int, span: int):
    """The flat columns a group of ``span`` model columns covers (note columns included)."""
    model_seen = 0
    for i in range(start_col - 1, len(flat.columns)):
        if flat.columns[i] is not None:
            if model_seen == span:
                return
            model_seen += 1
        yield i


def _rag_key(sheet, key: RagKey, row: int, table_names: set[str], widths: dict) -> int:
    _put(sheet, row, 1, key.caption).font = BOLD
    row += 1
    header_row = row
    _put(sheet, row, 1, "RAG").font = BOLD
    _put(sheet, row, 2, "Criteria").font = BOLD
    for r in key.boards:
        row += 1
        _fill(_put(sheet, row, 1, r.label), r.colour)
        _put(sheet, row, 2, r.criteria).alignment = TOP
    if row > header_row:
        excel = ExcelTable(displayName=_table_name("rag_key", table_names), ref=f"A{header_row}:B{row}")
        excel.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        sheet.add_table(excel)
    if key.wellboards:
        row += 1
        also = "; ".join(f"{r.label} – {r.criteria or 'no criteria given'}" for r in key.wellboards)
        _put(sheet, row, 1, f"Also used by Wellboard (not the board's criteria): {also}; Not rated – no rating given.")
    return row + 1


def _fill(cell, colour: str | None) -> None:
    """The rating's colour behind its word, with black or white text, whichever reads better on it."""
    hex6 = (colour or "").lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", hex6):
        return
    cell.fill = PatternFill(fill_type="solid", start_color="FF" + hex6.upper(), end_color="FF" + hex6.upper())
    r, g, b = (int(hex6[i:i + 2], 16) / 255 for i in (0, 2, 4))
    lum = sum(w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4) for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b), strict=True))
    white_contrast = 1.05 / (lum + 0.05)
    black_contrast = (lum + 0.05) / 0.05
    cell.font = Font(bold=cell.font.bold, color="FFFFFFFF" if white_contrast >= black_contrast else "FF000000")
