"""The exception report: each kind of exception lands in its own section with its lead and latest
commentary; private records never reach the public; the PDF holds the same rows; queries stay fixed."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from tests.conftest import client_for, make_user
from tests.private_fixture import add_private_records, find_markers
from tests.web import exceptions_fixture
from tests.web.test_query_counts import grow
from wellboard.core.models import Role
from wellboard.outputs import registry
from wellboard.plans.models import PlanItem, ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db

URL = f"/plans/{exceptions_fixture.CODE}/exceptions/"


@pytest.fixture
def fx():
    return exceptions_fixture.build()


def rows(html, slug):
    """Each row of the section's table as its cells' text; [] where the section says "None"."""
    table = BeautifulSoup(html, "html.parser").find("table", id=f"table-{slug}")
    if table is None:
        return []
    return [[" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]


def row_for(found, title):
    matches = [r for r in found if title in r[0]]
    assert len(matches) == 1, (title, found)
    return matches[0]


def test_each_constructed_exception_is_in_its_section_with_lead_and_commentary(client, fx):
    html = client.get(URL).content.decode()
    red = row_for(rows(html, "red"), "Exfix red action")
    assert "Rhiannon Redlead" in red[1] and "Red" in red[2] and "Exfix red commentary." in red[4]
    worse = row_for(rows(html, "worsened"), "Exfix worsened action")
    assert "Wilf Worselead" in worse[1] and "Amber" in worse[2] and "Green in Q1 2019/20" in worse[3]
    assert "Exfix slipping commentary." in worse[4]
    milestone = row_for(rows(html, "milestones"), "Exfix overdue milestone")
    # A milestone has no lead or update of its own: its action's.
    assert "Wilf Worselead" in milestone[1] and "Due 18/19" in milestone[3] and "Exfix slipping" in milestone[4]
    action = row_for(rows(html, "actions"), "Exfix overdue meeting action")
    assert "Olive Actionowner" in action[1] and "Due 1 July 2019" in action[3]
    indicator = row_for(rows(html, "indicators"), "Exfix indicator off target")
    assert "10 against a target of 20" in indicator[3] and "Exfix officer reason." in indicator[4]
    disagreement = row_for(rows(html, "disagreements"), "Exfix indicator off target")
    assert "officer Green, calculated Red" in disagreement[3]
    missing = row_for(rows(html, "missing"), "Exfix silent action")
    assert "Sid Silentlead" in missing[1] and "Q1 2019/20 Exfix last said in Q1." in missing[4]
    # What is not an exception stays out.
    everything = " ".join(" ".join(r) for slug in ("red", "worsened", "milestones", "actions", "missing")
                          for r in rows(html, slug))
    for absent in ("Exfix improved action", "Exfix milestone met", "Exfix action not yet due", "Exfix action done"):
        assert absent not in everything
    assert "Exfix improved action" not in " ".join(" ".join(r) for r in rows(html, "worsened"))


def test_section_counts_match_their_rows_and_an_empty_section_says_none(client, fx):
    ProgressUpdate.objects.filter(item__strategy=fx.strategy, item__ref="red").update(rag=None)
    html = client.get(URL).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    summary = {r[0]: int(r[1]) for r in rows(html, "summary")}
    assert summary["Rated red"] == 0
    heading = soup.find("h2", string=re.compile(r"^Rated red \(0\)"))
    assert heading is not None and heading.find_next("p").get_text(strip=True) == "None"
    for slug, heading_text in (("worsened", "RAG worse than the previous period"), ("missing", "Missing updates"),
                               ("actions", "Overdue meeting actions")):
        assert summary[heading_text] == len(rows(html, slug)) > 0
        assert soup.find("h2", string=f"{heading_text} ({summary[heading_text]})")


def test_the_period_chosen_changes_what_is_overdue_and_missing(client, fx):
    html = client.get(URL + "?period=q1").content.decode()
    assert rows(html, "worsened") == []  # nothing before Q1 to compare with
    assert rows(html, "actions") == []  # the meeting action fell due after 30 June 2019
    assert row_for(rows(html, "milestones"), "Exfix overdue milestone")
    assert client.get(URL + "?period=nope").status_code == 404


def test_private_records_never_reach_the_public_but_readers_see_them(client, fx):
    markers = [exceptions_fixture.PRIVATE_COMMENT, exceptions_fixture.PRIVATE_ACTION, "PRIVMARK-exfixphone-1"]
    page = client.get(URL).content.decode()
    pdf = _pdf_text(registry.produce("exception-report", fx.strategy, "pdf", AnonymousUser()).content)
    for text in (page, pdf):
        assert not find_markers(text, markers)
        assert exceptions_fixture.OWNER_EMAIL not in text.lower()
    # The draft red rating is not the public's: the item is a missing update to them, not red.
    assert "Exfix action with a draft" not in " ".join(" ".join(r) for r in rows(page, "red"))
    assert row_for(rows(page, "missing"), "Exfix action with a draft")
    reader = client_for(make_user("exfix-coordinator", Role.COORDINATOR, fx.strategy.body))
    seen = reader.get(URL).content.decode()
    assert "Exfix action with a draft" in " ".join(" ".join(r) for r in rows(seen, "red"))
    assert exceptions_fixture.PRIVATE_COMMENT in seen
    assert exceptions_fixture.OWNER_EMAIL not in seen.lower()  # no contact details, even for readers


def test_private_fixture_markers_never_reach_anonymous_exception_reports(client):
    fx = add_private_records()
    known = list(fx.markers)
    for strategy in Strategy.objects.filter(published=True):
        html = client.get(f"/plans/{strategy.code}/exceptions/").content.decode()
        assert not find_markers(html, known), strategy.code
    private = fx.objects["private_plan"]
    assert client.get(f"/plans/{private.code}/exceptions/").status_code == 404
    assert client.get(f"/plans/{private.code}/exception-report.pdf").status_code in (302, 403, 404)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _squash(text):
    return re.sub(r"\s+", "", text)


def test_the_pdf_holds_the_same_rows_as_the_page(client, fx):
    html = client.get(URL).content.decode()
    document = registry.build("exception-report", fx.strategy, AnonymousUser())
    pdf = _squash(_pdf_text(registry.produce("exception-report", fx.strategy, "pdf", AnonymousUser()).content))
    for table in document.tables():
        assert len(table.rows) == len(rows(html, table.slug))
        for row in table.rows:
            for cell in row[:2]:  # the item and its lead
                assert _squash(cell.text.split(" (")[0]) in pdf, cell.text
    assert _squash("Exfix red commentary.") in pdf


def test_seed_plan_overdue_milestones_and_missing_updates(client):
    """Healthy Culture, Update March 2019: milestones due in a year that ended before 31 March 2019 and
    not rated green; items with no update in that column."""
    strategy = Strategy.objects.get(code="nottingham-healthy-culture-2016")
    html = client.get(f"/plans/{strategy.code}/exceptions/?period=update-2019-03").content.decode()
    milestones = rows(html, "milestones")
    assert row_for(milestones, "Agree strategy and identify named link workers")[3].startswith("Due 17/18")
    reportable = PlanItem.objects.filter(strategy=strategy, kind__in=["outcome", "action"], retired=False)
    without = reportable.exclude(updates__period__key="update-2019-03", updates__status="approved").count()
    assert len(rows(html, "missing")) == without > 0
    assert all(r[1] != "No lead named" or "Milestone" in r[0] for r in milestones)


@pytest.mark.parametrize(("code", "pinned"), [("nottingham-jhws-2013", 10), ("nottingham-healthy-culture-2016", 16)])
def test_query_count_does_not_grow_with_the_plan(client, code, pinned):
    strategy = Strategy.objects.get(code=code)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/plans/{code}/exceptions/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    grow(strategy, 25)
    assert (before, count()) == (pinned, pinned)
