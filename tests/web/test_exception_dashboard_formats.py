"""The exception report and dashboard as Excel, Word and CSV: downloaded as the public from the pages'
own download menus, read back with openpyxl, python-docx and the csv module, and checked against the
pages; no private record in any of them; and `?include=` / `wellboard export --include` reaching the
board paper's templates."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import docx
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.private_fixture import add_private_records, find_markers
from tests.web import exceptions_fixture
from tests.web.test_exception_report import rows as page_rows
from wellboard.plans.models import Strategy

pytestmark = pytest.mark.django_db

EXFIX = f"/plans/{exceptions_fixture.CODE}"
JHWS = "nottingham-jhws-2013"
CULTURE = "nottingham-healthy-culture-2016"
FORMATS = ("xlsx", "docx", "csv")


@pytest.fixture
def fx():
    return exceptions_fixture.build()


def _get(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.content


def _menu(client, page: str) -> dict[str, list[str]]:
    """The page's download menu: format -> its links (CSV: one per table)."""
    soup = BeautifulSoup(_get(client, page), "html.parser")
    menu = soup.find("nav", class_="wb-downloads")
    links: dict[str, list[str]] = {}
    for a in menu.find_all("a", attrs={"data-format": True}):
        links.setdefault(a["data-format"], []).append(a["href"])
    return links


def _cells(sheet, table_name: str) -> list[list]:
    ref = sheet.tables[table_name].ref
    return [[c for c in row] for row in sheet[ref]]


