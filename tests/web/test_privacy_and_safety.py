"""Private stays private; user text can never run script."""

import pytest
from bs4 import BeautifulSoup

from wellboard.core.models import RagScale
from wellboard.directory.models import Person
from wellboard.governance.models import Body
from wellboard.plans.models import PlanItem, ProgressUpdate, ReportingPeriod, Strategy

pytestmark = pytest.mark.django_db

XSS = '<p>Fine <b>bold</b></p><script>alert("x")</script><img src=x onerror="alert(1)"><a href="javascript:alert(2)">link</a>'


@pytest.fixture
def plans():
    body = Body.objects.get(code="nottingham-hwb")
    scale = RagScale.objects.get(code="nottingham-rag")
    public = Strategy.objects.create(code="public-plan", title="Public plan", body=body, rag_scale=scale, published=True)
    hidden = Strategy.objects.create(code="secret-plan", title="Unpublished draft plan", body=body, rag_scale=scale)
    period = ReportingPeriod.objects.create(strategy=public, key="q1", label="Q1 2019/20")
    theme = PlanItem.objects.create(strategy=public, ref="t", kind="theme", title="A theme")
    action = PlanItem.objects.create(strategy=public, ref="a", kind="action", parent=theme, title=XSS)
    ProgressUpdate.objects.create(item=action, period=period, commentary=XSS, status="approved",
                                  rag=scale.ratings.get(code="GREEN"))
    draft_item = PlanItem.objects.create(strategy=public, ref="b", kind="action", parent=theme, title="Second")
    ProgressUpdate.objects.create(item=draft_item, period=period, commentary="DRAFT-ONLY commentary",
                                  status="draft", rag=scale.ratings.get(code="RED"))
    return public, hidden, action


def anonymous_urls(code, item_pk):
    return [
        "/", f"/plans/{code}/", f"/plans/{code}/items/{item_pk}/", f"/plans/{code}/progress-report/",
        f"/plans/{code}/action-plan/", "/api/v1/plans/", f"/api/v1/plans/{code}/",
    ]


def _live_markup(html):
    """Elements that would run script: script tags with our payload, on* attributes, javascript: links."""
    soup = BeautifulSoup(html, "html.parser")
    found = [t for t in soup.find_all("script") if "alert" in t.get_text()]
    for tag in soup.find_all(True):
        found += [f"{tag.name}[{a}]" for a in tag.attrs if a.lower().startswith("on")]
        found += [tag for a in ("href", "src") if str(tag.get(a, "")).lower().startswith("javascript:")]
    return found


def test_script_and_event_handlers_never_reach_a_page_or_the_api(client, plans):
    public, _, action = plans
    for url in anonymous_urls(public.code, action.pk):
        response = client.get(url)
        if response["Content-Type"].startswith("application/json"):
            body = response.content.decode()
            assert "<script" not in body and "onerror=" not in body, url
        else:
            assert _live_markup(response.content) == [], url
    page = client.get(f"/plans/{public.code}/items/{action.pk}/").content.decode()
    assert "<b>bold</b>" in page  # allowed emphasis survives
    assert "alert(1)" not in page.split("<h1", 1)[1].split("Update history")[1]  # sanitised, not just escaped


def test_unpublished_plans_are_invisible_to_the_public(client, plans):
    _, hidden, _ = plans
    assert "Unpublished draft plan" not in client.get("/").content.decode()
    assert client.get(f"/plans/{hidden.code}/").status_code == 404
    assert client.get(f"/plans/{hidden.code}/progress-report/").status_code == 404
    assert client.get(f"/plans/{hidden.code}/progress-report.pdf").status_code == 404
    assert client.get(f"/api/v1/plans/{hidden.code}/").status_code == 404
    assert hidden.code not in client.get("/api/v1/plans/").content.decode()


def test_staff_see_unpublished_plans(staff_client, plans):
    _, hidden, _ = plans
    assert staff_client.get(f"/plans/{hidden.code}/").status_code == 200
    assert hidden.code in staff_client.get("/api/v1/plans/").content.decode()


def test_unapproved_updates_never_reach_anonymous_pages_api_or_pdf(client, staff_client, plans):
    public, _, action = plans
    draft_item = public.items.get(ref="b")
    urls = anonymous_urls(public.code, draft_item.pk) + [f"/plans/{public.code}/progress-report.pdf"]
    for url in urls:
        response = client.get(url)
        assert b"DRAFT-ONLY" not in response.content, url
    assert "DRAFT-ONLY" in staff_client.get(f"/plans/{public.code}/items/{draft_item.pk}/").content.decode()


def test_personal_contact_details_are_not_published(client):
    person = Person.objects.get(name="Uzmah Bhatti")  # the Healthy Culture coordinator, a lead in the demo
    person.email, person.phone = "private.person@example.org", "0115 999 1234"
    person.save()
    for strategy in Strategy.objects.filter(published=True):
        for url in (f"/plans/{strategy.code}/", f"/plans/{strategy.code}/action-plan/", f"/api/v1/plans/{strategy.code}/"):
            body = client.get(url).content.decode()
            assert "private.person@example.org" not in body and "0115 999 1234" not in body, url
