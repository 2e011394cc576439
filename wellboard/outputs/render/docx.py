"""A Document as a Word file in the organisation's own template (python-docx).

The template brings the council's header (logo), fonts, page set-up and styles; this module only
adds content in the template's named styles ("Title", "Heading 1", "Caption", a table style), so a
council that restyles its template restyles every Word document Wellboard makes. The template's
body is dropped: it may hold sample text. A table in it is read first, though: its style becomes
the style of every table ("put one sample table in the template, styled as you want").

Board-paper rules held here: headings keep with what follows, table header rows repeat on each
page (w:tblHeader), rows do not split across pages (w:cantSplit), RAG cells carry the rating's
word as well as its colour, and the footer runs the title and "Page X of Y" (PAGE/NUMPAGES fields).

Tables are written straight into the XML, row by row: python-docx's ``table.cell()`` walks the
whole table on every call, which is quadratic on a 400-row action plan.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable

from wellboard.outputs.documents.model import (
    Cell,
    Chart,
    Column,
    Document,
    Paragraph,
    RagKey,
    Rating,
    Table,
)

FONT = "Arial"
# Wide tables (an action plan's year columns) are unreadable on a portrait page.
LANDSCAPE_FROM_COLUMNS = 7
DEFAULT_COLUMN_CHARS = 12

USE_CURRENT = object()


def render(document: Document, template=USE_CURRENT, **opts) -> bytes:
    """The Word file. ``template``: the .docx bytes to draw in; None for the built-in default; left
    out, the organisation's uploaded template (or the default when none is in use)."""
    if template is USE_CURRENT:
        template = _current_template()
    word = _open(template)
    _Writer(word, document, **opts).write()
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _current_template() -> bytes | None:
    from wellboard.outputs.word_templates import current_bytes

    return current_bytes()[1]


# ---------------------------------------------------------------- the template


def _open(template: bytes | None):
    if template:
        return docx.Document(io.BytesIO(template))
    return default_template()


def default_template():
    """python-docx's own template made into a plain board paper: A4, Arial, black headings."""
    word = docx.Document()
    for section in word.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    styles = word.styles
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.font is not None:
            style.font.name = FONT
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.get_or_add_rFonts()
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT)
            for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                fonts.attrib.pop(qn(theme_attr), None)
    styles["Normal"].font.size = Pt(11)
    for name, size in (("Title", 22), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = name != "Subtitle"
        style.font.italic = False
    _set_defaults(word, "en-GB")
    return word


def _set_defaults(word, language: str) -> None:
    """Arial and British English for all text, not the theme's fonts and US English."""
    rpr = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), language)


def _styles_by_name(word, kind=WD_STYLE_TYPE.PARAGRAPH) -> dict:
    """Styles of one kind: a template may call a character or table style "Caption" too."""
    return {s.name: s for s in word.styles if s.type == kind}


# ---------------------------------------------------------------- XML helpers


def _on(parent, tag: str, **attrs):
    """Append ``<tag w:k="v" …/>`` to ``parent`` and return it."""
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    parent.append(el)
    return el


