"""Measure tables, yes/no values, like-with-like direction and chart text on the scorecard, indicator page and API."""

import re
import textwrap

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wellboard.imports.datafile import load_files
from wellboard.indicators.models import Indicator

pytestmark = pytest.mark.django_db

HC = "nottingham-healthy-culture-2016"
SCORECARD = f"/plans/{HC}/indicators/"
# The example of docs/data-format.md, "Measure tables", put on the seed plan's scorecard.
TABLE = f"""\
    format: wellboard/1
    indicators:
      - code: smoking-at-delivery
        strategy: {HC}
        title: Smoking status at time of delivery
        unit: percentage
        good_is: Low
        latest: {{value: 12.1, display: 12.1%}}
        target: {{value: 11, display: 11%}}
        previous: {{value: 13.0, display: 13.0%}}
        comparators:
          - {{name: National, value: 10.6, display: 10.6%}}
      - code: carers-strategy-refreshed
        strategy: {HC}
        title: Carers' strategy refreshed and signed off
        unit: yes_no
        good_is: "Yes"
        latest: {{text: Achieved}}
        previous: {{text: "No"}}
      - code: nhs-health-checks-offered
        strategy: {HC}
        title: NHS Health Checks offered (measure paused)
        unit: percentage
        good_is: n/a
        latest: {{text: n/a}}
"""


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "table.yaml"
    path.write_text(textwrap.dedent(TABLE), encoding="utf-8")
    load_files([path])


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def row_text(page, code):
    return " ".join(page.select_one(f"tr[data-indicator={code}]").get_text(" ", strip=True).split())


def test_delayed_transfers_year_to_date_is_not_called_improving(client):
    # Seed 000: "13,156 Feb 19" (April–February 2018/19) against 15,342 for the whole of 2017/18.
    text = row_text(soup(client.get(SCORECARD)), "hc-delayed-transfers")
    assert "Improving" not in text and "↓" not in text
    assert "Not comparable Not comparable: year to date Feb 19 against full year 2017/18" in text
    page = soup(client.get("/indicators/hc-delayed-transfers/"))
    rows = {tr.th.get_text(" ", strip=True): " ".join(tr.get_text(" ", strip=True).split())
            for tr in page.select("#period-table tbody tr")}
    assert "Not comparable: year to date Feb 19 against full year 2017/18" in rows["18/19 (to Feb 19)"]
    assert "Worsening 17/18 compared with 16/17" in rows["17/18"]
    ind = Indicator.objects.get(code="hc-delayed-transfers")
    latest = client.get(f"/api/v1/indicators/{ind.pk}/").json()["assessments"][-1]
    assert (latest["direction"], latest["direction_explanation"]) == (
        "not-comparable", "Not comparable: year to date Feb 19 against full year 2017/18")


def test_a_year_to_date_with_the_same_months_a_year_earlier_is_compared_with_them(client, tmp_path):
    path = tmp_path / "ytd.yaml"
    path.write_text(textwrap.dedent(f"""\
        format: wellboard/1
        indicators:
          - code: ytd-pair
            strategy: {HC}
            title: Delayed days, year to date
            polarity: low
            actuals:
              - {{period: YTD Feb 18, value: 14100}}
              - {{period: 17/18, value: 15342}}
              - {{period: 18/19, value: 13156, as_of: Feb 19}}
    """), encoding="utf-8")
    load_files([path])
    text = row_text(soup(client.get(SCORECARD)), "ytd-pair")
    assert "Improving Apr–Feb 2018/19 compared with Apr–Feb 2017/18" in text


def test_measure_table_values_good_is_and_national_on_the_scorecard(client, table):
    page = soup(client.get(SCORECARD))
    smoking = row_text(page, "smoking-at-delivery")
    assert "12.1% Latest (period not stated)" in smoking and "National: 10.6%" in smoking
    assert "11% Good is Low" in smoking
    assert "✕ Red 12.1% against a target of 11.0%, lower is better: missed by 1.1%" in smoking
    assert "Improving Latest compared with Previous" in smoking
    carers = row_text(page, "carers-strategy-refreshed")
    assert "Achieved Latest (period not stated)" in carers and "No data" not in carers
    assert "✓ Met “Achieved” against Good is Yes: met" in carers
    assert not re.search(r"\b(Red|Amber|Green)\b", carers)
    paused = row_text(page, "nhs-health-checks-offered")
    assert "n/a Latest (period not stated)" in paused and "Not assessed" in paused
    assert "Good is n/a, so not assessed" in paused and "No data" not in paused


def test_measure_table_on_the_indicator_page_and_api(client, table):
    page = soup(client.get("/indicators/carers-strategy-refreshed/"))
    rows = [" ".join(tr.get_text(" ", strip=True).split()) for tr in page.select("#period-table tbody tr")]
    assert rows[0].startswith("Previous (period not stated) No") and "Not met" in rows[0]
    assert rows[1].startswith("Latest (period not stated) Achieved") and "Met" in rows[1]
    assert "Good is Yes" in " ".join(page.get_text(" ", strip=True).split())
    smoking = soup(client.get("/indicators/smoking-at-delivery/")).get_text(" ", strip=True)
    assert "National: 10.6%" in smoking
    ind = Indicator.objects.get(code="carers-strategy-refreshed")
    detail = client.get(f"/api/v1/indicators/{ind.pk}/").json()
    assert detail["good_is"] == "Yes" and detail["polarity"] == "none"
    assert [(a["period"], a["text"], a["calculated_rag"]) for a in detail["assessments"]] == [
        ("Previous", "No", "not-met"), ("Latest", "Achieved", "met")]
    national = next(v for v in client.get(f"/api/v1/indicators/{Indicator.objects.get(code='smoking-at-delivery').pk}/")
                    .json()["values"] if v["kind"] == "comparator")
    assert (national["comparator"], national["period"], national["period_start"], national["value"]) == (
        "National", "", None, 10.6)


def test_scorecard_queries_stay_the_same_with_measure_tables(client, tmp_path):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(SCORECARD).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    path = tmp_path / "table.yaml"
    path.write_text(textwrap.dedent(TABLE), encoding="utf-8")
    load_files([path])
    assert count() == before


REPR = re.compile(r"ChartPoint\(|object at 0x|<[A-Za-z_.]+ object|\bNone\b")


def test_sparklines_have_a_sentence_for_a_name(client):
    page = soup(client.get(SCORECARD))
    labels = {svg.find_parent("tr")["data-indicator"]: svg["aria-label"] for svg in page.select("svg.wb-sparkline")}
    assert labels["hc-reablement-91-days"] == "Trend from 74.7% in 15/16 to 92.3% in 18/19, 4 values"
    assert labels["hc-delayed-transfers"] == "Trend from 13,546 in 15/16 to 13,156 in 18/19, 4 values"


@pytest.mark.usefixtures("table")
def test_no_accessible_name_alt_or_chart_text_is_a_python_repr(client):
    urls = [SCORECARD, f"/plans/{HC}/action-plan/"] + [
        ind.get_absolute_url() for ind in Indicator.objects.filter(strategy__code=HC)]
    for url in urls:
        page = soup(client.get(url))
        names = [el.get(attr) for attr in ("aria-label", "alt", "title") for el in page.select(f"[{attr}]")]
        names += [el.get_text() for el in page.select("svg title, svg desc")]
        bad = [name for name in names if REPR.search(name)]
        assert not bad, (url, bad)
        assert "ChartPoint(" not in page.decode() and "object at 0x" not in page.decode()
