"""Word documents in the organisation's own template, and the administrator's template upload.

A template is made here with python-docx, with things no default has: a header reading "Westmoor
County Council", a body font "Westmoor Sans", a table style "Westmoor Table" shown on a sample
table, and sample body text that must not reach the documents. Seed 000's action plan and seed
001's progress report are then downloaded as .docx and read back.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from tests.conftest import client_for, make_user
from tests.private_fixture import add_private_records, find_markers
from wellboard.core.models import Role
from wellboard.outputs import word_templates
from wellboard.outputs.models import WordTemplate

pytestmark = pytest.mark.django_db

ACTION_PLAN = "nottingham-healthy-culture-2016"
PROGRESS = "nottingham-jhws-2013"
URL = "/settings/word-template/"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COUNCIL = "Westmoor County Council"
FONT = "Westmoor Sans"
SAMPLE = "Sample text from the template that documents must leave out"
VERSIONS = ["0.1", "0.2", "0.3", "0.4", "0.5"]
YEARS = ["16/17", "17/18", "18/19", "19/20"]
# Seed 000's per-year RAG in the theme tables, as test_healthy_culture_action_plan.py counts them.
THEME_RAG = {"Red": 4, "Amber": 16, "Green": 59}
# Seed 001, per priority: (rows, Red, Amber, Green, Omitted); see test_jhws_progress_report.py.
PROGRESS_ROWS = {
    "Healthy Nottingham: Preventing alcohol misuse": (13, 0, 3, 8, 2),
    "Supporting Older People Priority": (13, 1, 6, 6, 0),
    "Early Intervention: Improving Mental Health": (8, 0, 1, 5, 2),
    "Early Intervention: Improving Mental Health - Mental Health and employment": (11, 2, 3, 5, 1),
    "Changing culture and systems: Priority Families Priority": (9, 0, 6, 3, 0),
}


def make_template() -> bytes:
    word = docx.Document()
    word.styles["Normal"].font.name = FONT
    table_style = word.styles.add_style("Westmoor Table", WD_STYLE_TYPE.TABLE)
    table_style.base_style = word.styles["Table Grid"]
    word.sections[0].header.paragraphs[0].text = COUNCIL
    word.add_paragraph(SAMPLE)
    sample = word.add_table(rows=1, cols=2)
    sample.style = "Westmoor Table"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(URL, {"file": _file(name, content)})


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def admin(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads stay inside the test's own directory
    return client_for(make_user("docx-admin", Role.ADMINISTRATOR, is_staff=True))


@pytest.fixture
def installed(admin):
    response = upload(admin, "westmoor.docx", make_template())
    assert response.status_code == 302, response.content.decode()[:2000]
    return WordTemplate.current()


def download(client, code, kind) -> docx.document.Document:
    response = client.get(f"/plans/{code}/{kind}.docx")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].endswith('.docx"')
    return docx.Document(io.BytesIO(response.content))


def rows_of(table) -> list[list[tuple[str, str | None]]]:
    """Each row's own cells as (text, shading), from the XML: cells continuing a vertical merge are skipped."""
    out = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            pr = tc.tcPr
            merge = pr.find(qn("w:vMerge")) if pr is not None else None
            if merge is not None and merge.get(qn("w:val")) != "restart":
                continue
            shd = pr.find(qn("w:shd")) if pr is not None else None
            text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))).strip()
            row.append((text, shd.get(qn("w:fill")) if shd is not None else None))
        out.append(row)
    return out


def header_rows(table) -> int:
    n = 0
    for tr in table._tbl.tr_lst:
        if tr.trPr is None or tr.trPr.find(qn("w:tblHeader")) is None:
            break
        n += 1
    return n


def headings_of(table) -> list[str]:
    return [text for text, _ in rows_of(table)[header_rows(table) - 1]]


def used_styles(word) -> set[str]:
    names = {p.style.name for p in word.paragraphs}
    for table in word.tables:
        names.add(table.style.name)
        for tc in table._tbl.iter(qn("w:tc")):
            for p in tc.iter(qn("w:p")):
                style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                if style is not None:
                    names.add(word.styles.get_by_id(style.get(qn("w:val")), WD_STYLE_TYPE.PARAGRAPH).name)
    return names


def all_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))


# ---------------------------------------------------------------- documents in the template


