"""The first README command, end to end: `wellboard demo` serves, and a coordinator uses it in
Debian's Chromium (driven by Playwright; never a downloaded browser)."""

import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

# The demo_server and browser fixtures are in conftest.py, shared with the walk-throughs.


def test_coordinator_signs_in_finds_both_plans_and_filters(demo_server, browser):
    page = browser.new_page()
    page.goto(demo_server["url"] + "/")
    assert "Healthy Culture 2016/17 Action Plan" in page.content()
    assert "Nottingham City Joint Health and Wellbeing Strategy" in page.content()
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(demo_server["user"])
    page.get_by_label("Password").fill(demo_server["password"])
    with page.expect_navigation():
        page.keyboard.press("Enter")  # keyboard use: submit without the mouse
    assert f"Signed in as {demo_server['user']}" in page.content()

    page.get_by_role("link", name="Nottingham City Joint Health and Wellbeing Strategy").click()
    page.get_by_label("RAG", exact=True).select_option(label="Red")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "rag=RED" in page.url
    rows = page.locator("#plan-tree tbody tr[data-kind='action'], #plan-tree tbody tr[data-kind='outcome']")
    rags = [rows.nth(i).locator("td").nth(2).inner_text().strip() for i in range(rows.count())]
    assert rags and all(r.endswith("Red") for r in rags)
    assert len(rags) == 3  # seed 001 rates three rows RED
    page.close()


def test_progress_report_prints_as_a_clean_document(demo_server, browser):
    page = browser.new_page()
    page.goto(demo_server["url"] + "/plans/nottingham-jhws-2013/progress-report/")
    page.emulate_media(media="print")
    assert not page.locator("header.govuk-header").is_visible()
    assert not page.get_by_role("link", name="PDF", exact=True).is_visible()
    assert page.locator("table.wb-report-table").first.is_visible()
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) >= 5
    assert "Healthy Nottingham: Preventing alcohol misuse" in text
    assert "Progress and Impact" in text
    assert "Sign in" not in text and "Skip to main content" not in text
    page.close()


def test_demo_is_idempotent(demo_server):
    wellboard = Path(sys.executable).with_name("wellboard")
    again = subprocess.run([str(wellboard), "demo", "--no-serve"], env=demo_server["env"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert re.search(r"\b0 created, 0 changed, [1-9][0-9]* unchanged", again.stdout), again.stdout


def test_public_agenda_in_the_browser_hides_part_b_and_prints_clean(demo_server, browser):
    page = browser.new_page()
    page.goto(demo_server["url"] + "/bodies/norfolk-hwb/")
    page.keyboard.press("Tab")  # the first Tab reaches the skip link
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.get_by_role("link", name="8 February 2017").click()
    page.wait_for_load_state()
    text = page.locator("#agenda").inner_text()
    assert "Exempt item" in text and "Driving Integration" not in text
    assert "Better Care Fund Plan 2017-19" in text
    page.get_by_role("link", name="Printable agenda").click()
    page.wait_for_load_state()
    page.emulate_media(media="print")
    assert not page.locator("header.govuk-header").is_visible()
    reader = PdfReader(BytesIO(page.pdf(format="A4")))
    printed = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Norfolk Health and Wellbeing Board" in printed and "Exempt item" in printed
    page.close()
