"""A model Table as a plain rectangle for spreadsheets and CSV, which cannot span cells: spanned
values repeat, a number is a number, and what the paper writes beside a number (its period, the
officer's RAG word) goes into a note column after it, so nothing the paper says is lost."""

from __future__ import annotations

from dataclasses import dataclass

from ..documents.model import Cell, Column, Table


@dataclass
class Flat:
    value: object  # int/float for a number, else the text
    cell: Cell  # the source cell (fill, number format)
    note: bool = False  # True: this is the note column's text


@dataclass
class FlatTable:
    headings: list[str]
    columns: list[Column | None]  # None for a note column
    rows: list[list[Flat]]


def _note(cell: Cell) -> str:
    parts = [cell.qualifier] if cell.qualifier else []
    if cell.number is not None and cell.rag_label:
        parts.append(f"RAG: {cell.rag_label}")
    return "; ".join(parts)


def _unique(headings: list[str]) -> list[str]:
    """Spreadsheet tables need distinct, non-empty headings."""
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headings, start=1):
        h = " ".join(h.split()) or f"Column {i}"
        n = seen.get(h.lower(), 0)
        seen[h.lower()] = n + 1
        out.append(h if not n else f"{h} ({n + 1})")
    return out


def flatten(table: Table) -> FlatTable:
    grid = table.grid()
    noted = [
        any(row[c].number is not None for row in grid) and any(_note(row[c]) for row in grid)
        for c in range(len(table.columns))
    ]
    headings: list[str] = []
    columns: list[Column | None] = []
    for column, has_note in zip(table.columns, noted, strict=True):
        headings.append(column.heading)
        columns.append(column)
        if has_note:
            headings.append(f"{column.heading} note")
            columns.append(None)
    rows = []
    for line in grid:
        out = []
        for cell, has_note in zip(line, noted, strict=True):
            out.append(Flat(cell.number if cell.number is not None else cell.text, cell))
            if has_note:
                out.append(Flat(_note(cell), cell, note=True))
        rows.append(out)
    return FlatTable(_unique(headings), columns, rows)