def check_board_paper(word, title: str) -> None:
    """What every Word document owes the board, whatever its content."""
    template = docx.Document(io.BytesIO(make_template()))
    assert COUNCIL in " ".join(p.text for p in word.sections[0].header.paragraphs)
    assert word.styles["Normal"].font.name == FONT
    assert used_styles(word) <= {s.name for s in template.styles}, used_styles(word) - {s.name for s in template.styles}
    assert {t.style.name for t in word.tables} == {"Westmoor Table"}
    assert SAMPLE not in " ".join(p.text for p in word.paragraphs)
    assert word.core_properties.title == title
    assert word.core_properties.author == "Nottingham City Health and Wellbeing Board"
    footer = word.sections[0].footer._element
    instructions = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    assert "PAGE" in instructions.split() and "NUMPAGES" in instructions.split()
    assert title in "".join(t.text or "" for t in footer.iter(qn("w:t")))
    for table in word.tables:
        assert header_rows(table) >= 1, headings_of(table)
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst)
    headings = [p for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_action_plan_in_the_uploaded_template(client, installed):
    word = download(client, ACTION_PLAN, "action-plan")
    check_board_paper(word, "Healthy Culture 2016/17 Action Plan")
    versions = next(t for t in word.tables if headings_of(t) == ["Version", "Date", "Change Details", "Author"])
    body = rows_of(versions)[header_rows(versions):]
    assert [row[0][0] for row in body] == VERSIONS
    assert "Reablement targets added" in " ".join(text for row in body for text, _ in row)
    themes = [t for t in word.tables if headings_of(t)[:3] == ["Action", "Milestone", "Success measure"]]
    assert len(themes) == 5
    for table in themes:
        assert header_rows(table) == 2  # "Year to be achieved…" above the year columns, both repeated
        assert "Year to be achieved and progress RAG rating" in [t for t, _ in rows_of(table)[0]]
        assert headings_of(table)[3:7] == YEARS
    in_themes = [(text, fill) for t in themes for row in rows_of(t)[header_rows(t):] for text, fill in row if fill]
    for rating, n in THEME_RAG.items():
        assert sum(text.endswith(rating) for text, _ in in_themes) == n, rating
    assert {fill for text, fill in in_themes if text.endswith("Green")} == {"00703C"}
    # Every shaded cell, a rated figure included ("75.5% Amber"), says its rating in words.
    words = {*THEME_RAG, "Complete"}  # the key lists Wellboard's "Complete" apart from the board's three
    shaded = [text for t in word.tables for row in rows_of(t) for text, fill in row if fill]
    assert shaded and all(text.split()[-1] in words for text in shaded), [t for t in shaded if t.split()[-1] not in words]
    assert word.sections[0].page_width > word.sections[0].page_height  # ten columns: landscape


def test_progress_report_rows_with_their_rag_words(client, installed):
    word = download(client, PROGRESS, "progress-report")
    check_board_paper(word, "Nottingham City Joint Health and Wellbeing Strategy 2.5 year progress report")
    tables = [t for t in word.tables if headings_of(t) == ["Row type", "What We Will Do", "Officer RAG",
                                                           "Progress and Impact"]]
    assert len(tables) == len(PROGRESS_ROWS)
    for table, (title, (n, red, amber, green, omitted)) in zip(tables, PROGRESS_ROWS.items(), strict=True):
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")).startswith(title)
        body = rows_of(table)[header_rows(table):]
        assert len(body) == n, title
        # The RAG column is the second from the right in every row (the row-type cell spans rows).
        rags = [row[-2][0] for row in body]
        assert (rags.count("Red"), rags.count("Amber"), rags.count("Green"), rags.count("Omitted")) == (
            red, amber, green, omitted), title
        assert all(row[-2][1] for row in body if row[-2][0] in ("Red", "Amber", "Green"))
    key = " ".join(" ".join(text for text, _ in row) for t in word.tables if headings_of(t)[:1] == ["Rating"]
                   for row in rows_of(t))
    assert "Fully on track in relation to time, costs or benefits" in key


def test_without_a_template_the_built_in_one_is_used(client, admin, installed):
    assert admin.post(URL, {"action": "stop"}).status_code == 302
    assert WordTemplate.current() is None and WordTemplate.objects.filter(pk=installed.pk).exists()
    word = download(client, PROGRESS, "progress-report")
    assert COUNCIL not in " ".join(p.text for p in word.sections[0].header.paragraphs)
    assert "Nottingham City Health and Wellbeing Board" in word.sections[0].header.paragraphs[0].text
    assert word.styles["Normal"].font.name == "Arial"
    assert abs(word.sections[0].page_width.cm - 21) < 0.1  # A4 portrait: four columns fit
    assert {t.style.name for t in word.tables} == {"Table Grid"}


def test_download_menu_offers_word(client):
    for kind in ("progress-report", "action-plan"):
        page = client.get(f"/plans/{PROGRESS if kind == 'progress-report' else ACTION_PLAN}/{kind}/")
        assert f"/{kind}.docx" in page.content.decode(), kind


# ---------------------------------------------------------------- refused uploads


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


BAD = [
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "must be a Word document (.docx)"),
    ("notes.docx", b"Just some notes, saved with the wrong name.\n", "is not a Word document"),
    ("empty.docx", b"", "The selected file is empty"),
    ("big.docx", b"PK" + b"\0" * word_templates.MAX_BYTES, "must be smaller than 5 MB"),
    ("sheet.docx", zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
     "is not a Word document"),
    ("template.dotx", make_template(), "Save it as a Word Document (.docx)".lower()),
    ("bomb.docx", zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (61 * 1024 * 1024)}),
     "unpacks to more than"),
]


