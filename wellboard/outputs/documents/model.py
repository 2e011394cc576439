"""The format-neutral board document. Pure Python (no Django): a builder fills it from the data the
pages use, and each renderer (HTML, PDF, Word, Excel, CSV) draws the same content its own way.

A builder never formats for one output only: a number keeps both its value (``Cell.number``) and
the text as the paper writes it (``Cell.text``, e.g. "13,546" or "13,156 Feb 19"), so Excel gets a
number and Word gets the board's wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date


@dataclass
class Rating:
    """One RAG rating as a key or a cell shows it: the word always, the colour as well."""

    code: str
    label: str
    colour: str = ""  # "#rrggbb"
    symbol: str = ""
    criteria: str = ""
    is_boards: bool = True  # False: a rating Wellboard adds, listed apart from the board's key


@dataclass
class Cell:
    """One table cell. ``text`` is what the paper prints; ``html`` (already sanitised) is the rich form
    for formats that can draw it. ``number`` is the value for spreadsheets, in the unit its
    ``number_format`` implies (Excel format codes: "#,##0", "0.0", "0.0%" — for a percent format the
    number is the fraction, 0.452 for "45.2%"). ``qualifier`` is what the paper writes beside the
    number ("Feb 19" in "13,156 Feb 19"); spreadsheets put it in a note column."""

    text: str = ""
    rag_code: str | None = None
    rag_label: str | None = None
    rag_colour: str | None = None
    number: float | int | None = None
    number_format: str | None = None
    qualifier: str = ""
    html: str | None = None
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # a row header (th scope=row/rowgroup)

    @classmethod
    def rag(cls, rating: Rating | None, text: str | None = None) -> Cell:
        """A RAG cell: the word (never colour alone) plus the rating's code and colour."""
        if rating is None:
            return cls(text=text if text is not None else "Not rated")
        return cls(text=text if text is not None else rating.label, rag_code=rating.code,
                   rag_label=rating.label, rag_colour=rating.colour or None)


@dataclass
class Column:
    heading: str
    width: int | None = None  # a hint in characters; renderers scale it
    kind: str = "text"  # "text" | "number" | "rag": lets spreadsheets choose alignment and filters


@dataclass
class ColumnGroup:
    """A heading spanning ``span`` columns in a header row above the column headings
    (seed 000's "Year to be achieved" over its year columns). ``heading`` "" leaves the span blank."""

    heading: str
    span: int = 1


@dataclass
class Table:
    """A table as the paper has it. ``rows`` are HTML-like: a cell covered by a rowspan or colspan
    from elsewhere is omitted from its row. Formats that cannot span (spreadsheet tables, CSV)
    use ``grid()``, which repeats spanned values in every row and column they cover.

    ``slug`` names the table for CSV downloads (``?table=<slug>``), unique within its document."""

    caption: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    column_groups: list[ColumnGroup] = field(default_factory=list)
    keep_rows_together: bool = True  # paged formats should not split a row across pages
    slug: str = ""

    @property
    def header_rows(self) -> int:
        """How many header rows a paged format repeats on each page."""
        return 2 if self.column_groups else 1

    def grid(self) -> list[list[Cell]]:
        """The rows as a full rectangle: one Cell per column in every row, spanned values repeated."""
        width = len(self.columns)
        pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still covered below)
        out: list[list[Cell]] = []
        for row in self.rows:
            line: list[Cell | None] = [None] * width
            for col, (cell, left) in list(pending.items()):
                line[col] = cell
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (cell, left - 1)
            col = 0
            for cell in row:
                while col < width and line[col] is not None:
                    col += 1
                if col >= width:
                    raise ValueError(f"table {self.slug or self.caption!r}: a row has more cells than columns")
                for c in range(col, min(col + max(cell.colspan, 1), width)):
                    line[c] = cell
                    if cell.rowspan > 1:
                        pending[c] = (cell, cell.rowspan - 1)
                col += max(cell.colspan, 1)
            out.append([c if c is not None else Cell() for c in line])
        return out


@dataclass
class Paragraph:
    text: str = ""
    html: str | None = None  # sanitised rich form, where the source has one


@dataclass
class RagKey:
    """The board's RAG criteria, shown with the tables; ratings Wellboard adds are listed apart."""

    ratings: list[Rating]
    caption: str = "The board's RAG criteria"

    @property
    def boards(self) -> list[Rating]:
        return [r for r in self.ratings if r.is_boards]

    @property
    def wellboards(self) -> list[Rating]:
        return [r for r in self.ratings if not r.is_boards]


@dataclass
class Chart:
    svg: str  # server-side SVG; formats that need a raster rasterise it
    alt: str  # the text alternative, always given


Block = Paragraph | Table | RagKey | Chart


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 2  # 2 for a top-level section, 3 below it


@dataclass
class Document:
    title: str
    board: str = ""  # the body whose paper this is, for running headers
    subtitle: str = ""
    date: Date | None = None
    version: str = ""
    sections: list[Section] = field(default_factory=list)
    kind: str = ""  # the registry key, e.g. "progress-report"
    filename_stem: str = ""  # slugified base name for downloads, without extension
    language: str = "en-GB"
    audience: str = "public"  # "public", or "private" when it holds what only the plan's readers see

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def table(self, slug: str | None) -> Table:
        """The table named ``slug``; None: the first (the document's main table). KeyError names the choices."""
        tables = self.tables()
        if not tables:
            raise KeyError(f"{self.title!r} has no tables")
        if slug is None:
            return tables[0]
        for t in tables:
            if t.slug == slug:
                return t
        raise KeyError(f"no table {slug!r}; choose from: {', '.join(t.slug for t in tables)}")
