"""The dashboard: RAG counts per priority as an SVG chart with a title, description and a table of the
same numbers; movement since the previous period; the scorecard with sparklines; a one-page PDF."""

import io
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from tests.private_fixture import add_private_records, find_markers
from tests.web import exceptions_fixture
from tests.web.test_query_counts import grow
from wellboard.outputs import registry
from wellboard.plans.models import Strategy
from wellboard.plans.tree import load_tree

pytestmark = pytest.mark.django_db


def table_rows(soup, slug):
    table = soup.find("table", id=f"table-{slug}")
    head = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    body = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    return head, body


def expected_counts(strategy, period_key):
    """Counted here from the tree, independently of the dashboard code: the period's officer RAG, else
    the measures' roll-up, per top-level item."""
    tree = load_tree(strategy, AnonymousUser())
    out = {}
    for root in tree.roots:
        counts = Counter()
        for node in root.walk():
            if node.item.reportable and not node.item.retired:
                update = node.update_for(period_key)
                rating = update.rag if update and update.rag_id else node.measure_rag
                counts[rating.label if rating else "Not rated"] += 1
        out[f"{root.item.number} {root.item.title}".strip()] = counts
    return out


@pytest.mark.parametrize(("code", "period"), [("nottingham-jhws-2013", "progress-2-5-year"),
                                              ("nottingham-healthy-culture-2016", "update-2019-03")])
def test_svg_has_title_and_desc_and_the_table_holds_the_same_counts(client, code, period):
    strategy = Strategy.objects.get(code=code)
    soup = BeautifulSoup(client.get(f"/plans/{code}/dashboard/?period={period}").content, "html.parser")
    svg = soup.find("svg", class_="wb-rag-chart")
    assert svg["role"] == "img" and svg.find("title").get_text() and svg.find("desc").get_text()
    head, body = table_rows(soup, "rag-counts")
    expected = expected_counts(strategy, period)
    labels = [h.split(" ", 1)[-1] for h in head[1:-1]]  # "✕ Red" -> "Red"
    for row in body[:-1]:
        counts = dict(zip(labels, (int(n) for n in row[1:-1]), strict=True))
        assert {k: v for k, v in counts.items() if v} == dict(expected[row[0]])
        assert int(row[-1]) == sum(expected[row[0]].values())
        # The chart's description states the same numbers in words.
        for label, n in counts.items():
            if n:
                assert f"{label} {n}" in svg.find("desc").get_text()
    total = body[-1]
    assert total[0] == "All priorities"
    assert [int(n) for n in total[1:]] == [sum(int(r[i]) for r in body[:-1]) for i in range(1, len(total))]


def test_movement_counts_better_worse_and_same(client):
    exceptions_fixture.build()
    soup = BeautifulSoup(client.get(f"/plans/{exceptions_fixture.CODE}/dashboard/").content, "html.parser")
    head, body = table_rows(soup, "movement")
    assert head == ["Priority", "↑ Better", "↓ Worse", "→ Same", "Not compared"]
    # improved: better; worsened: worse; red in both: same; the silent one and (for the public) the draft
    # one have no Q2 RAG: not compared.
    assert body[0][1:] == ["1", "1", "1", "2"]
    assert body[-1][0] == "All priorities"


def test_scorecard_has_a_sparkline_with_a_text_alternative_per_indicator(client):
    strategy = Strategy.objects.get(code="nottingham-healthy-culture-2016")
    soup = BeautifulSoup(client.get(f"/plans/{strategy.code}/dashboard/").content, "html.parser")
    _, body = table_rows(soup, "scorecard")
    assert len(body) == strategy.indicators.count() > 0
    sparklines = soup.find("table", id="table-scorecard").find_all("svg", class_="wb-sparkline")
    assert sparklines and all(s["role"] == "img" and s["aria-label"].startswith(("Trend", "One value"))
                              for s in sparklines)


@pytest.mark.parametrize("code", ["nottingham-jhws-2013", "nottingham-healthy-culture-2016"])
def test_pdf_is_one_page_and_holds_the_numbers(code):
    strategy = Strategy.objects.get(code=code)
    produced = registry.produce("dashboard", strategy, "pdf", AnonymousUser())
    reader = PdfReader(io.BytesIO(produced.content))
    assert len(reader.pages) == 1
    text = re.sub(r"\s+", "", reader.pages[0].extract_text())
    document = registry.build("dashboard", strategy, AnonymousUser())
    counts = document.table("rag-counts")
    for row in counts.rows:
        assert re.sub(r"\s+", "", row[0].text)[:30] in text
    assert "".join(c.text for c in counts.rows[-1][1:]) in text  # the totals row, in order
    for row in document.table("scorecard").rows if strategy.indicators.exists() else []:
        assert re.sub(r"\s+", "", row[0].text)[:25] in text


def test_private_records_never_reach_the_public_dashboard(client):
    fx = add_private_records()
    exceptions_fixture.build()
    known = list(fx.markers) + [exceptions_fixture.PRIVATE_COMMENT]
    for strategy in Strategy.objects.filter(published=True):
        html = client.get(f"/plans/{strategy.code}/dashboard/").content.decode()
        assert not find_markers(html, known), strategy.code
    assert client.get(f"/plans/{fx.objects['private_plan'].code}/dashboard/").status_code == 404


@pytest.mark.parametrize(("code", "pinned"), [("nottingham-jhws-2013", 9), ("nottingham-healthy-culture-2016", 15)])
def test_query_count_does_not_grow_with_the_plan(client, code, pinned):
    strategy = Strategy.objects.get(code=code)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/plans/{code}/dashboard/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    grow(strategy, 25)
    assert (before, count()) == (pinned, pinned)
