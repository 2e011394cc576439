"""RAG shown as the board wrote it (issue 9): the board's own key, one "Not rated", summaries from the
ratings a plan really has, each plan's own report title, one reason rule for officer overrides."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from wellboard.core.models import RagRating
from wellboard.indicators.forms import OfficerRagForm
from wellboard.indicators.models import Value
from wellboard.indicators.series import build_series
from wellboard.indicators.workflows import set_officer_rag
from wellboard.plans.forms_edit import MeasureYearsForm
from wellboard.plans.models import Strategy
from wellboard.plans.tree import load_tree
from wellboard.reporting.forms import UpdateForm

pytestmark = pytest.mark.django_db

HC, JHWS = "nottingham-healthy-culture-2016", "nottingham-jhws-2013"
BOARD_CRITERIA = [  # seed 001's criteria box, verbatim: RED, AMBER and GREEN only
    "Significant slippage or risk re timescale, costs or benefits OR where slippage /risk is unlikely to be recoverable",
    "Some slippage re time, costs or benefits but fully recoverable",
    "Fully on track in relation to time, costs or benefits",
]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("url", [f"/plans/{JHWS}/progress-report/", f"/plans/{HC}/action-plan/",
                                 f"/plans/{HC}/progress-report/"])
def test_the_boards_key_holds_only_the_boards_criteria(client, url):
    html = page(client, url)
    key = html.select_one("#rag-key")
    assert "The board's RAG criteria" in key.caption.get_text()
    labels = [row.select_one(".wb-rag").get_text(" ", strip=True) for row in key.select("tbody tr")]
    assert labels == ["✕ Red", "! Amber", "✓ Green"]
    assert [row.select("td")[1].get_text(strip=True) for row in key.select("tbody tr")] == BOARD_CRITERIA
    extra = html.select_one("#rag-key-wellboard").get_text(" ", strip=True)
    assert extra.startswith("Also used by Wellboard")
    assert "Complete – Delivered; no further reporting needed" in extra
    assert "Not rated – no rating given" in extra


def test_a_wellboard_rating_is_marked_as_wellboards():
    scale = Strategy.objects.get(code=JHWS).rag_scale
    sources = {r.code: r.source for r in scale.ratings.all()}
    assert sources == {"RED": "board", "AMBER": "board", "GREEN": "board", "COMPLETE": "wellboard"}


def test_healthy_culture_counts_come_from_its_success_measures(client):
    html = page(client, f"/plans/{HC}/")
    summary = html.select_one("#rag-summary").get_text(" ", strip=True)
    # 24 actions: none has an officer RAG, so each counts at the worst latest-year RAG of its measures.
    assert summary == "! Amber 7 ✓ Green 15 – Not rated 2"
    rows = html.select("#plan-tree tr[data-kind='action']")
    assert len(rows) == 24
    assert sum("from success measures" in r.get_text() for r in rows) == 22


def test_roll_up_is_the_worst_latest_year_rating():
    strategy = Strategy.objects.get(code=HC)
    tree = load_tree(strategy, None)
    action = tree.roots[0].children[0]  # measures: 16/17 G; 17/18 A; 18/19 ticked, not yet rated
    assert action.item.kind == "action"
    assert action.rag.code == "AMBER" and action.rag_from_measures
    assert (action.measures_rated, action.measures_total) == (2, 3)
    # A measure rated R in 16/17 and later G is green now: earlier years are history.
    for node in tree.walk():
        years = sorted(node.item.years.all(), key=lambda y: strategy.year_columns.index(y.year))
        rated = [y for y in years if y.rag_id]
        if node.item.kind == "success_measure" and rated:
            assert node.measure_rag == rated[-1].rag


def test_healthy_culture_progress_report_agrees_with_its_action_plan(client):
    html = page(client, f"/plans/{HC}/progress-report/")
    rags = [c.get_text(" ", strip=True) for c in html.select("td.wb-col-rag")]
    assert rags and not all(r.endswith("Not rated") for r in rags)
    summaries = " ".join(s.get_text(" ", strip=True) for s in html.select(".wb-section-summary"))
    assert "Green" in summaries and "Amber" in summaries


def test_each_plan_has_its_own_report_title(client):
    assert page(client, f"/plans/{JHWS}/progress-report/").select_one(".wb-doc-subtitle").get_text(
        strip=True) == "Appendix 1 Progress tables"
    hc = page(client, f"/plans/{HC}/progress-report/")
    assert hc.select_one(".wb-doc-subtitle").get_text(strip=True) == "Progress report"
    assert "Appendix 1" not in hc.get_text()


@pytest.mark.parametrize("code", [HC, JHWS])
def test_not_rated_is_offered_once_and_each_filter_count_matches(client, code):
    html = page(client, f"/plans/{code}/")
    options = [(o["value"], o.get_text(strip=True)) for o in html.select("#filter-rag option")]
    labels = [label for _, label in options]
    assert labels.count("Not rated") == 1 and len(set(labels)) == len(labels)
    counts = {}
    for li in html.select("#rag-summary li"):
        *label, n = li.get_text(" ", strip=True).split()
        counts[" ".join(label[1:])] = int(n)
    for value, label in options[1:]:
        rows = page(client, f"/plans/{code}/?rag={value}").select(
            "#plan-tree tr[data-kind='action']:not(.wb-retired), #plan-tree tr[data-kind='outcome']:not(.wb-retired)")
        assert len(rows) == counts.get(label, 0), label


def test_every_rating_menu_has_one_not_rated():
    scale = Strategy.objects.get(code=HC).rag_scale
    menus = [
        [label for _, label in OfficerRagForm(scale=scale).fields["rating"].choices],
        [label for _, label in UpdateForm(scale=scale).fields["rag"].choices],
        [label for _, label in MeasureYearsForm(columns=["16/17"], scale=scale).fields["rag_0"].choices],
    ]
    for labels in menus:
        labels = [str(x) for x in labels]
        assert labels.count("Not rated") == 1 and len(set(labels)) == len(labels), labels
        assert "No officer rating" not in labels and "No rating" not in labels


def _actual(calculated):
    for value in Value.objects.filter(kind="actual", indicator__strategy__code=HC).select_related("indicator"):
        point = next((p for p in build_series(value.indicator).points if p.actual.pk == value.pk), None)
        if point and point.rag and point.rag.status == calculated:
            return value
    raise AssertionError(f"no actual calculated {calculated}")


def test_complete_against_a_calculated_red_needs_a_reason_as_green_does():
    value = _actual("red")
    scale = Strategy.objects.get(code=HC).rag_scale
    for code in ("COMPLETE", "GREEN", "AMBER"):
        with pytest.raises(ValidationError) as info:
            set_officer_rag(value, scale.ratings.get(code=code), "")
        assert "reason" in info.value.message_dict
    set_officer_rag(value, scale.ratings.get(code="COMPLETE"), "Scheme finished; survey lags a year")
    value.refresh_from_db()
    assert value.officer_rag.code == "COMPLETE"


def test_complete_against_a_calculated_green_agrees():
    value = _actual("green")
    complete = Strategy.objects.get(code=HC).rag_scale.ratings.get(code="COMPLETE")
    set_officer_rag(value, complete, "")
    value.refresh_from_db()
    assert value.officer_rag == complete


def test_the_reason_rule():
    def rating(code, counts_as=""):
        return RagRating(code=code, label=code.title(), counts_as=counts_as)

    assert not rating("GREEN").disagrees_with(None)  # nothing calculated: nothing to disagree with
    assert not rating("GREEN").disagrees_with("green")
    assert rating("GREEN").disagrees_with("red") and rating("RED").disagrees_with("green")
    assert not rating("COMPLETE", "green").disagrees_with("green")
    assert rating("COMPLETE", "green").disagrees_with("amber")
    assert rating("NOT_STARTED").disagrees_with("red")  # stands for no calculated RAG: always explain
