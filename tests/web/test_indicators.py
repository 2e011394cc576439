"""Seed 000's headline metrics and area table, assessed; the scorecard, indicator page and API."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wellboard.indicators.models import Indicator, Value

pytestmark = pytest.mark.django_db

HC = "nottingham-healthy-culture-2016"
# number: [(year, target shown, actual shown, officer RAG letter, calculated status)], from the document
METRICS = {
    "1": [("16/17", "77.6%", "75.5%", "A", "amber"), ("17/18", "79.0%", "88.7%", "G", "green"),
          ("18/19", "80.0%", "92.3% Feb 19", "G", "green")],
    "2": [("16/17", "13,473", "14,232", "R", "red"), ("17/18", "6,498", "15,342", "R", "red"),
          ("18/19", "11,142", "13,156 Feb 19", "R", "red")],
    "3": [("16/17", "26%", "20.2%", "G", "green"), ("17/18", "24%", "24%", "G", "green"),
          ("18/19", "22%", "20.7%", "G", "green")],
    "4": [("17/18", "64%", "63.3%", "A", "amber"), ("18/19", "66%", "59.4%", "R", "red")],
    "5": [("16/17", "29.4", "33.6%", "R", "red"), ("17/18", "27.2", "28.5%", "R", "amber"),
          ("18/19", "25.0", "29.2%", "R", "red")],
}
# Area/CDG "Change since 2015" column of the document: Wellboard computes it from the values.
AREA_CHANGE = ["-10.6", "-10.3", "-6.6", "-8.4", "-5.0", "-1.5", "-2.4", "-7.0"]
# ...except that area 5's printed -5.0 does not follow from its own row (21.6 - 26.0 = -4.4).


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_headline_metrics_table_has_every_target_actual_and_both_rags(client):
    page = soup(client.get(f"/plans/{HC}/action-plan/"))
    table = page.select_one("#headline-metrics")
    years = [th.get_text(strip=True) for th in table.select("thead tr")[1].select("th")][1:]
    assert years == ["16/17", "17/18", "18/19", "19/20"]
    bodies = table.select("tbody")
    assert [b.th.get_text(strip=True) for b in bodies] == list(METRICS)
    for body in bodies:
        number = body.th.get_text(strip=True)
        target_cells = body.select("td[data-kind=target]")
        actual_cells = body.select("td[data-kind=actual]")
        for year, target, actual, letter, calculated in METRICS[number]:
            i = years.index(year)
            assert target_cells[i].get_text(strip=True) == target
            text = actual_cells[i].get_text(" ", strip=True)
            assert text.startswith(actual), (number, year, text)
            labels = {"R": "Red", "A": "Amber", "G": "Green"}
            assert f"Officer: {'✕!✓'['RAG'.index(letter)]} {labels[letter]}" in text
            assert f"Calculated: {'✕!✓'['rag'.index(calculated[0])]} {calculated.title()}" in text
            assert ("Disagree" in text) == (labels[letter].lower() != calculated)
    assert "TBC" in bodies[0].get_text() and "Awaiting publication of BCF guidance" in bodies[0].get_text()


def test_disagreement_is_flagged_on_the_scorecard(client):
    page = soup(client.get(f"/plans/{HC}/indicators/"))
    rows = {tr["data-indicator"]: tr for tr in page.select("#scorecard tbody tr")}
    assert len(rows) == 6
    # The latest values agree; the 17/18 disagreement shows on the indicator's own page.
    detail = soup(client.get("/indicators/hc-children-low-income/"))
    flagged = [tr for tr in detail.select("#period-table tbody tr") if "Disagrees with the calculated RAG" in tr.get_text()]
    assert [tr.th.get_text(strip=True) for tr in flagged] == ["17/18"]
    assert "28.5% against a target of 27.2%, lower is better" in flagged[0].get_text()
    delays = soup(client.get("/indicators/hc-delayed-transfers/")).get_text(" ")
    assert "13,156 against a target of 11,142, lower is better: missed by 2,014" in " ".join(delays.split())


def test_scorecard_shows_label_symbol_direction_words_and_spc(client):
    page = soup(client.get(f"/plans/{HC}/indicators/"))
    row = page.select_one("tr[data-indicator=hc-know-where-to-go]")
    text = row.get_text(" ", strip=True)
    assert "59.4%" in text and "Worsening" in text and "Red" in text
    illustrative = page.select_one("tr[data-indicator=illustrative-reablement-monthly]").get_text(" ", strip=True)
    assert "Illustrative data" in illustrative
    assert "Special cause variation: improvement" in illustrative
    assert page.select_one("tr[data-indicator=illustrative-reablement-monthly] svg.wb-sparkline")


def test_indicator_page_chart_has_text_alternative_and_special_cause_marks(client):
    page = soup(client.get("/indicators/illustrative-reablement-monthly/"))
    svg = page.select_one("figure.wb-chart svg")
    assert svg["role"] == "img" and svg.title.get_text() and svg.desc.get_text()
    assert len(svg.select(".wb-point--improvement")) > 0 and len(svg.select(".wb-point--concern")) > 0
    assert len(page.select("#period-table tbody tr")) == 24
    assert "Illustrative data: made up" in page.get_text()


def test_area_breakdown_with_change_since_2015(client):
    page = soup(client.get("/indicators/hc-struggling-with-bills/"))
    table = page.select_one("table.wb-breakdown")
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    assert heads == ["Area/CDG", "Name", "2015", "2016", "2017", "2018", "Change since 2015"]
    rows = table.select("tbody tr")
    assert len(rows) == 8
    assert rows[0].get_text(" ", strip=True).startswith("1 Bulwell, Bulwell Forest 33.2 22.1 28.1 22.6")
    computed = [r.select("td")[-1].get_text(" ", strip=True) for r in rows]
    assert computed[:4] + computed[5:] == AREA_CHANGE[:4] + AREA_CHANGE[5:]
    assert computed[4] == "-4.4 The source document states -5.0"


def test_api_indicator_list_and_detail(client):
    listing = client.get("/api/v1/indicators/?strategy=" + HC).json()
    assert [i["number"] for i in listing if not i["illustrative"]] == list(METRICS)
    ind = Indicator.objects.get(code="hc-children-low-income")
    detail = client.get(f"/api/v1/indicators/{ind.pk}/").json()
    got = [(a["period"], a["officer_rag"]["letter"], a["calculated_rag"], a["disagreement"]) for a in detail["assessments"]]
    assert got == [("16/17", "R", "red", False), ("17/18", "R", "amber", True), ("18/19", "R", "red", False)]
    assert detail["publication_lag"] == "Published on a 2 year delay"
    assert [a["direction"] for a in detail["assessments"]] == ["worsening", "improving", "worsening"]
    monthly = Indicator.objects.get(code="illustrative-reablement-monthly")
    spc = client.get(f"/api/v1/indicators/{monthly.pk}/").json()["spc"]
    assert spc["variation"] == "special_cause_improvement" and spc["lower_limit"] < spc["mean"] < spc["upper_limit"]


def test_indicators_of_unpublished_plans_are_hidden(client, staff_client):
    Indicator.objects.filter(code="hc-reablement-91-days").update(strategy=None)
    ind = Indicator.objects.get(code="hc-delayed-transfers")
    ind.strategy.published = False
    ind.strategy.save()
    assert client.get(f"/api/v1/indicators/{ind.pk}/").status_code == 404
    assert client.get(f"/indicators/{ind.code}/").status_code == 404
    assert ind.code not in client.get("/api/v1/indicators/").content.decode()
    assert staff_client.get(f"/indicators/{ind.code}/").status_code == 200


# +1 retiring decisions, +1 source notes (the scorecard shows them beside values and directions since issue 9)
@pytest.mark.parametrize("url,pinned", [(f"/plans/{HC}/indicators/", 11), (f"/plans/{HC}/action-plan/", 19)])
def test_indicator_pages_do_not_grow_queries(client, url, pinned):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    base = Indicator.objects.get(code="hc-struggling-with-bills")
    for i in range(10):
        clone = Indicator.objects.create(code=f"extra-{i}", title=f"Extra {i}", strategy=base.strategy, number=str(10 + i))
        for v in base.values.all():
            Value.objects.create(indicator=clone, kind=v.kind, period=v.period, period_start=v.period_start,
                                 period_end=v.period_end, value=v.value, officer_rag=v.officer_rag)
    assert (before, count()) == (pinned, pinned)


def test_plan_item_page_links_to_the_indicators_that_measure_it(client):
    from wellboard.plans.models import PlanItem

    item = PlanItem.objects.get(strategy__code=HC, ref="t1-reablement")
    page = soup(client.get(f"/plans/{HC}/items/{item.pk}/"))
    links = {a["href"] for a in page.select("a[href^='/indicators/']")}
    assert {"/indicators/hc-reablement-91-days/", "/indicators/hc-delayed-transfers/"} <= links
