"""The coordinator's pages for plans, their trees and indicators: each step through its function and
its page, refusals (error summary with links, input kept, nothing changed) and refusals per role."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import client_for, make_user
from wellboard.core.concurrency import StaleEdit
from wellboard.core.models import RagScale, Role
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.indicators import workflows_edit as ind_steps
from wellboard.indicators.models import Indicator, Value
from wellboard.meetings.models import Meeting, MinuteItem, Resolution
from wellboard.outputs.views_decisions import retire_with_decision
from wellboard.plans import workflows as steps
from wellboard.plans.models import ItemLead, PlanItem, Strategy

pytestmark = pytest.mark.django_db

PLAN = "nottingham-healthy-culture-2016"


@pytest.fixture
def nottingham():
    return Body.objects.get(code="nottingham-hwb")


@pytest.fixture
def coordinator(nottingham):
    return make_user("t-coord", Role.COORDINATOR, nottingham)


@pytest.fixture
def plan():
    return Strategy.objects.get(code=PLAN)


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _summary_links(response):
    summary = _soup(response).select_one(".govuk-error-summary")
    assert summary is not None, response.content[:2000]
    return {a["href"]: a.get_text(" ", strip=True) for a in summary.select("a")}


def _banner(response):
    return " ".join(b.get_text(" ", strip=True) for b in _soup(response).select(".govuk-notification-banner--success"))


def _fresh_plan(coordinator, body, **extra):
    fields = {"title": "Test plan", "kind": "action_plan", "start": "2020/21", "end": "2022/23",
              "rag_scale": RagScale.objects.get(code="nottingham-rag"), "statement_label": "", "statement": "",
              "year_columns": "20/21, 21/22", "published": True}
    fields.update(extra)
    return steps.create_plan(coordinator, code=fields.pop("code", "test-plan"), body=body, **fields)


def _item(strategy, parent, kind, title, by):
    return steps.add_item(strategy, parent, by, kind=kind, title=title, number="", description="",
                          outcome_type="", lead_text="")


# --- 1. plans ------------------------------------------------------------------------------------

def test_create_and_edit_a_plan_through_the_function(coordinator, nottingham):
    strategy = _fresh_plan(coordinator, nottingham)
    assert strategy.year_columns == ["20/21", "21/22"] and strategy.body == nottingham
    steps.edit_plan(strategy, coordinator, title="Renamed", kind="strategy", start="2020/21", end="2023/24",
                    rag_scale=strategy.rag_scale, statement_label="Vision", statement="Better",
                    year_columns=["20/21"], published=False)
    strategy.refresh_from_db()
    assert (strategy.title, strategy.kind, strategy.year_columns, strategy.published) == \
        ("Renamed", "strategy", ["20/21"], False)
    assert LogEntry.objects.get_for_object(strategy).count() >= 2  # created and changed, both audited


def test_create_refusals_change_nothing(coordinator, nottingham):
    before = Strategy.objects.count()
    with pytest.raises(ValidationError) as exc:
        _fresh_plan(coordinator, nottingham, code=PLAN)
    assert "already exists" in str(exc.value.message_dict["code"])
    with pytest.raises(ValidationError):
        _fresh_plan(coordinator, nottingham, code="new")
    with pytest.raises(PermissionDenied):  # a body they do not coordinate
        _fresh_plan(coordinator, Body.objects.get(code="norfolk-hwb"), code="elsewhere")
    assert Strategy.objects.count() == before


def test_create_plan_page_keeps_input_and_links_errors(coordinator, nottingham):
    c = client_for(coordinator)
    page = c.get("/plans/new/")
    assert page.status_code == 200
    # Only bodies the user coordinates are offered.
    assert [o["value"] for o in _soup(page).select("#id_body option") if o["value"]] == [str(nottingham.pk)]
    scale = RagScale.objects.get(code="nottingham-rag")
    data = {"code": PLAN, "title": "My typed title", "kind": "strategy", "body": nottingham.pk,
            "rag_scale": scale.pk, "year_columns": "20/21"}
    before = Strategy.objects.count()
    refused = c.post("/plans/new/", data)
    assert refused.status_code == 200 and Strategy.objects.count() == before
    assert "#id_code" in _summary_links(refused)
    assert _soup(refused).select_one("#id_title")["value"] == "My typed title"
    assert _soup(refused).select_one("#code-error") is not None
    data["code"] = "my-new-plan"
    done = c.post("/plans/new/", data, follow=True)
    assert done.redirect_chain[-1][0] == "/plans/my-new-plan/"
    assert "Plan created" in _banner(done)


def test_edit_plan_page(coordinator, plan):
    c = client_for(coordinator)
    page = c.get(f"/plans/{PLAN}/edit/")
    assert _soup(page).select_one("#id_year_columns")["value"] == "16/17, 17/18, 18/19, 19/20"
    data = {"title": "", "kind": plan.kind, "rag_scale": plan.rag_scale_id, "start": "2016/17",
            "statement": "Kept statement"}
    refused = c.post(f"/plans/{PLAN}/edit/", data)
    assert "#id_title" in _summary_links(refused)
    assert "Kept statement" in _soup(refused).select_one("#id_statement").get_text()
    data.update(title="Healthy Culture renamed", year_columns=plan.year_columns and ", ".join(plan.year_columns),
                published="on")
    done = c.post(f"/plans/{PLAN}/edit/", data, follow=True)
    assert "Plan details saved" in _banner(done)
    assert Strategy.objects.get(code=PLAN).title == "Healthy Culture renamed"


# --- 2. the tree ---------------------------------------------------------------------------------

def test_add_edit_move_and_reorder_keep_the_tree_consistent(coordinator, nottingham):
    s = _fresh_plan(coordinator, nottingham)
    a, b = _item(s, None, "theme", "Theme A", coordinator), _item(s, None, "theme", "Theme B", coordinator)
    a1 = _item(s, a, "outcome", "Outcome A1", coordinator)
    x, y = _item(s, a1, "action", "Action X", coordinator), _item(s, a1, "action", "Action Y", coordinator)
    m = _item(s, x, "success_measure", "Measure under X", coordinator)
    with pytest.raises(ValidationError):  # kinds constrained by ALLOWED_CHILDREN
        _item(s, m, "action", "No", coordinator)
    with pytest.raises(ValidationError):  # no cycles
        steps.move_item(a, a1, coordinator)
    with pytest.raises(ValidationError):  # an outcome cannot sit at the top
        steps.move_item(a1, None, coordinator)

    steps.move_item(a1, b, coordinator)  # the whole subtree follows, in its order
    order = list(s.items.order_by("sort_key").values_list("title", "depth"))
    assert order == [("Theme A", 0), ("Theme B", 0), ("Outcome A1", 1), ("Action X", 2),
                     ("Measure under X", 3), ("Action Y", 2)]
    steps.shift_item(y, "up", coordinator)
    assert list(s.items.order_by("sort_key").values_list("title", flat=True))[3:] == \
        ["Action Y", "Action X", "Measure under X"]
    with pytest.raises(ValidationError):
        steps.shift_item(y, "up", coordinator)  # already first
    steps.edit_item(x, coordinator, title="Action X renamed", number="1.2", description="d",
                    outcome_type="", lead_text="Public Health")
    for item in s.items.all():  # every key agrees with its parent's
        parent = item.parent
        assert item.sort_key == (f"{parent.sort_key}." if parent else "") + f"{item.position:05d}"
        assert item.depth == (parent.depth + 1 if parent else 0)


def test_tree_pages_and_the_api_show_the_edit(coordinator, nottingham, client):
    s = _fresh_plan(coordinator, nottingham)
    c = client_for(coordinator)
    added = c.post(f"/plans/{s.code}/items/new/", {"kind": "theme", "title": "First theme"}, follow=True)
    theme = PlanItem.objects.get(strategy=s, title="First theme")
    assert added.redirect_chain[-1][0] == theme.get_absolute_url() and "added" in _banner(added)
    # A kind not allowed under a theme is not even offered; posting it is refused with the input kept.
    refused = c.post(f"/plans/{s.code}/items/{theme.pk}/add/", {"kind": "milestone", "title": "Typed"})
    assert "#id_kind" in _summary_links(refused) and "Typed" in refused.content.decode()
    c.post(f"/plans/{s.code}/items/{theme.pk}/add/", {"kind": "outcome", "title": "Outcome one", "number": "1"})
    c.post(f"/plans/{s.code}/items/{theme.pk}/add/", {"kind": "outcome", "title": "Outcome two", "number": "2"})
    two = PlanItem.objects.get(strategy=s, title="Outcome two")
    done = c.post(f"/plans/{s.code}/items/{two.pk}/reorder/", {"direction": "up"}, follow=True)
    assert "moved up" in _banner(done)
    edited = c.post(f"/plans/{s.code}/items/{two.pk}/edit/", {"title": "Outcome two edited", "number": "2"},
                    follow=True)
    assert "saved" in _banner(edited)
    page = client.get(f"/plans/{s.code}/").content.decode()
    assert page.index("Outcome two edited") < page.index("Outcome one")
    api = client.get(f"/api/v1/plans/{s.code}/").json()
    assert [i["title"] for i in api["items"][0]["children"]] == ["Outcome two edited", "Outcome one"]


def test_move_page_refuses_a_cycle_and_keeps_the_choice(coordinator, nottingham):
    s = _fresh_plan(coordinator, nottingham)
    a = _item(s, None, "theme", "A", coordinator)
    a1 = _item(s, a, "theme", "A1", coordinator)
    c = client_for(coordinator)
    refused = c.post(f"/plans/{s.code}/items/{a.pk}/move/", {"parent": a1.pk})
    assert "#id_parent" in _summary_links(refused)
    assert _soup(refused).select_one(f"#id_parent option[value='{a1.pk}']").has_attr("selected")
    assert PlanItem.objects.get(pk=a.pk).parent_id is None
    done = c.post(f"/plans/{s.code}/items/{a1.pk}/move/", {"parent": "top"}, follow=True)
    assert "moved" in _banner(done) and PlanItem.objects.get(pk=a1.pk).depth == 0


def test_leads_add_and_remove(coordinator, plan):
    item = plan.items.filter(kind="action").first()
    person, org = Person.objects.order_by("pk").first(), Organisation.objects.order_by("pk").first()
    c = client_for(coordinator)
    empty = c.post(f"/plans/{PLAN}/items/{item.pk}/leads/", {})
    assert "#id_person" in _summary_links(empty)
    before = item.leads.count()
    done = c.post(f"/plans/{PLAN}/items/{item.pk}/leads/", {"person": person.pk, "organisation": org.pk}, follow=True)
    assert "Lead added" in _banner(done) and item.leads.count() == before + 1
    lead = ItemLead.objects.get(item=item, person=person, organisation=org)
    with pytest.raises(ValidationError):
        steps.add_lead(item, coordinator, person=person, organisation=org)
    removed = c.post(f"/plans/{PLAN}/items/{item.pk}/leads/", {"remove": lead.pk}, follow=True)
    assert "Lead removed" in _banner(removed) and item.leads.count() == before


def test_measure_years_ticks_and_rag(coordinator, plan):
    measure = plan.items.filter(kind="success_measure").first()
    green = plan.rag_scale.ratings.get(code="GREEN")
    c = client_for(coordinator)
    page = c.get(f"/plans/{PLAN}/items/{measure.pk}/years/")
    assert len(_soup(page).select("input[type=checkbox]")) == len(plan.year_columns)
    other_scale = RagScale.objects.create(code="t-other", name="Another scale")
    other_scale_rating = other_scale.ratings.create(code="X", label="X", colour="#000000", symbol="x")
    refused = c.post(f"/plans/{PLAN}/items/{measure.pk}/years/", {"due_0": "on", "rag_0": other_scale_rating.pk})
    assert "#id_rag_0" in _summary_links(refused)
    done = c.post(f"/plans/{PLAN}/items/{measure.pk}/years/", {"due_0": "on", "rag_0": green.pk, "due_2": "on"},
                  follow=True)
    assert "saved" in _banner(done)
    years = {y.year: (y.due, y.rag_id) for y in measure.years.all()}
    assert years == {"16/17": (True, green.pk), "18/19": (True, None)}
    theme = plan.items.filter(kind="theme").first()
    with pytest.raises(ValidationError):
        steps.set_measure_years(theme, coordinator, {"16/17": (True, None)})
    # A year column that carries ticks cannot be dropped from the plan.
    with pytest.raises(ValidationError) as exc:
        steps.edit_plan(plan, coordinator, title=plan.title, kind=plan.kind, rag_scale=plan.rag_scale,
                        year_columns=["17/18", "19/20"], published=True)
    assert "16/17, 18/19" in exc.value.message_dict["year_columns"][0]
    assert Strategy.objects.get(pk=plan.pk).year_columns == plan.year_columns


def test_reorder_refusal_is_shown_and_changes_nothing(coordinator, nottingham):
    s = _fresh_plan(coordinator, nottingham)
    only = _item(s, None, "theme", "Only theme", coordinator)
    c = client_for(coordinator)
    refused = c.post(f"/plans/{s.code}/items/{only.pk}/reorder/", {"direction": "up"}, follow=True)
    assert "already first" in _soup(refused).select_one(".govuk-error-summary").get_text()
    assert PlanItem.objects.get(pk=only.pk).sort_key == only.sort_key


# --- 3. retiring by decision -------------------------------------------------------------------

def _resolution(body, text="The board agreed to stop reporting this action."):
    meeting = Meeting.objects.create(body=body, code=f"t-{body.code}-2019-03-01", date=dt.date(2019, 3, 1))
    minute = MinuteItem.objects.create(meeting=meeting, title="Plan review")
    return Resolution.objects.create(meeting=meeting, item=minute, text=text)


def test_retire_an_item_by_linking_a_decision(coordinator, plan, nottingham):
    item = plan.items.filter(kind="action", retired=False).first()
    resolution = _resolution(nottingham)
    c = client_for(coordinator)
    page = c.get(f"/plans/{PLAN}/items/{item.pk}/retire/")
    assert "cannot be undone" in page.content.decode()
    assert _soup(page).select_one(f"#id_resolution option[value='{resolution.pk}']") is not None
    refused = c.post(f"/plans/{PLAN}/items/{item.pk}/retire/", {})
    assert "#id_resolution" in _summary_links(refused) and not PlanItem.objects.get(pk=item.pk).retired
    done = c.post(f"/plans/{PLAN}/items/{item.pk}/retire/", {"resolution": resolution.pk}, follow=True)
    assert "retired" in _banner(done)
    assert PlanItem.objects.get(pk=item.pk).retired and Resolution.objects.get(pk=resolution.pk).retires_item_id == item.pk
    other = _resolution(Body.objects.get(code="norfolk-hwb"))
    with pytest.raises(ValidationError):  # a decision of another body
        retire_with_decision(plan.items.filter(kind="action", retired=False).first(), other, coordinator)


# --- 4. indicators -----------------------------------------------------------------------------

def _indicator_data(**extra):
    data = {"code": "test-ind", "title": "Adults active", "definition": "Share of adults", "source": "Survey",
            "unit": "percentage", "polarity": "high", "frequency": "annual", "tolerance": "5%"}
    data.update(extra)
    return data


def test_define_and_edit_an_indicator(coordinator, plan):
    item = plan.items.filter(kind="action").first()
    c = client_for(coordinator)
    refused = c.post(f"/plans/{PLAN}/indicators/new/", _indicator_data(tolerance="lots", items=[item.pk]))
    assert "#id_tolerance" in _summary_links(refused) and not Indicator.objects.filter(code="test-ind").exists()
    assert _soup(refused).select_one(f"#id_items option[value='{item.pk}']").has_attr("selected")
    done = c.post(f"/plans/{PLAN}/indicators/new/", _indicator_data(items=[item.pk]), follow=True)
    ind = Indicator.objects.get(code="test-ind")
    assert done.redirect_chain[-1][0] == ind.get_absolute_url() and "Indicator defined" in _banner(done)
    assert list(ind.items.all()) == [item] and ind.strategy == plan and ind.body == plan.body
    data = _indicator_data(title="Adults active (edited)", polarity="low")
    del data["code"]
    edited = c.post(f"/indicators/{ind.code}/edit/", data, follow=True)
    ind.refresh_from_db()
    assert "saved" in _banner(edited) and ind.polarity == "low" and not ind.items.exists()


def test_values_added_and_corrected_with_stale_refusal(coordinator, plan):
    ind = ind_steps.create_indicator(plan, coordinator, code="test-vals", items=[], **{
        k: v for k, v in _indicator_data().items() if k != "code"}, lead_person=None, lead_organisation=None,
        number="")
    c = client_for(coordinator)
    bad = c.post(f"/indicators/{ind.code}/values/new/", {"kind": "actual", "period": "2016-17", "value": "40",
                                                         "status": "final"})
    assert "#id_period" in _summary_links(bad) and not ind.values.exists()
    assert _soup(bad).select_one("#id_value")["value"] == "40"
    done = c.post(f"/indicators/{ind.code}/values/new/", {"kind": "target", "period": "16/17", "value": "45",
                                                           "status": "final"}, follow=True)
    assert "Target for 2016/17 added" in _banner(done)
    c.post(f"/indicators/{ind.code}/values/new/", {"kind": "actual", "period": "2016/17", "value": "41.5",
                                                    "status": "provisional"})
    dup = c.post(f"/indicators/{ind.code}/values/new/", {"kind": "actual", "period": "FY 16/17", "value": "1",
                                                          "status": "final"})
    assert "already has" in " ".join(_summary_links(dup).values())
    actual = ind.values.get(kind="actual")
    assert actual.status == "provisional" and actual.period_start == dt.date(2016, 4, 1)
    drawn = actual.version
    corrected = c.post(f"/indicators/{ind.code}/values/{actual.pk}/edit/", {
        "kind": "actual", "period": "2016/17", "value": "42", "status": "final", "version": drawn}, follow=True)
    assert "corrected" in _banner(corrected)
    # A second form drawn before that correction is refused, keeping what was typed.
    stale = c.post(f"/indicators/{ind.code}/values/{actual.pk}/edit/", {
        "kind": "actual", "period": "2016/17", "value": "99", "status": "final", "version": drawn})
    assert stale.status_code == 200 and "Someone else changed this" in stale.content.decode()
    assert _soup(stale).select_one("#id_value")["value"] == "99"
    assert Value.objects.get(pk=actual.pk).value == 42
    with pytest.raises(StaleEdit):
        ind_steps.correct_value(actual, coordinator, ind_steps.ValueInput("actual", "2016/17", "1"), drawn)
    assert LogEntry.objects.get_for_object(Value.objects.get(pk=actual.pk)).count() >= 2


# --- permissions ---------------------------------------------------------------------------------

def _edit_urls(plan):
    item = plan.items.filter(kind="success_measure").first()
    ind = Indicator.objects.filter(strategy=plan).first()
    value = ind.values.first() if ind else None
    urls = [f"/plans/{plan.code}/edit/", f"/plans/{plan.code}/items/new/", f"/plans/{plan.code}/items/{item.pk}/add/",
            f"/plans/{plan.code}/items/{item.pk}/edit/", f"/plans/{plan.code}/items/{item.pk}/move/",
            f"/plans/{plan.code}/items/{item.pk}/leads/", f"/plans/{plan.code}/items/{item.pk}/years/",
            f"/plans/{plan.code}/items/{item.pk}/retire/", f"/plans/{plan.code}/indicators/new/"]
    if ind:
        urls += [f"/indicators/{ind.code}/edit/", f"/indicators/{ind.code}/values/new/"]
    if value:
        urls.append(f"/indicators/{ind.code}/values/{value.pk}/edit/")
    return urls, item


def test_permission_refusals_per_role(coordinator, plan, nottingham):
    urls, item = _edit_urls(plan)
    norfolk = Body.objects.get(code="norfolk-hwb")
    lead_person = Person.objects.create(name="Test Lead Officer")
    ItemLead.objects.create(item=item, person=lead_person)
    users = {
        "no_role": make_user("t-none"),
        "lead": make_user("t-lead", person=lead_person),
        "board_member": make_user("t-member", Role.BOARD_MEMBER, nottingham),
        "other_coordinator": make_user("t-other-coord", Role.COORDINATOR, norfolk),
    }
    before = (Strategy.objects.count(), PlanItem.objects.count(), Indicator.objects.count(),
              list(PlanItem.objects.filter(pk=item.pk).values()))
    from django.test import Client
    anonymous = Client()
    for url in [*urls, "/plans/new/"]:
        assert anonymous.get(url).status_code == 302, url
        assert anonymous.post(url, {"title": "x"}).status_code == 302, url
    for role, user in users.items():
        c = client_for(user)
        for url in urls:
            for response in (c.get(url), c.post(url, {"title": "x", "kind": "theme", "direction": "up"})):
                assert response.status_code == 403, (role, url, response.status_code)
        assert c.post(f"/plans/{plan.code}/items/{item.pk}/reorder/", {"direction": "down"}).status_code == 403
        if role != "other_coordinator":  # who may create plans for their own body
            assert c.get("/plans/new/").status_code == 403, role
    after = (Strategy.objects.count(), PlanItem.objects.count(), Indicator.objects.count(),
             list(PlanItem.objects.filter(pk=item.pk).values()))
    assert after == before
    # The item page offers the coordinator's links only to those who may change.
    page = client_for(users["board_member"]).get(item.get_absolute_url()).content.decode()
    assert "coordinator-item-links" not in page
    assert "coordinator-item-links" in client_for(coordinator).get(item.get_absolute_url()).content.decode()


# --- the API write -------------------------------------------------------------------------------

def test_api_defines_an_indicator_with_the_same_checks(coordinator, plan, client):
    item = plan.items.filter(kind="action").first()
    body = {"code": "api-ind", "title": "Defined through the API", "unit": "percentage", "items": [item.pk]}
    url = f"/api/v1/plans/{PLAN}/indicators/"
    assert client.post(url, body, content_type="application/json").status_code == 401
    member = client_for(make_user("t-api-member", Role.BOARD_MEMBER, plan.body))
    assert member.post(url, body, content_type="application/json").status_code == 403
    c = client_for(coordinator)
    bad = c.post(url, {**body, "tolerance": "lots"}, content_type="application/json")
    assert bad.status_code == 422 and "tolerance" in bad.json()["errors"]
    foreign = PlanItem.objects.exclude(strategy=plan).first()
    assert c.post(url, {**body, "items": [foreign.pk]}, content_type="application/json").status_code == 422
    assert not Indicator.objects.filter(code="api-ind").exists()
    made = c.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    ind = Indicator.objects.get(code="api-ind")
    assert made.json()["items"] == [item.pk] and ind.strategy == plan and ind.unit == "percentage"
    assert c.post(url, body, content_type="application/json").status_code == 422  # the code is taken


def _form_data(response):
    """Every field of the page's main form as the browser would send it (inputs, selects, textareas)."""
    form = _soup(response).select_one("main form[method=post]")
    data = {}
    for el in form.select("input[name], textarea[name], select[name]"):
        name = el["name"]
        if el.name == "textarea":
            data[name] = el.get_text()
        elif el.name == "select":
            chosen = el.select("option[selected]")
            values = [o.get("value", o.get_text()) for o in chosen]
            if el.has_attr("multiple"):
                data.setdefault(name, []).extend(values)
            else:
                data[name] = values[0] if values else ""
        elif el.get("type") in ("checkbox", "radio"):
            if el.has_attr("checked"):
                data.setdefault(name, []).append(el.get("value", "on"))
        else:
            data[name] = el.get("value", "")
    return data