def _field(paragraph, code: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES) that Word updates as it lays out the pages."""
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = _on(run._r, "w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
        elif kind == "text":
            run.text = text
        else:
            _on(run._r, "w:fldChar", fldCharType=kind)


def _has_content(part) -> bool:
    return bool(part._element.xpath(".//w:t[normalize-space(.)!=''] | .//w:drawing | .//w:pict"))


def _text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "FFFFFF"


def _hex(colour: str | None) -> str | None:
    value = (colour or "").strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        return None
    try:
        int(value, 16)
    except ValueError:
        return None
    return value.upper()


# ---------------------------------------------------------------- rich text


class _Runs(HTMLParser):
    """Sanitised HTML (the allow-list of core.richtext) as paragraphs of (text, bold, italic) runs."""

    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[bool, list[tuple[str, bool, bool]]]] = []  # (is list item, runs)
        self.bold = self.italic = 0
        self._open(False)

    def _open(self, item: bool):
        if self.paragraphs and not self.paragraphs[-1][1]:
            self.paragraphs[-1] = (item or self.paragraphs[-1][0], [])
        else:
            self.paragraphs.append((item, []))

    def handle_starttag(self, tag, attrs):
        if tag in ("b", "strong") or tag.startswith("h") and tag[1:].isdigit():
            self.bold += 1
        if tag in ("i", "em"):
            self.italic += 1
        if tag in self.BLOCKS:
            self._open(tag == "li")
        elif tag == "br":
            self.paragraphs[-1][1].append(("\n", False, False))

    def handle_endtag(self, tag):
        if tag in ("b", "strong") or tag.startswith("h") and tag[1:].isdigit():
            self.bold = max(0, self.bold - 1)
        if tag in ("i", "em"):
            self.italic = max(0, self.italic - 1)
        if tag in self.BLOCKS:
            self._open(False)

    def handle_data(self, data):
        if data.strip() or self.paragraphs[-1][1]:
            self.paragraphs[-1][1].append((data, self.bold > 0, self.italic > 0))

    def result(self):
        return [(item, runs) for item, runs in self.paragraphs if "".join(t for t, _, _ in runs).strip()]


def _paragraphs_of(text: str, html: str | None):
    """(is list item, runs) for each paragraph of a text or its rich form."""
    if html:
        parser = _Runs()
        parser.feed(html)
        parser.close()
        return parser.result()
    return [(False, [(line, False, False)]) for line in (text or "").split("\n\n")] if text else []


def _fill(p, runs, bold: bool = False, colour: str | None = None) -> None:
    """Write ``runs`` into the paragraph element ``p`` (a CT_P). Built as XML directly: python-docx's
    run and font objects cost a lookup per property, which adds up over thousands of cells."""
    for text, run_bold, italic in runs:
        for i, part in enumerate(text.split("\n")):
            if i:
                _on(_on(p, "w:r"), "w:br")
            if not part:
                continue
            r = _on(p, "w:r")
            if bold or run_bold or italic or colour:
                rpr = _on(r, "w:rPr")
                if bold or run_bold:
                    _on(rpr, "w:b")
                if italic:
                    _on(rpr, "w:i")
                if colour:
                    _on(rpr, "w:color", val=colour)
            t = _on(r, "w:t")
            t.text = part
            t.set(qn("xml:space"), "preserve")


# ---------------------------------------------------------------- the writer


class _Writer:
    def __init__(self, word, document: Document, landscape: bool | None = None, table_style: str | None = None,
                 **_ignored):
        self.word = word
        self.doc = document
        self.styles = _styles_by_name(word)
        self.table_style = table_style or self._template_table_style()
        self.landscape = landscape
        self._clear_body()

    # -- template facts

    def _template_table_style(self) -> str | None:
        tables = _styles_by_name(self.word, WD_STYLE_TYPE.TABLE)
        by_id = {style.style_id: name for name, style in tables.items()}
        for tbl in self.word.element.body.iter(qn("w:tbl")):
            style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
            if style is not None and style.get(qn("w:val")) in by_id:
                return by_id[style.get(qn("w:val"))]
        custom = [name for name, style in tables.items() if not style.builtin]
        if custom:
            return custom[0]
        return "Table Grid" if "Table Grid" in tables else None

    def _clear_body(self) -> None:
        body = self.word.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    def style(self, name: str, level: int | None = None) -> str | None:
        """``name`` if the template has it; a heading the template lacks is added (so the navigation pane
        and screen readers still find the document's structure), anything else falls back to Normal."""
        if name in self.styles:
            return name
        if level is None:
            return None
        style = self.word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.word.styles["Normal"]
        style.font.bold = True
        style.font.size = Pt({0: 20, 1: 15, 2: 13}.get(level, 12))
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(12)
        if level:
            _on(style.element.get_or_add_pPr(), "w:outlineLvl", val=level - 1)
        self.styles[name] = style
        return name

    def style_id(self, name: str) -> str | None:
        """The template's id for the style called ``name`` (paragraphs refer to styles by id)."""
        style = self.styles.get(name)
        return style.style_id if style is not None else None

    def usable_width(self) -> int:
        section = self.word.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    # -- the document

    def write(self) -> None:
        d = self.doc
        self._page_setup()
        self._core_properties()
        self._header_footer()
        self.heading(d.title, 0)
        if d.subtitle:
            self.word.add_paragraph(d.subtitle, style=self.style("Subtitle"))
        facts = [x for x in (d.board, d.date and f"{d.date:%-d %B %Y}", d.version and f"Version {d.version}") if x]
        if facts:
            self.word.add_paragraph(" · ".join(facts))
        for section in d.sections:
            self.heading(section.heading, max(1, section.level - 1))
            for block in section.blocks:
                self.block(block)

    def _page_setup(self) -> None:
        widest = max((len(t.columns) for t in self.doc.tables()), default=0)
        landscape = self.landscape if self.landscape is not None else widest >= LANDSCAPE_FROM_COLUMNS
        for section in self.word.sections:
            is_landscape = section.page_width > section.page_height
            if landscape != is_landscape:
                section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
                section.page_width, section.page_height = section.page_height, section.page_width

    def _core_properties(self) -> None:
        d, props = self.doc, self.word.core_properties
        props.title = d.title
        props.author = d.board or "Wellboard"
        props.subject = d.subtitle or ""
        props.last_modified_by = "Wellboard"
        props.language = d.language
        props.keywords = d.kind
        props.comments = f"Version {d.version}" if d.version else ""
        props.category = d.kind.replace("-", " ")

    def _header_footer(self) -> None:
        d = self.doc
        section = self.word.sections[0]
        running = " · ".join(x for x in (d.title, d.date and f"{d.date:%-d %B %Y}",
                                         d.version and f"version {d.version}") if x)
        footers = [section.footer]
        if section.different_first_page_header_footer:
            footers.append(section.first_page_footer)
        for footer in footers:
            footer.is_linked_to_previous = False
            had = _has_content(footer)
            line = footer.paragraphs[0] if not had and footer.paragraphs else footer.add_paragraph()
            if "Footer" in self.styles:
                line.style = "Footer"
            line.add_run(running)
            line.add_run("\t" if not had else " · ")
            line.add_run("Page ")
            _field(line, "PAGE", "1")
            line.add_run(" of ")
            _field(line, "NUMPAGES", "1")
        header = section.header
        # The council's letterhead stays as it is; a blank header gets the board's name.
        if d.board and not _has_content(header):
            header.is_linked_to_previous = False
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            if "Header" in self.styles:
                first.style = "Header"
            first.add_run(d.board)

    # -- blocks

    def heading(self, text: str, level: int):
        name = "Title" if level == 0 else f"Heading {min(level, 9)}"
        paragraph = self.word.add_paragraph(text, style=self.style(name, level))
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def block(self, block) -> None:
        if isinstance(block, Table):
            self.table(block)
        elif isinstance(block, RagKey):
            self.rag_key(block)
        elif isinstance(block, Paragraph):
            for item, runs in _paragraphs_of(block.text, block.html):
                style = self.style("List Bullet") if item else None
                _fill(self.word.add_paragraph(style=style)._p, runs)
        elif isinstance(block, Chart):
            # Word cannot take the SVG without a raster fallback; the chart's text alternative stands in.
            self.word.add_paragraph(block.alt, style=self.style("Caption"))

    def caption(self, text: str) -> None:
        if not text:
            return
        paragraph = self.word.add_paragraph(style=self.style("Caption"))
        run = paragraph.add_run(text)
        if paragraph.style.name != "Caption":
            run.bold = True
        paragraph.paragraph_format.keep_with_next = True

    def rag_key(self, key: RagKey) -> None:
        def table(caption, ratings: list[Rating]):
            self.table(Table(caption=caption, columns=[Column("Rating", 10), Column("Criteria", 60)],
                             rows=[[Cell.rag(r), Cell(r.criteria)] for r in ratings]))

        if key.boards:
            table(key.caption, key.boards)
        if key.wellboards:
            table("Ratings Wellboard adds", key.wellboards)

    def table(self, table: Table) -> None:
        self.caption(table.caption)
        width = len(table.columns)
        if not width:
            return
        grid = self._column_widths(table)
        out = self.word.add_table(rows=0, cols=width)
        if self.table_style:
            out.style = self.table_style
        else:
            self._borders(out)
        out.alignment = WD_TABLE_ALIGNMENT.CENTER
        out.autofit = False  # fixed layout: Word need not measure every cell of a long plan
        tbl = out._tbl
        if table.caption:  # the table's title for screen readers (Word's "Alt Text")
            caption = OxmlElement("w:tblCaption")
            caption.set(qn("w:val"), table.caption[:250])
            tbl.tblPr.insert_element_before(caption, "w:tblDescription", "w:tblPrChange")
        for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), grid, strict=True):
            col.set(qn("w:w"), str(int(w / 635)))  # EMU to twentieths of a point
        header_rows = []
        if table.column_groups:
            header_rows.append([Cell(g.heading, colspan=g.span, header=True) for g in table.column_groups])
        header_rows.append([Cell(c.heading, header=True) for c in table.columns])
        kinds = [c.kind for c in table.columns]
        pending: dict[int, tuple[int, int]] = {}  # column -> (rows still covered by a rowspan, its span)
        for row in header_rows:
            self._row(out, row, grid, kinds, pending, header=True, keep=True)
        for row in table.rows:
            self._row(out, row, grid, kinds, pending, header=False, keep=table.keep_rows_together)
        # A paragraph after each table, or two tables in a row would merge into one.
        self.word.add_paragraph()

    def _column_widths(self, table: Table) -> list[int]:
        hints = [max(c.width or DEFAULT_COLUMN_CHARS, 4) for c in table.columns]
        total = self.usable_width()
        return [int(total * h / sum(hints)) for h in hints]

    @staticmethod
    def _borders(out: DocxTable) -> None:
        borders = OxmlElement("w:tblBorders")
        out._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                             "w:tblCaption", "w:tblDescription", "w:tblPrChange")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _on(borders, f"w:{edge}", val="single", sz=4, space=0, color="000000")

    def _row(self, out: DocxTable, cells: list[Cell], grid: list[int], kinds: list[str], pending: dict,
             header: bool, keep: bool) -> None:
        tr = out._tbl.add_tr()
        tr_pr = tr.get_or_add_trPr()
        if keep:
            _on(tr_pr, "w:cantSplit")
        if header:
            _on(tr_pr, "w:tblHeader")
        for kind, cell, col, span in self._layout(cells, len(grid), pending):
            tc = tr.add_tc()
            tc_pr = tc.get_or_add_tcPr()
            _on(tc_pr, "w:tcW", w=int(sum(grid[col:col + span]) / 635), type="dxa")
            if span > 1:
                _on(tc_pr, "w:gridSpan", val=span)
            if kind == "cont":
                _on(tc_pr, "w:vMerge")
                continue
            if kind == "cell" and cell.rowspan > 1:
                _on(tc_pr, "w:vMerge", val="restart")
            if kind == "cell":
                self._cell(tc, cell, tc_pr, header, kinds[col] if col < len(kinds) else "text")

    @staticmethod
    def _layout(cells: list[Cell], width: int, pending: dict):
        """(kind, cell, first column, span) across the grid: "cell", "cont" (under a rowspan) or "empty"."""
        col, i, layout = 0, 0, []
        while col < width:
            if col in pending:
                left, span = pending[col]
                layout.append(("cont", None, col, span))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, span)
                col += span
                continue
            if i < len(cells):
                cell = cells[i]
                i += 1
                span = max(1, min(cell.colspan, width - col))
                layout.append(("cell", cell, col, span))
                if cell.rowspan > 1:
                    pending[col] = (cell.rowspan - 1, span)
                col += span
            else:
                layout.append(("empty", None, col, 1))
                col += 1
        return layout

    def _cell(self, tc, cell: Cell, tc_pr, header: bool, kind: str) -> None:
        # Rich html with no words of its own (a sparkline's SVG) gives way to the cell's text.
        paragraphs = _paragraphs_of(cell.text, cell.html) or _paragraphs_of(cell.text, None) or [(False, [])]
        label = cell.rag_label if cell.rag_code else None
        if label and label.lower() not in (cell.text or "").lower():
            # A rated figure ("75.5%" shaded amber) says its rating in words too: never colour alone.
            item, runs = paragraphs[-1]
            paragraphs[-1] = (item, [*runs, (f" {label}" if runs else label, True, False)])
        fill = _hex(cell.rag_colour) if cell.rag_code else None
        if fill:
            _on(tc_pr, "w:shd", val="clear", color="auto", fill=fill)
        colour = _text_colour_on(fill) if fill else None
        bullet = self.style_id("List Bullet")
        first = tc.find(qn("w:p"))
        for n, (item, runs) in enumerate(paragraphs):
            p = first if n == 0 else _on(tc, "w:p")
            if item and bullet or kind == "number" and not header:
                ppr = _on(p, "w:pPr")
                if item and bullet:
                    _on(ppr, "w:pStyle", val=bullet)
                if kind == "number" and not header:
                    _on(ppr, "w:jc", val="right")
            _fill(p, runs, bold=header or cell.header or bool(fill), colour=colour)
