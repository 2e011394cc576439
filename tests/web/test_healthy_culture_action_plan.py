"""Seed 000 (Healthy Culture 2016/17 Action Plan) is complete on the page and in the API.

Expected numbers are counted from the source document's action table.
"""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

CODE = "nottingham-healthy-culture-2016"
THEMES = 5
ACTIONS = 24
MILESTONES = 44
MEASURES = 46
TICKS = 124
RAG_LETTERS = {"Red": 4, "Amber": 16, "Green": 59}  # 51 G after a tick + 8 G beside an actual figure
COMMENTS, MARCH_2019 = 22, 14
VERSIONS = ["0.1", "0.2", "0.3", "0.4", "0.5"]


@pytest.fixture
def page(client):
    response = client.get(f"/plans/{CODE}/action-plan/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_every_theme_action_measure_tick_and_rag(page):
    tables = page.select("table.wb-action-plan")
    assert len(tables) == THEMES
    assert tables[0].find_previous("h2").get_text(strip=True).startswith("Theme 1: Services will work better together")
    assert len(page.select("tr[data-action]")) == ACTIONS
    assert len(page.select("td[data-measure]")) == MEASURES
    year_cells = page.select("td[data-year]")
    assert sum(1 for c in year_cells if c.select_one(".wb-due")) == TICKS
    labels = [tag.get_text(" ", strip=True) for c in year_cells for tag in c.select(".wb-rag")]
    for label, n in RAG_LETTERS.items():
        assert sum(t.endswith(label) for t in labels) == n, label


def test_version_control_and_distribution(page, staff_client):
    versions = page.select_one("#version-control")
    assert [th.get_text(strip=True) for th in versions.select("tbody th")] == VERSIONS
    text = versions.get_text(" ", strip=True)
    assert "Reablement targets added" in text and "Dashboard updated" in text
    assert versions.select_one("i")  # the italic action names in 0.3's change details survive
    # The distribution list names people with their email addresses: staff only.
    assert page.select_one("#distribution") is None
    assert "nottinghamcity.gov.uk" not in page.get_text(" ")
    staff_page = BeautifulSoup(staff_client.get(f"/plans/{CODE}/action-plan/").content, "html.parser")
    distribution = staff_page.select_one("#distribution").get_text(" ", strip=True)
    assert "Dr Marcus Bicknell" in distribution and "HWB sponsor" in distribution
    assert "As above" in distribution


def test_leads_comments_and_march_2019_update_columns(page):
    headers = [th.get_text(" ", strip=True) for th in page.select("table.wb-action-plan thead th")]
    assert "Comments" in headers and "Update March 2019" in headers and "Lead" in headers
    assert "CCG Ciara Stuart" in page.get_text(" ")
    assert "Priority Groups" in page.get_text(" ")


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item["children"])


def test_api_counts_match_the_document(client):
    data = client.get(f"/api/v1/plans/{CODE}/").json()
    items = list(_walk(data["items"]))
    kinds = [i["kind"] for i in items]
    assert (kinds.count("theme"), kinds.count("action"), kinds.count("milestone"), kinds.count("success_measure")) == (
        THEMES, ACTIONS, MILESTONES, MEASURES)
    years = [y for i in items for y in i["years"]]
    assert sum(y["due"] for y in years) == TICKS
    letters = [y["rag"]["letter"] for y in years if y["rag"]]
    assert (letters.count("R"), letters.count("A"), letters.count("G")) == (4, 16, 59)
    updates = [u["period"] for i in items for u in i["updates"]]
    assert (updates.count("comments"), updates.count("update-2019-03")) == (COMMENTS, MARCH_2019)
    assert sum(1 for i in items if i["lead_text"]) == 12


def test_action_plan_pdf_reads_back(client):
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get(f"/plans/{CODE}/action-plan.pdf")
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(response.content)).pages)
    assert "Healthy Culture 2016/17 Action Plan" in text
    assert "Version Control" in text and "Year to be achieved and progress RAG rating" in text
    assert "Theme 4: We will reduce the harmful effect of debt and financial difficulty on health and wellbeing" in text
