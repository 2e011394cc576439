"""Reporting cycles: each workflow step through its function and its page, refusals included."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.directory.models import Person
from wellboard.indicators.models import Indicator, IndicatorNote, Value
from wellboard.plans.models import PlanItem, PlanVersion, ProgressUpdate, Strategy
from wellboard.reporting import workflows as cycles
from wellboard.reporting.models import ReportingCycle, UpdateRequest

pytestmark = pytest.mark.django_db
PLAN = "nottingham-healthy-culture-2016"
DUE = dt.date(2019, 3, 29)


@pytest.fixture
def plan():
    return Strategy.objects.get(code=PLAN)


@pytest.fixture
def coordinator(plan):
    return make_user("coord", Role.COORDINATOR, plan.body)


@pytest.fixture
def helene():
    return Person.objects.get(name="Helene Denness")


@pytest.fixture
def lead(helene):
    return make_user("helene", Role.LEAD, None, person=helene)


@pytest.fixture
def other_lead():
    return make_user("karla", Role.LEAD, None, person=Person.objects.get(name="Karla Banfield"))


@pytest.fixture
def member(plan):
    return make_user("member8", Role.BOARD_MEMBER, plan.body)


@pytest.fixture
def cycle(plan, coordinator):
    return cycles.open_cycle(plan, "Update June 2019", DUE, coordinator).cycle


def rating(plan, code):
    return plan.rag_scale.ratings.get(code=code)


def helene_request(cycle, helene):
    return cycle.requests.filter(lead=helene, item__isnull=False).order_by("item__sort_key").first()


# --- functions -----------------------------------------------------------------------------


def test_open_cycle_makes_one_request_per_led_item(plan, coordinator, helene):
    opened = cycles.open_cycle(plan, "Update June 2019", DUE, coordinator)
    cycle = opened.cycle
    assert cycle.period.label == "Update June 2019" and cycle.period.strategy == plan
    reportable = [i for i in plan.items.filter(retired=False) if i.reportable and i.leads.filter(person__isnull=False)]
    expected = sum(i.leads.filter(person__isnull=False).count() for i in reportable)
    assert cycle.requests.count() == opened.requests == expected > 0
    assert cycle.requests.filter(lead=helene).count() == 2
    assert all(r.status == "requested" for r in cycle.requests.all())


def test_second_open_cycle_for_same_period_is_refused(plan, coordinator, cycle):
    with pytest.raises(ValidationError, match="already open"):
        cycles.open_cycle(plan, "update june 2019", DUE, coordinator)
    assert ReportingCycle.objects.filter(strategy=plan).count() == 1


def test_existing_period_skips_items_already_updated(plan, coordinator):
    opened = cycles.open_cycle(plan, "Update March 2019", DUE, coordinator)
    assert opened.cycle.period.key == plan.reporting_periods.get(label="Update March 2019").key
    updated = set(ProgressUpdate.objects.filter(period=opened.cycle.period).values_list("item_id", flat=True))
    assert not opened.cycle.requests.filter(item_id__in=updated).exists()


def test_lead_and_member_cannot_open_a_cycle(plan, lead, member):
    for user in (lead, member):
        with pytest.raises(PermissionDenied):
            cycles.open_cycle(plan, "Update June 2019", DUE, user)
    assert not ReportingCycle.objects.exists()


def test_full_cycle_publishes_approved_only_and_adds_a_version(plan, cycle, coordinator, lead, helene):
    first, second = cycle.requests.filter(lead=helene).order_by("item__sort_key")
    versions_before = plan.versions.count()
    cycles.save_draft(first, lead, commentary="<ul><li>Done</li></ul><script>x()</script>",
                      rag=rating(plan, "GREEN"))
    first.refresh_from_db()
    assert first.status == "draft" and "<script" not in first.commentary and "<li>Done</li>" in first.commentary
    assert first.update.status == "draft"
    assert not ProgressUpdate.objects.visible_to(None).filter(pk=first.update_id).exists()
    cycles.submit(first, lead)
    cycles.save_draft(second, lead, commentary="Slipping", rag=rating(plan, "AMBER"))
    cycles.submit(second, lead)
    cycles.approve(first, coordinator)
    cycles.return_with_comment(second, coordinator, "Say by when")
    second.refresh_from_db()
    assert second.status == "returned" and second.return_comment == "Say by when"
    assert second.update.status == "draft"
    first.refresh_from_db()
    assert first.update.status == "submitted"  # approved, but public only once the cycle closes
    cycles.close_cycle(cycle, coordinator)
    cycle.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert cycle.status == "closed" and cycle.closed_at
    assert first.update.status == "approved" and second.update.status == "draft"
    public = ProgressUpdate.objects.visible_to(None).filter(period=cycle.period)
    assert list(public) == [first.update]
    from auditlog.models import LogEntry

    statuses = [e.changes_dict.get("status") for e in LogEntry.objects.get_for_object(first.update).order_by("pk")]
    assert ["submitted", "approved"] in statuses  # every status change is in the audit trail
    assert plan.versions.count() == versions_before + 1
    version = cycle.version
    assert version.number == "0.6" and "Update June 2019" in version.change_details
    assert first.item.title[:30] in version.change_details and second.item.title[:30] not in version.change_details


def test_close_with_nothing_approved_says_so(plan, cycle, coordinator):
    closed = cycles.close_cycle(cycle, coordinator)
    assert "no approved updates" in PlanVersion.objects.get(pk=closed.version_id).change_details
    with pytest.raises(ValidationError, match="already closed"):
        cycles.close_cycle(cycle, coordinator)


def test_save_draft_refusals_change_nothing(plan, cycle, lead, other_lead, helene):
    req = helene_request(cycle, helene)
    with pytest.raises(ValidationError) as err:
        cycles.save_draft(req, lead, commentary="<p> </p>")
    assert "commentary" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        cycles.save_draft(req, other_lead, commentary="Not mine")
    req.refresh_from_db()
    assert req.status == "requested" and req.commentary == "" and req.update is None


def test_reason_needed_when_officer_rag_disagrees_with_indicators(plan, cycle, lead, helene):
    req = helene_request(cycle, helene)
    req.item.indicators.add(Indicator.objects.get(code="hc-delayed-transfers"))  # calculated red
    with pytest.raises(ValidationError) as err:
        cycles.save_draft(req, lead, commentary="Fine", rag=rating(plan, "GREEN"))
    assert "red" in err.value.message_dict["reason"][0]
    cycles.save_draft(req, lead, commentary="Fine", rag=rating(plan, "GREEN"), reason="Target revised")
    cycles.save_draft(req, lead, commentary="Fine", rag=rating(plan, "RED"))  # agrees: no reason needed


def test_submit_approve_return_refusals(plan, cycle, coordinator, lead, helene):
    req = helene_request(cycle, helene)
    with pytest.raises(ValidationError, match="Save the update"):
        cycles.submit(req, lead)
    cycles.save_draft(req, lead, commentary="Text")
    with pytest.raises(ValidationError, match="Only a submitted"):
        cycles.approve(req, coordinator)
    cycles.submit(req, lead)
    with pytest.raises(PermissionDenied):
        cycles.approve(req, lead)
    with pytest.raises(ValidationError) as err:
        cycles.return_with_comment(req, coordinator, "  ")
    assert "comment" in err.value.message_dict
    with pytest.raises(ValidationError, match="cannot be changed"):
        cycles.save_draft(req, lead, commentary="Changed after submitting")
    req.refresh_from_db()
    assert req.status == "submitted" and "Changed" not in req.commentary


def test_indicator_request_values_published_on_close(plan, coordinator, helene, lead):
    ind = Indicator.objects.get(code="hc-reablement-91-days")
    ind.lead_person = helene
    ind.save()
    cycle = cycles.open_cycle(plan, "Update June 2019", DUE, coordinator).cycle
    req = cycle.requests.get(indicator=ind)
    with pytest.raises(ValidationError) as err:
        cycles.save_draft(req, lead, commentary="New data", values=[cycles.NewValue("Smarch 19", "80")])
    assert "Smarch" in err.value.message_dict["values"][0]
    cycles.save_draft(req, lead, commentary="New data", values=[cycles.NewValue("Q1 2019/20", "81.5")])
    cycles.submit(req, lead)
    assert not Value.objects.filter(indicator=ind, period="Q1 2019/20").exists()  # not before publication
    cycles.approve(req, coordinator)
    cycles.close_cycle(cycle, coordinator)
    value = Value.objects.get(indicator=ind, period="Q1 2019/20", kind="actual")
    assert value.value == 81.5 and value.period_end == dt.date(2019, 6, 30)
    assert IndicatorNote.objects.filter(indicator=ind, label="Update June 2019").exists()


def test_requests_only_for_items_with_a_person_lead(plan, cycle):
    assert not cycle.requests.filter(item__kind__in=["theme", "milestone", "success_measure"]).exists()
    assert all(r.lead_id in r.item.lead_person_ids() for r in cycle.requests.select_related("item"))
    assert PlanItem.objects.filter(strategy=plan, kind="action").exists()
    assert UpdateRequest.objects.count() == cycle.requests.count()


# --- pages ---------------------------------------------------------------------------------


def test_open_cycle_page_refusal_keeps_input_then_opens(plan, coordinator):
    c = client_for(coordinator)
    url = f"/plans/{PLAN}/cycles/"
    assert c.get(f"/plans/{PLAN}/").content.count(b'href="/plans/' + PLAN.encode() + b'/cycles/#open-cycle"') == 1
    r = c.post(url, {"period": "Update June 2019", "due": "31/31/2019"})
    html = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in html
    assert '<a href="#id_due">Enter the due date as a real date' in html
    assert 'id="due-error"' in html and 'value="Update June 2019"' in html and 'value="31/31/2019"' in html
    assert not ReportingCycle.objects.exists()
    r = c.post(url, {"period": "Update June 2019", "due": "28/06/2019"})
    cycle = ReportingCycle.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/plans/{PLAN}/cycles/{cycle.pk}/"
    page = c.get(r["Location"]).content.decode()
    assert "Cycle opened:" in page and "govuk-notification-banner--success" in page
    r = c.post(url, {"period": "Update June 2019", "due": "28/06/2019"})
    assert '<a href="#id_period">A cycle for' in r.content.decode()
    assert ReportingCycle.objects.count() == 1


def test_cycle_pages_refused_per_role(client, plan, cycle, lead, member, other_lead):
    url = f"/plans/{PLAN}/cycles/{cycle.pk}/"
    assert client.get(url).status_code == 404  # a private record: its existence is not revealed
    for user in (lead, member, other_lead):
        assert client_for(user).get(url).status_code in (403, 404)
        assert client_for(user).post(f"/plans/{PLAN}/cycles/{cycle.pk}/close/").status_code in (403, 404)
        assert client_for(user).post(f"/plans/{PLAN}/cycles/", {"period": "X", "due": "2019-01-01"}).status_code == 403
    cycle.refresh_from_db()
    assert cycle.is_open and ReportingCycle.objects.count() == 1


def test_my_updates_lists_requests_and_flags_overdue(client, plan, coordinator, lead, helene):
    cycles.open_cycle(plan, "Update March 2018", dt.date(2018, 3, 1), coordinator)
    assert client.get("/my-updates/").status_code == 302
    page = client_for(lead).get("/my-updates/").content.decode()
    assert "Update March 2018" in page and "Overdue" in page and "this deadline has passed" in page
    for req in UpdateRequest.objects.filter(lead=helene):
        assert req.get_absolute_url() in page
    assert "Karla" not in page


def test_update_form_refusal_keeps_input_and_changes_nothing(plan, cycle, lead, helene):
    req = helene_request(cycle, helene)
    req.item.indicators.add(Indicator.objects.get(code="hc-delayed-transfers"))  # calculated red
    c = client_for(lead)
    r = c.post(req.get_absolute_url(), {"commentary": "<em>On track</em>", "rag": "GREEN", "reason": "",
                                        "action": "submit"})
    html = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in html
    assert '<a href="#id_reason">The indicators give red' in html and 'id="reason-error"' in html
    assert "&lt;em&gt;On track&lt;/em&gt;</textarea>" in html and '<option value="GREEN" selected>' in html
    req.refresh_from_db()
    assert req.status == "requested" and req.commentary == "" and req.update is None
    r = c.post(req.get_absolute_url(), {"commentary": "", "rag": "", "action": "save"})
    assert '<a href="#id_commentary">Enter the update.</a>' in r.content.decode()


def test_lead_saves_submits_coordinator_returns_approves_closes_through_pages(client, plan, cycle, coordinator,
                                                                             lead, helene):
    first, second = cycle.requests.filter(lead=helene).order_by("item__sort_key")
    c = client_for(lead)
    r = c.post(first.get_absolute_url(), {"commentary": "Going well", "rag": "GREEN", "action": "save"})
    assert r.status_code == 302 and r["Location"] == first.get_absolute_url()
    page = c.get(r["Location"]).content.decode()
    assert "saved as a draft" in page and "Going well</textarea>" in page
    c.post(first.get_absolute_url(), {"commentary": "Going well", "rag": "GREEN", "action": "submit"})
    c.post(second.get_absolute_url(), {"commentary": "Slow", "rag": "AMBER", "action": "submit"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "submitted"
    # Nothing unapproved reaches the public item page.
    assert "Going well" not in client.get(f"/plans/{PLAN}/items/{first.item_id}/").content.decode()
    k = client_for(coordinator)
    review = f"/plans/{PLAN}/cycles/{cycle.pk}/updates/"
    r = k.post(f"{review}{second.pk}/", {"action": "return", "comment": ""})
    assert '<a href="#id_comment">Enter a comment' in r.content.decode()
    second.refresh_from_db()
    assert second.status == "submitted"
    r = k.post(f"{review}{second.pk}/", {"action": "return", "comment": "Add dates"})
    assert r.status_code == 302
    r = k.post(f"{review}{first.pk}/", {"action": "approve"})
    assert r.status_code == 302 and r["Location"].endswith(f"#request-{first.pk}")
    page = k.get(f"/plans/{PLAN}/cycles/{cycle.pk}/").content.decode()
    assert "Update approved" in page and "Returned" in page and "Approved" in page
    assert "Add dates" in c.get("/my-updates/").content.decode()
    confirm = k.get(f"/plans/{PLAN}/cycles/{cycle.pk}/close/").content.decode()
    assert "publishes these 1 approved update" in confirm and "version 0.6" in confirm
    r = k.post(f"/plans/{PLAN}/cycles/{cycle.pk}/close/")
    assert r.status_code == 302
    assert "Cycle closed. Version 0.6" in k.get(r["Location"]).content.decode()
    assert "Going well" in client.get(f"/plans/{PLAN}/items/{first.item_id}/").content.decode()
    assert "Slow" not in client.get(f"/plans/{PLAN}/items/{second.item_id}/").content.decode()
    second.refresh_from_db()
    assert c.post(second.get_absolute_url(), {"commentary": "Late", "action": "save"}).status_code == 200
    second.refresh_from_db()
    assert second.commentary != "Late"


def test_update_form_refused_per_role(client, plan, cycle, helene, other_lead, member):
    req = helene_request(cycle, helene)
    url = req.get_absolute_url()
    r = client.post(url, {"commentary": "x", "action": "save"})
    assert r.status_code == 302 and "/sign-in/" in r["Location"]
    assert client_for(other_lead).post(url, {"commentary": "x", "action": "save"}).status_code == 403
    assert client_for(member).post(url, {"commentary": "x", "action": "save"}).status_code == 403
    req.refresh_from_db()
    assert req.status == "requested" and req.commentary == ""


# --- API writes ------------------------------------------------------------------------------


def api_post(c, url, data):
    return c.post(url, data, content_type="application/json")


def test_api_save_and_submit_update(client, plan, cycle, lead, helene):
    req = helene_request(cycle, helene)
    url = f"/api/v1/updates/{req.pk}/"
    assert api_post(client, url, {"commentary": "x"}).status_code == 401
    r = api_post(client_for(lead), url, {"commentary": "<b>Good</b> progress", "rag": "green", "submit": True})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "submitted" and body["rag"]["code"] == "GREEN" and "<b>Good</b>" in body["commentary"]
    r = api_post(client_for(lead), url, {"commentary": "Again"})
    assert r.status_code == 422 and "cannot be changed" in r.json()["detail"]
    req.refresh_from_db()
    assert req.commentary.startswith("<p><b>Good")


def test_api_refusals(client, plan, cycle, lead, other_lead, member, helene):
    req = helene_request(cycle, helene)
    url = f"/api/v1/updates/{req.pk}/"
    assert api_post(client_for(other_lead), url, {"commentary": "x"}).status_code == 403
    assert api_post(client_for(member), url, {"commentary": "x"}).status_code == 403
    assert api_post(client_for(lead), "/api/v1/updates/999999/", {"commentary": "x"}).status_code == 404
    r = api_post(client_for(lead), url, {"commentary": "", "rag": "PURPLE"})
    assert r.status_code == 422 and r.json()["errors"]["rag"]
    r = api_post(client_for(lead), url, {"commentary": ""})
    assert r.status_code == 422 and r.json()["errors"]["commentary"] == ["Enter the update."]
    assert api_post(client_for(lead), url, {"commentary": 5}).status_code == 422
    req.refresh_from_db()
    assert req.status == "requested" and req.commentary == ""


def test_api_requires_csrf(plan, cycle, lead, helene):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(lead)
    r = api_post(c, f"/api/v1/updates/{helene_request(cycle, helene).pk}/", {"commentary": "x"})
    assert r.status_code == 403


def test_api_add_indicator_values_stay_draft_until_close(client, plan, coordinator, helene, lead, other_lead):
    ind = Indicator.objects.get(code="hc-reablement-91-days")
    url = f"/api/v1/indicators/{ind.code}/values/"
    payload = {"values": [{"period": "Q1 2019/20", "value": "81.5"}]}
    assert api_post(client_for(lead), url, payload).status_code == 403  # not (yet) Helene's indicator
    ind.lead_person = helene
    ind.save()
    r = api_post(client_for(lead), url, payload)
    assert r.status_code == 422 and "no open update request" in r.json()["detail"]
    cycle = cycles.open_cycle(plan, "Update June 2019", DUE, coordinator).cycle
    assert api_post(client, url, payload).status_code == 401
    assert api_post(client_for(other_lead), url, payload).status_code == 403
    assert api_post(client_for(lead), "/api/v1/indicators/no-such/values/", payload).status_code == 404
    bad = api_post(client_for(lead), url, {"values": [{"period": "Spring", "value": "1"}]})
    assert bad.status_code == 422 and "Value 1" in bad.json()["detail"]
    r = api_post(client_for(lead), url, payload)
    assert r.status_code == 200 and r.json()["values"][0]["period"] == "Q1 2019/20"
    assert not Value.objects.filter(indicator=ind, period="Q1 2019/20").exists()
    assert "Q1 2019/20" not in client.get(f"/api/v1/indicators/{ind.pk}/").content.decode()
    req = cycle.requests.get(indicator=ind)
    cycles.save_draft(req, lead, commentary="Q1 data", values=[cycles.NewValue("Q1 2019/20", "81.5")])
    cycles.submit(req, lead)
    cycles.approve(req, coordinator)
    cycles.close_cycle(cycle, coordinator)
    assert "Q1 2019/20" in client.get(f"/api/v1/indicators/{ind.pk}/").content.decode()


def test_api_writes_are_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/updates/{request_id}/"]
    assert "post" in paths["/api/v1/indicators/{code}/values/"]


def test_api_bad_input_is_422_or_404_never_500(plan, cycle, lead, helene):
    req = helene_request(cycle, helene)
    c = client_for(lead)
    r = api_post(c, f"/api/v1/updates/{req.pk}/", {"commentary": "a\x00b"})
    assert r.status_code == 422 and r.json()["errors"]["commentary"]
    r = api_post(c, f"/api/v1/updates/{req.pk}/", {"commentary": "ok", "values": [{"period": "2019/20"}]})
    assert r.status_code == 422 and "not to a plan item" in r.json()["detail"]
    assert api_post(c, "/api/v1/updates/99999999999999999999/", {"commentary": "x"}).status_code in (404, 422)
    assert api_post(c, "/api/v1/indicators/bad%00code/values/", {"values": [{"period": "2019/20"}]}).status_code in (404, 422)  # a NUL in the path names nothing


def test_cycle_page_shows_waiting_overdue_and_rag_moves(plan, coordinator, lead, helene):
    first = cycles.open_cycle(plan, "Update June 2019", DUE, coordinator).cycle
    req = helene_request(first, helene)
    cycles.save_draft(req, lead, commentary="Slow start", rag=rating(plan, "AMBER"))
    cycles.submit(req, lead)
    cycles.approve(req, coordinator)
    cycles.close_cycle(first, coordinator)
    cycle = cycles.open_cycle(plan, "Update September 2019", dt.date(2019, 1, 1), coordinator).cycle
    req = cycle.requests.get(item=req.item, lead=helene)
    cycles.save_draft(req, lead, commentary="Caught up", rag=rating(plan, "GREEN"))
    cycles.submit(req, lead)
    page = client_for(coordinator).get(cycle.get_absolute_url()).content.decode()
    waiting = cycle.requests.count() - 1
    assert f'id="not-submitted">{waiting}, of which {waiting} overdue' in page
    assert "was Amber in Update June 2019" in page
    moves = page.split('id="rag-moves"')[1].split("</ul>")[0]
    assert "Public Health and Early Help" in moves and "Update June 2019" in moves and "Green" in moves
    assert f"/plans/{PLAN}/cycles/{cycle.pk}/updates/{req.pk}/" in page


def test_indicator_update_form_values_errors_link_to_the_row(plan, coordinator, helene, lead):
    ind = Indicator.objects.get(code="hc-reablement-91-days")
    ind.lead_person = helene
    ind.save()
    cycle = cycles.open_cycle(plan, "Update June 2019", DUE, coordinator).cycle
    req = cycle.requests.get(indicator=ind)
    c = client_for(lead)
    assert 'name="period_1"' in c.get(req.get_absolute_url()).content.decode()
    r = c.post(req.get_absolute_url(), {"commentary": "New data", "period_1": "Q1 2019/20", "value_1": "80",
                                        "period_2": "Someday", "value_2": "81", "action": "save"})
    html = r.content.decode()
    assert '<a href="#id_period_2">Value 2: the period is not one Wellboard can read' in html
    assert 'value="Someday"' in html and 'value="Q1 2019/20"' in html
    req.refresh_from_db()
    assert req.status == "requested" and req.values == []
    r = c.post(req.get_absolute_url(), {"commentary": "New data", "period_1": "Q1 2019/20", "value_1": "80",
                                        "note_1": "provisional", "action": "save"})
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.values[0]["period"] == "Q1 2019/20" and req.values[0]["value"] == "80"
    assert 'value="Q1 2019/20"' in c.get(req.get_absolute_url()).content.decode()
