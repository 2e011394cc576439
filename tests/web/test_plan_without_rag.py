"""A strategy or departmental plan that uses no RAG scale: loaded from a file, its pages show no RAG
columns, key, filter or "Not rated" counts, and ratings given to it are refused."""

import textwrap

import pytest
from bs4 import BeautifulSoup

from wellboard.imports.datafile import DataFileError, load_files
from wellboard.plans.models import Strategy

pytestmark = pytest.mark.django_db

PLAN = """\
    format: wellboard/1
    strategies:
      - code: council-plan-no-rag
        title: Council Plan without ratings
        body: nottingham-hwb
        published: true
        year_columns: [19/20, 20/21]
        reporting_periods:
          - key: annual-2020
            label: Annual update 2020
        items:
          - kind: priority
            title: Clean and connected communities
            children:
              - kind: action
                title: Plant 5,000 trees
                children:
                  - kind: success_measure
                    title: Trees planted
                    years:
                      19/20: {due: true}
                updates:
                  - period: annual-2020
                    text: 2,140 planted so far.
"""


def load(tmp_path, text=PLAN):
    path = tmp_path / "plan.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_files([path])


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_a_plan_without_a_rag_scale_loads_and_shows_no_rag(client, tmp_path):
    load(tmp_path)
    plan = Strategy.objects.get(code="council-plan-no-rag")
    assert plan.rag_scale is None
    for url in ("/plans/council-plan-no-rag/", "/plans/council-plan-no-rag/progress-report/",
                "/plans/council-plan-no-rag/action-plan/"):
        html = page(client, url)
        text = html.get_text(" ", strip=True)
        assert "Plant 5,000 trees" in text
        assert not html.select(".wb-rag, #rag-summary, #filter-rag, #rag-key, #rag-key-wellboard, .wb-col-rag")
        assert "Not rated" not in text and "RAG" not in text, url
    item = plan.items.get(kind="action")
    html = page(client, item.get_absolute_url())
    assert "2,140 planted so far." in html.get_text() and not html.select(".wb-rag")
    data = client.get("/api/v1/plans/council-plan-no-rag/").json()
    assert data["rag_scale"] == []


@pytest.mark.parametrize("broken, expected", [
    (PLAN.replace("{due: true}", "{due: true, rag: G}"),
     "plan.yaml:21: strategies[0].items[0].children[0].children[0].years.19/20.rag: 'G': this strategy has no "
     "rag_scale"),
    (PLAN.replace("text: 2,140", "rag: GREEN\n                    text: 2,140"),
     "strategies[0].items[0].children[0].updates[0].rag: 'GREEN': this strategy has no rag_scale"),
])
def test_a_rating_in_a_plan_without_a_scale_is_refused(tmp_path, broken, expected):
    with pytest.raises(DataFileError) as info:
        load(tmp_path, broken)
    assert any(expected in line for line in info.value.errors), info.value.errors
    assert not Strategy.objects.filter(code="council-plan-no-rag").exists()