@pytest.mark.parametrize("kind", ["item", "plan", "indicator"])
def test_a_stale_edit_form_is_refused_and_keeps_what_was_typed(coordinator, plan, kind):
    """Two coordinators open the same edit page; the second to save is told, and loses nothing."""
    item = PlanItem.objects.filter(strategy=plan, kind="action").first()
    indicator = Indicator.objects.filter(strategy=plan).first()
    url, field, model, pk = {
        "item": (f"/plans/{PLAN}/items/{item.pk}/edit/", "title", PlanItem, item.pk),
        "plan": (f"/plans/{PLAN}/edit/", "title", Strategy, plan.pk),
        "indicator": (f"/indicators/{indicator.code}/edit/", "title", Indicator, indicator.pk),
    }[kind]
    first, second = client_for(coordinator), client_for(coordinator)
    mine, theirs = _form_data(first.get(url)), _form_data(second.get(url))
    assert mine["drawn_at"]
    mine[field], theirs[field] = "Saved first by one coordinator", "Typed by the other coordinator"
    assert first.post(url, mine).status_code == 302
    refused = second.post(url, theirs)
    assert refused.status_code == 200
    assert "Someone else changed this" in _soup(refused).select_one(".govuk-error-summary").get_text()
    assert "Typed by the other coordinator" in refused.content.decode()
    assert getattr(model.objects.get(pk=pk), field) == "Saved first by one coordinator"
    # Having seen the refusal, saving again goes through.
    again = _form_data(refused)
    assert second.post(url, again).status_code == 302
    assert getattr(model.objects.get(pk=pk), field) == "Typed by the other coordinator"
