"""Main pages issue a fixed number of queries however large the plan grows (pinned)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wellboard.directory.models import Organisation, Person
from wellboard.plans.models import ItemLead, MeasureYear, PlanItem, ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db

CODE = "nottingham-jhws-2013"
PAGES = {
    # +1 each since the decisions that retired items are prefetched (their text is shown per user);
    # +1 on each HTML page for the reconstructed/inferred notes (one query per page).
    "plan": (f"/plans/{CODE}/", 9),
    "plan filtered": (f"/plans/{CODE}/?rag=GREEN", 9),
    "progress report": (f"/plans/{CODE}/progress-report/", 9),
    "action plan": (f"/plans/{CODE}/action-plan/", 11),
    "api plan": (f"/api/v1/plans/{CODE}/", 9),  # +1: reconstructed/inferred notes
}


def grow(strategy, n):
    """Add n actions, each with a milestone, a measure, leads and an approved update."""
    period = strategy.reporting_periods.first()
    rating = strategy.rag_scale.ratings.get(code="AMBER")
    org = Organisation.objects.first()
    root = strategy.items.filter(parent=None).first()
    for i in range(n):
        person = Person.objects.create(name=f"Grown Lead {strategy.pk}-{i}")
        action = PlanItem.objects.create(strategy=strategy, parent=root, ref=f"grow-{i}", kind="action",
                                         title=f"Grown action {i}", position=1000 + i)
        milestone = PlanItem.objects.create(strategy=strategy, parent=action, ref=f"grow-{i}-m", kind="milestone",
                                            title="Milestone")
        measure = PlanItem.objects.create(strategy=strategy, parent=milestone, ref=f"grow-{i}-s",
                                          kind="success_measure", title="Measure")
        MeasureYear.objects.create(item=measure, year="16/17", rag=rating)
        ItemLead.objects.create(item=action, person=person, organisation=org)
        ProgressUpdate.objects.create(item=action, period=period, rag=rating, commentary="grown", status="approved")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_query_count_is_pinned_and_does_not_grow(client, name):
    url, pinned = PAGES[name]
    strategy = Strategy.objects.get(code=CODE)
    before = count_queries(client, url)
    grow(strategy, 25)
    after = count_queries(client, url)
    assert (before, after) == (pinned, pinned)