@pytest.mark.parametrize("name,content,message", BAD, ids=[b[0] for b in BAD])
def test_bad_uploads_are_refused_with_a_clear_error_and_change_nothing(admin, installed, name, content, message):
    before = list(WordTemplate.objects.values_list("pk", "active", "sha256"))
    response = upload(admin, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_file"' in page
    assert message.lower() in page.lower().replace("&quot;", '"').replace("&#x27;", "'"), page[:3000]
    assert list(WordTemplate.objects.values_list("pk", "active", "sha256")) == before
    assert WordTemplate.current() == installed


def test_no_file_is_refused(admin):
    response = admin.post(URL, {})
    assert response.status_code == 200 and "Select a Word document (.docx) to upload." in response.content.decode()
    assert not WordTemplate.objects.exists()


def test_only_an_administrator_may_upload(client, installed):
    from wellboard.plans.models import Strategy

    plan = Strategy.objects.get(code=ACTION_PLAN)
    users = {"staff_only": make_user("docx-staff", is_staff=True),
             "coordinator": make_user("docx-coordinator", Role.COORDINATOR, plan.body)}
    before = list(WordTemplate.objects.values_list("pk", "active"))
    anonymous = upload(client, "westmoor.docx", make_template())
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    assert client.get(URL).status_code == 302
    for role, user in users.items():
        c = client_for(user)
        assert c.get(URL).status_code == 403, role
        assert upload(c, "westmoor.docx", make_template()).status_code == 403, role
        assert c.post(URL, {"action": "stop"}).status_code == 403, role
    assert list(WordTemplate.objects.values_list("pk", "active")) == before
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        word_templates.install("x.docx", make_template(), get_user_model().objects.get(username="docx-staff"))


def test_upload_page_shows_what_is_in_use(admin, installed):
    page = admin.get(URL).content.decode()
    assert "westmoor.docx" in page and "docx-admin" in page
    assert installed.size == len(make_template()) and len(installed.sha256) == 64
    with installed.file.open("rb") as handle:
        assert handle.read() == make_template()


# ---------------------------------------------------------------- privacy


def test_anonymous_word_downloads_hold_no_private_marker(tmp_path, installed):
    fx = add_private_records(tmp_path)
    anonymous = Client()
    for code in (fx.objects["public_plan"].code, ACTION_PLAN, PROGRESS):
        for kind in ("progress-report", "action-plan"):
            response = anonymous.get(f"/plans/{code}/{kind}.docx")
            assert response.status_code == 200, (code, kind)
            leaked = find_markers(all_text(response.content), set(fx.markers))
            assert not leaked, (code, kind, leaked)
    private = fx.objects["private_plan"].code
    for kind in ("progress-report", "action-plan"):
        assert anonymous.get(f"/plans/{private}/{kind}.docx").status_code in (302, 403, 404)
    # The distribution list (names with email addresses) is for staff only.
    assert "nottinghamcity.gov.uk" not in all_text(anonymous.get(f"/plans/{ACTION_PLAN}/action-plan.docx").content)


def test_a_template_without_heading_or_table_styles_still_makes_a_structured_document():
    """Word keeps most built-in styles latent (undefined) until used: the document must still have
    real headings (for the navigation pane and screen readers) and bordered tables."""
    from wellboard.outputs.render import docx as word_render

    bare = docx.Document()
    for style in list(bare.styles):
        if style.name not in ("Normal", "Default Paragraph Font", "Normal Table"):
            style.delete()
    out = io.BytesIO()
    bare.save(out)
    word_templates.check("bare.docx", out.getvalue())
    word = docx.Document(io.BytesIO(word_render.render(word_templates._trial_document(), template=out.getvalue())))
    headings = [p for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings] == ["Section", "Subsection"]
    assert all(p.style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None for p in headings)
    borders = word.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and borders.find(qn("w:insideH")).get(qn("w:val")) == "single"
