"""Excel and CSV downloads of the progress report (seed 001) and action plan (seed 000), read back
with openpyxl and the csv module and checked against the pages' data; the `wellboard export`
command; and that neither format carries a private record to the public."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.conftest import make_user
from tests.private_fixture import add_private_records, find_markers
from tests.web.test_jhws_progress_report import CODE as JHWS
from tests.web.test_jhws_progress_report import EXPECTED
from wellboard.core.models import Role
from wellboard.outputs import page_data
from wellboard.plans.models import Strategy

pytestmark = pytest.mark.django_db

CULTURE = "nottingham-healthy-culture-2016"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith(content_type)
    return response.content


def _book(content):
    return load_workbook(io.BytesIO(content))


def _table_rows(sheet, table_name=None):
    """The rows of a sheet's (first or named) Excel table as dicts keyed by its headings."""
    tables = list(sheet.tables.values())
    table = next(t for t in tables if table_name is None or t.displayName == table_name)
    cells = list(sheet[table.ref])
    headings = [c.value for c in cells[0]]
    return [dict(zip(headings, row, strict=True)) for row in cells[1:]]


@pytest.fixture(scope="module")
def jhws_book(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return _book(_get(Client(), f"/plans/{JHWS}/progress-report.xlsx", XLSX))


@pytest.fixture(scope="module")
def culture_book(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return _book(_get(Client(), f"/plans/{CULTURE}/action-plan.xlsx", XLSX))


def test_progress_report_has_a_sheet_per_priority_with_every_row_and_its_rag(jhws_book):
    sheets = jhws_book.sheetnames
    assert sheets[0] == "Contents" and len(sheets) == 1 + len(EXPECTED)
    for sheet_name, (title, counts) in zip(sheets[1:], EXPECTED.items(), strict=True):
        sheet = jhws_book[sheet_name]
        assert sheet["A1"].value == title  # the title row
        headline, secondary, actions, red, amber, green, omitted = counts
        rows = _table_rows(sheet)
        groups = [r["Row type"].value for r in rows]
        assert groups.count("Headline Outcome") == headline
        assert groups.count("Secondary Outcomes") == secondary
        assert groups.count("Key Actions") == actions
        rags = [r["Officer RAG"].value for r in rows]
        assert sum(v.startswith("Red") for v in rags) == red
        assert sum(v.startswith("Amber") for v in rags) == amber
        assert sum(v.startswith("Green") for v in rags) == green
        assert rags.count("Omitted") == omitted
        assert all(r["What We Will Do"].value for r in rows)


def test_rag_cells_are_filled_with_the_ratings_colour_and_the_word_stays(jhws_book):
    strategy = Strategy.objects.get(code=JHWS)
    colours = {r.label: r.colour.lstrip("#").upper() for r in strategy.rag_scale.ratings.all()}
    seen = set()
    for sheet in jhws_book.worksheets[1:]:
        for row in _table_rows(sheet):
            cell = row["Officer RAG"]
            word = cell.value.split(" (")[0]
            if word in colours:
                assert cell.fill.fill_type == "solid"
                assert cell.fill.fgColor.rgb[-6:] == colours[word], (sheet.title, cell.coordinate)
                seen.add(word)
    assert seen == {"Red", "Amber", "Green"}


def test_headers_are_frozen_and_tables_are_real_excel_tables(jhws_book, culture_book):
    for book in (jhws_book, culture_book):
        for sheet in book.worksheets[1:]:
            assert sheet.tables, sheet.title
            first = next(iter(sheet.tables.values()))
            header_row = int(first.ref.split(":")[0][1:])
            assert sheet.freeze_panes == f"A{header_row + 1}", sheet.title
            assert sheet.column_dimensions["B"].width >= 8


def test_the_board_rag_key_is_with_each_progress_table(jhws_book):
    for sheet in jhws_book.worksheets[1:]:
        keys = [t for t in sheet.tables.values() if t.displayName.startswith("T_rag_key")]
        assert len(keys) == 1, sheet.title
        words = [r["RAG"].value for r in _table_rows(sheet, keys[0].displayName)]
        assert {"Red", "Amber", "Green"} <= set(words)


def test_action_plan_sheets_version_control_measures_and_actions(culture_book):
    names = culture_book.sheetnames
    assert names[:3] == ["Contents", "Version Control", "Headline measures   metrics"]
    assert "Distribution" not in names  # people's names and emails: the plan's readers only
    versions = [r["Version"].value for r in _table_rows(culture_book["Version Control"])]
    assert versions == ["0.1", "0.2", "0.3", "0.4", "0.5"]
    action_sheets = names[3:]
    assert len(action_sheets) == 5  # seed 000's five themes
    actions = set()
    for name in action_sheets:
        for row in _table_rows(culture_book[name]):
            actions.add(row["Action"].value)
    assert len(actions) == 24


def test_measure_numbers_are_numbers_with_formats_and_the_papers_text_in_a_note(culture_book):
    sheet = culture_book["Headline measures   metrics"]
    rows = _table_rows(sheet)
    numbers = [c for r in rows for k, c in r.items() if isinstance(c.value, (int, float))]
    assert numbers, "no numeric cells in the headline measures"
    assert all(c.number_format != "General" for c in numbers)
    by_value = {c.value: c for c in numbers}
    # Seed 000 writes the Citizen Survey baseline as "13,546" (the thousands separator is the paper's).
    assert 13546 in by_value and by_value[13546].number_format.startswith("#,##0")
    notes = [c.value for r in rows for k, c in r.items() if k.endswith(" note") and c.value]
    assert any("RAG:" in n for n in notes)


def test_csv_default_is_the_first_table_and_each_table_is_named(client):
    content = _get(client, f"/plans/{JHWS}/progress-report.csv", "text/csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    first = next(iter(EXPECTED.values()))
    assert len(rows) == sum(first[:3])
    assert sum(r["Officer RAG"].startswith("Green") for r in rows) == first[5]
    page = client.get(f"/plans/{JHWS}/progress-report/").content.decode()
    assert page.count('data-format="csv"') == len(EXPECTED)


def test_csv_of_a_named_table_and_an_unknown_one(client):
    content = _get(client, f"/plans/{CULTURE}/action-plan.csv?table=version-control", "text/csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Version", "Date", "Change Details", "Author"]
    assert [r[0] for r in rows[1:]] == ["0.1", "0.2", "0.3", "0.4", "0.5"]
    bad = client.get(f"/plans/{CULTURE}/action-plan.csv?table=nope")
    assert bad.status_code == 400 and b"choose from: version-control" in bad.content


def test_csv_headline_measures_numbers_are_plain(client):
    content = _get(client, f"/plans/{CULTURE}/action-plan.csv?table=headline-measures", "text/csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert any(r["Baseline"] == "13546" for r in rows)


def test_download_menu_lists_each_format_by_name(client):
    from bs4 import BeautifulSoup

    for url in (f"/plans/{JHWS}/progress-report/", f"/plans/{CULTURE}/action-plan/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        menu = soup.select_one("nav.wb-downloads")
        labels = [a.get_text(" ", strip=True) for a in menu.select("a")]
        assert "PDF" in labels and "Excel spreadsheet (.xlsx)" in labels
        for a in menu.select("a"):
            assert client.get(a["href"]).status_code == 200, a["href"]


def test_unknown_plan_is_404_not_500(client):
    assert client.get("/plans/no-such-plan/progress-report.xlsx").status_code == 404


# --- wellboard export -------------------------------------------------------------------------------

def test_export_writes_the_file(tmp_path):
    out = tmp_path / "report.xlsx"
    call_command("export", "progress-report", "--plan", JHWS, "--format", "xlsx", "-o", str(out),
                 stdout=io.StringIO())
    book = load_workbook(out)
    assert len(book.sheetnames) == 1 + len(EXPECTED)


def test_export_csv_of_a_table(tmp_path):
    out = tmp_path / "versions.csv"
    call_command("export", "action-plan", "--plan", CULTURE, "--format", "csv", "--table", "version-control",
                 "-o", str(out), stdout=io.StringIO())
    assert out.read_text(encoding="utf-8-sig").startswith("Version,Date,Change Details,Author")


@pytest.mark.parametrize("args, message", [
    (["nope", "--plan", JHWS, "--format", "xlsx"], "unknown document 'nope'"),
    (["progress-report", "--plan", JHWS, "--format", "gif"], "does not come as 'gif'"),
    (["progress-report", "--plan", "no-such-plan", "--format", "xlsx"], "no such plan"),
    (["progress-report", "--format", "xlsx"], "give --plan CODE"),
    (["progress-report", "--plan", JHWS, "--format", "csv", "--table", "nope"], "no table 'nope'"),
    (["progress-report", "--plan", JHWS, "--format", "xlsx", "--as", "nobody-here"], "no active user"),
])
def test_export_refuses_bad_input_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "out.file"
    with pytest.raises(CommandError, match=message):
        call_command("export", *args, "-o", str(out), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_export_through_the_wellboard_cli_exits_nonzero_on_error(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    wellboard = Path(sys.executable).with_name("wellboard")
    out = tmp_path / "x.xlsx"
    result = subprocess.run([str(wellboard), "export", "nope", "--plan", "x", "--format", "xlsx", "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "unknown document 'nope'" in result.stderr
    assert not out.exists()


# --- privacy --------------------------------------------------------------------------------------

def _all_text(content: bytes, fmt: str) -> str:
    if fmt == "csv":
        return content.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(content)) as z:  # every part: cells, shared strings, properties
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_anonymous_xlsx_and_csv_hold_no_private_record(client, tmp_path):
    fx = add_private_records(tmp_path)
    known = set(fx.markers)
    private_plan = fx.objects["private_plan"]
    for plan in Strategy.objects.filter(published=True):
        for kind in ("progress-report", "action-plan"):
            tables = [None]
            if kind == "action-plan":
                tables += ["version-control", "headline-measures"]
            for fmt in ("xlsx", "csv"):
                for table in tables if fmt == "csv" else [None]:
                    url = f"/plans/{plan.code}/{kind}.{fmt}" + (f"?table={table}" if table else "")
                    response = client.get(url)
                    assert response.status_code in (200, 400), url
                    assert not find_markers(_all_text(response.content, fmt), known), url
        for fmt in ("xlsx", "csv"):
            assert client.get(f"/plans/{private_plan.code}/action-plan.{fmt}").status_code == 404


def test_cli_exports_as_the_public_unless_told_and_the_control_finds_markers(tmp_path):
    fx = add_private_records(tmp_path)
    known = set(fx.markers)
    public_plan = fx.objects["public_plan"]
    demo_plan = Strategy.objects.filter(published=True).exclude(code=public_plan.code).order_by("pk").first()
    admin = make_user("export-admin", Role.ADMINISTRATOR, is_staff=True)
    found_as_admin = set()
    for plan in (public_plan, demo_plan):
        out = tmp_path / f"{plan.code}.xlsx"
        call_command("export", "progress-report", "--plan", plan.code, "--format", "xlsx", "-o", str(out),
                     stdout=io.StringIO())
        assert not find_markers(_all_text(out.read_bytes(), "xlsx"), known)
        call_command("export", "progress-report", "--plan", plan.code, "--format", "xlsx", "-o", str(out),
                     "--as", admin.username, stdout=io.StringIO())
        found_as_admin |= find_markers(_all_text(out.read_bytes(), "xlsx"), known)
    # Positive control: the same export for someone with the right does show drafts, so the test can fail.
    assert found_as_admin
    with pytest.raises(CommandError, match="no such plan"):
        call_command("export", "action-plan", "--plan", fx.objects["private_plan"].code, "--format", "xlsx",
                     "-o", str(tmp_path / "p.xlsx"), stdout=io.StringIO())


def test_distribution_is_exported_only_to_the_plans_readers():
    from wellboard.outputs.documents import action_plan

    strategy = Strategy.objects.get(code=CULTURE)
    public = action_plan.build(strategy, AnonymousUser(), {})
    assert "distribution" not in [t.slug for t in public.tables()] and public.audience == "public"
    admin = make_user("dist-admin", Role.ADMINISTRATOR, is_staff=True)
    context = page_data.action_plan_context_for(strategy, admin)
    staff = action_plan.from_context(context, admin)
    assert ("distribution" in [t.slug for t in staff.tables()]) == context["show_distribution"]
