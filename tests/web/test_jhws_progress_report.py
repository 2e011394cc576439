"""Seed 001 (Nottingham JHWS 2.5 year progress report) is complete on the page and in the API.

The expected numbers are counted from the source document, priority by priority.
"""

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

CODE = "nottingham-jhws-2013"
# priority title: (headline, secondary, key actions, RED, AMBER, GREEN, omitted)
EXPECTED = {
    "Healthy Nottingham: Preventing alcohol misuse": (1, 4, 8, 0, 3, 8, 2),
    "Supporting Older People Priority": (1, 2, 10, 1, 6, 6, 0),
    "Early Intervention: Improving Mental Health": (1, 3, 4, 0, 1, 5, 2),
    "Early Intervention: Improving Mental Health - Mental Health and employment": (1, 3, 7, 2, 3, 5, 1),
    "Changing culture and systems: Priority Families Priority": (1, 1, 7, 0, 6, 3, 0),
}
OMIT_TEXT = "to omit this action from future reporting"


@pytest.fixture
def report(client):
    response = client.get(f"/plans/{CODE}/progress-report/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_every_priority_section_and_row_with_its_officer_rag(report):
    sections = report.select("section.wb-report-section")
    assert [s.h2.get_text(strip=True) for s in sections] == list(EXPECTED)
    for section in sections:
        headline, secondary, actions, red, amber, green, omitted = EXPECTED[section.h2.get_text(strip=True)]
        groups = {
            g.select_one(".wb-group-label").get_text(strip=True): len(g.select("tr"))
            for g in section.select("tbody.wb-report-group")
        }
        expected_groups = {"Headline Outcome": headline, "Secondary Outcomes": secondary, "Key Actions": actions}
        assert groups == {k: v for k, v in expected_groups.items() if v}
        rags = [cell.get_text(" ", strip=True) for cell in section.select("td.wb-col-rag")]
        assert sum("Red" in r for r in rags) == red
        assert sum("Amber" in r for r in rags) == amber
        assert sum("Green" in r for r in rags) == green
        assert sum(r == "Omitted" for r in rags) == omitted
        retired_rows = section.select("tr.wb-retired")
        assert len(retired_rows) == omitted
        assert all(OMIT_TEXT in row.get_text() for row in retired_rows)
        summary = section.select_one(".wb-section-summary").get_text(" ", strip=True)
        for label, n in (("Red", red), ("Amber", amber), ("Green", green)):
            assert (f"{label} {n}" in summary) == bool(n)
        if omitted:
            assert f"omitted {omitted}" in summary


def test_rag_is_never_colour_alone(report):
    for tag in report.select(".wb-rag"):
        text = tag.get_text(" ", strip=True)
        assert re.search(r"(Red|Amber|Green|Complete|Not rated)$", text), text
        assert tag.select_one(".wb-rag__symbol").get_text(strip=True)


def test_rag_criteria_key_is_the_documents(report):
    key = report.select_one("table.wb-rag-key").get_text(" ", strip=True)
    assert "Significant slippage or risk re timescale, costs or benefits OR where slippage /risk is unlikely to be recoverable" in key
    assert "Some slippage re time, costs or benefits but fully recoverable" in key
    assert "Fully on track in relation to time, costs or benefits" in key


def test_verbatim_text_survives(report):
    text = report.get_text(" ")
    assert "We will reduce the proportion of adults who drink at harmful levels by a third" in text
    assert "Waiting times for treatment are now down to one day for specialist treatment" in text


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item["children"])


def test_api_plan_tree_matches_the_document(client):
    data = client.get(f"/api/v1/plans/{CODE}/").json()
    priorities = data["items"]
    assert [p["title"] for p in priorities] == list(EXPECTED)
    for p in priorities:
        headline, secondary, actions, red, amber, green, omitted = EXPECTED[p["title"]]
        rows = list(_walk(p["children"]))
        assert sum(r["outcome_type"] == "headline" for r in rows) == headline
        assert sum(r["outcome_type"] == "secondary" for r in rows) == secondary
        assert sum(r["kind"] == "action" for r in rows) == actions
        rags = [r["latest_officer_rag"]["code"] for r in rows if r["latest_officer_rag"]]
        assert (rags.count("RED"), rags.count("AMBER"), rags.count("GREEN")) == (red, amber, green)
        retired = [r for r in rows if r["retired"]]
        assert len(retired) == omitted
        assert all(OMIT_TEXT in r["retired_reason"] and r["retired_on"] == "2015-09-30" for r in retired)
        assert all(not r["updates"] for r in retired)


def test_progress_report_pdf_reads_back(client, tmp_path):
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get(f"/plans/{CODE}/progress-report.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) >= 5  # one section per priority, each starting a page
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for title in EXPECTED:
        assert title in flat
    assert "What We Will Do" in flat and "Officer RAG" in flat and "Progress and Impact" in flat
    assert "Fully on track in relation to time, costs or benefits" in flat