def _zip_text(content: bytes) -> str:
    """Every XML part of an Office file: what any reader could find in it, properties included."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _word_blocks(content: bytes) -> list[tuple[str, object]]:
    """The Word body in order: ("p", style name, text) and ("t", rows of cell text)."""
    word = docx.Document(io.BytesIO(content))
    out = []
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = docx.text.paragraph.Paragraph(child, word)
            if p.text.strip():
                out.append(("p", p.style.name, p.text))
        elif tag == "tbl":
            t = docx.table.Table(child, word)
            out.append(("t", [[c.text for c in r.cells] for r in t.rows]))
    return out


# ---------------------------------------------------------------- the exception report


def test_the_exception_report_page_offers_every_format_and_each_downloads(client, fx):
    links = _menu(client, f"{EXFIX}/exceptions/")
    assert {"pdf", "xlsx", "docx", "csv"} <= set(links)
    # CSV holds one table per file: one link per section's table (and the summary).
    assert len(links["csv"]) == 1 + 7 and any("table=red" in u for u in links["csv"])
    assert all("period=q2" in u for fmt in links for u in links[fmt])  # the period the page shows
    for fmt in FORMATS:
        assert _get(client, links[fmt][0])


def test_exception_report_xlsx_has_each_section_with_its_count_rows_and_rag_words(client, fx):
    html = _get(client, f"{EXFIX}/exceptions/").decode()
    book = load_workbook(io.BytesIO(_get(client, f"{EXFIX}/exception-report.xlsx")))
    summary = _cells(book["Summary"], "T_summary")
    counts = {row[0].value: row[1].value for row in summary[1:]}
    assert counts["Rated red"] == 1 and counts["Missing updates"] == 2 and len(counts) == 7
    for slug, heading in (("red", "Rated red"), ("worsened", "RAG worse than the previous period"),
                          ("missing", "Missing updates")):
        sheet = next(book[n] for n in book.sheetnames if book[n]["A1"].value == f"{heading} ({counts[heading]})")
        cells = _cells(sheet, f"T_{slug}")
        assert [c.value for c in cells[0]] == ["Item", "Lead", "RAG", "Why it is listed", "Latest commentary"]
        page = page_rows(html, slug)
        assert len(cells) - 1 == counts[heading] == len(page)
        for row, seen in zip(cells[1:], page, strict=True):
            assert row[0].value.split(" (")[0] in seen[0] and row[1].value in seen[1]
    red = _cells(next(book[n] for n in book.sheetnames if n.startswith("Rated red")), "T_red")[1]
    assert red[2].value == "Red" and red[2].fill.fgColor.rgb.endswith("D4351C")  # the word and the fill
    assert "Exfix red commentary." in red[4].value


def test_exception_report_empty_sections_say_none_in_excel_and_word(client):
    """JHWS has sections with nothing in them: the heading keeps its (0) and the section says "None"."""
    book = load_workbook(io.BytesIO(_get(client, f"/plans/{JHWS}/exception-report.xlsx")))
    contents = {r[0].value: r[1].value for r in book["Contents"].iter_rows(min_row=1) if r[0].value}
    assert contents["Missing updates (0)"] == "None"
    blocks = _word_blocks(_get(client, f"/plans/{JHWS}/exception-report.docx"))
    at = blocks.index(("p", "Heading 1", "Missing updates (0)"))
    assert blocks[at + 1] == ("p", "Normal", "None")
    red_at = next(i for i, b in enumerate(blocks) if b[0] == "p" and b[2].startswith("Rated red ("))
    n = int(re.search(r"\((\d+)\)", blocks[red_at][2]).group(1))
    table = next(b for b in blocks[red_at:] if b[0] == "t")[1]
    assert len(table) - 1 == n > 0 and all("Red" in r[2] for r in table[1:])


def test_exception_report_docx_and_csv_hold_the_page_rows_with_rag_words(client, fx):
    html = _get(client, f"{EXFIX}/exceptions/").decode()
    blocks = _word_blocks(_get(client, f"{EXFIX}/exception-report.docx"))
    headings = [b[2] for b in blocks if b[0] == "p" and b[1] == "Heading 1"]
    assert "Rated red (1)" in headings and "Missing updates (2)" in headings
    tables = [b[1] for b in blocks if b[0] == "t"]
    worsened = next(t for t in tables if any("Exfix worsened action" in c for c in t[-1]))
    assert worsened[0][:3] == ["Item", "Lead", "RAG"] and worsened[1][2] == "Amber"
    rows = _csv(_get(client, f"{EXFIX}/exception-report.csv?table=missing"))
    assert rows[0] == ["Item", "Lead", "RAG", "Why it is listed", "Latest commentary"]
    page = page_rows(html, "missing")
    assert [r[0].split(" (")[0] for r in rows[1:]] == [p[0].split(" Action")[0].strip() for p in page]
    assert all(r[2] == "Not rated" for r in rows[1:])
    summary = _csv(_get(client, f"{EXFIX}/exception-report.csv"))  # the first table: the counts
    assert summary[0] == ["Section", "Count"] and ["Rated red", "1"] in summary


# ---------------------------------------------------------------- the dashboard


@pytest.mark.parametrize(("code", "period"), [(JHWS, "progress-2-5-year"), (CULTURE, "update-2019-03")])
def test_dashboard_numbers_in_every_format_match_the_page_table(client, code, period):
    soup = BeautifulSoup(_get(client, f"/plans/{code}/dashboard/?period={period}"), "html.parser")
    table = soup.find("table", id="table-rag-counts")
    head = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    body = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    alt = soup.find("figure", class_="wb-chart").figcaption.get_text(strip=True)
    query = f"?period={period}"

    book = load_workbook(io.BytesIO(_get(client, f"/plans/{code}/dashboard.xlsx{query}")))
    sheet = book["RAG ratings by priority"]
    cells = _cells(sheet, "T_rag_counts")
    assert [c.value for c in cells[0]] == head
    assert [[str(c.value) for c in r] for r in cells[1:]] == body
    assert all(isinstance(c.value, int) for r in cells[1:] for c in r[1:])  # numbers, not text
    assert alt in [c.value for r in sheet.iter_rows() for c in r]  # the chart's text alternative

    blocks = _word_blocks(_get(client, f"/plans/{code}/dashboard.docx{query}"))
    assert ("p", "Caption", alt) in blocks
    word_table = next(b[1] for b in blocks if b[0] == "t" and b[1][0][0] == "Priority")
    assert word_table == [head, *body]

    assert _csv(_get(client, f"/plans/{code}/dashboard.csv{query}&table=rag-counts")) == [head, *body]


def test_dashboard_scorecard_in_word_has_the_trend_in_words_and_rag_as_word_and_fill(client):
    content = _get(client, f"/plans/{CULTURE}/dashboard.docx?period=update-2019-03")
    table = next(b[1] for b in _word_blocks(content) if b[0] == "t" and b[1][0][0] == "Indicator")
    trend = table[0].index("Trend")
    assert all(r[trend].startswith("Trend from ") for r in table[1:])  # the sparkline's words, not blank
    officer = table[0].index("Officer RAG")
    assert {r[officer] for r in table[1:]} >= {"Green", "Red"}
    assert 'w:fill="D4351C"' in _zip_text(content)  # red's fill behind its word
    links = _menu(client, f"/plans/{CULTURE}/dashboard/?period=update-2019-03")
    assert {"xlsx", "docx", "csv"} <= set(links) and len(links["csv"]) == 3  # counts, movement, scorecard


# ---------------------------------------------------------------- privacy


def test_no_private_record_reaches_the_public_in_any_new_format(client, fx):
    known = list(add_private_records().markers) + [exceptions_fixture.PRIVATE_COMMENT,
                                                   exceptions_fixture.PRIVATE_ACTION, "PRIVMARK-exfixphone-1"]
    for strategy in Strategy.objects.filter(published=True):
        for kind in ("exception-report", "dashboard"):
            for fmt in FORMATS:
                content = _get(client, f"/plans/{strategy.code}/{kind}.{fmt}")
                text = _zip_text(content) if fmt != "csv" else content.decode("utf-8-sig")
                assert not find_markers(text, known), (strategy.code, kind, fmt)
                assert exceptions_fixture.OWNER_EMAIL not in text.lower()


# ---------------------------------------------------------------- ?include= and export --include


def _pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_export_include_reaches_the_board_paper_templates(tmp_path):
    plain, fuller = tmp_path / "plain.pdf", tmp_path / "fuller.pdf"
    args = ("export", "action-plan", "--plan", CULTURE, "--format", "pdf")
    call_command(*args, "-o", str(plain), stdout=io.StringIO())
    call_command(*args, "-o", str(fuller), "--include", "calculated,notes", stdout=io.StringIO())
    assert "Calculated:" not in _pdf_text(plain)
    assert "Calculated:" in _pdf_text(fuller)


def test_include_on_a_registry_download_url_reaches_its_template(client):
    """The registry's download view reads ?include= as the page's own PDF view does."""
    for url in (f"/plans/{CULTURE}/action-plan.html", f"/plans/{CULTURE}/exception-report.html",
                f"/plans/{CULTURE}/dashboard.html"):
        plain = _get(client, url)
        assert b"wb-board-paper" in plain and b"wb-no-notes" in plain
        fuller = _get(client, f"{url}?include=calculated,notes")
        assert b"wb-board-paper" not in fuller and b"wb-no-notes" not in fuller
    assert b"Calculated:" not in _get(client, f"/plans/{CULTURE}/action-plan.html")
    assert b"Calculated:" in _get(client, f"/plans/{CULTURE}/action-plan.html?include=calculated")
