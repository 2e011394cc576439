"""The clerk's agenda, attendance, declaration, cancel and move steps: through the functions and the pages."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.test import Client

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.directory.models import Person
from wellboard.governance.models import Body, Seat, SeatHolding
from wellboard.meetings import workflows_agenda as wf
from wellboard.meetings.models import AgendaItem, Declaration, Meeting, Paper

pytestmark = pytest.mark.django_db

SECRET = "Sale of the Hightown depot site"


@pytest.fixture
def board():
    body = Body.objects.create(code="tsb", name="Test Scrutiny Board", kind="board")
    people = {key: Person.objects.create(name=name) for key, name in [
        ("chair", "Ada Chair"), ("member", "Ben Member"), ("third", "Cy Third"), ("sub", "Dee Substitute"),
        ("other", "Eve Other"), ("officer", "Fay Officer")]}
    for n, key in enumerate(["chair", "member", "third"]):
        seat = Seat.objects.create(body=body, code=f"seat-{n}", representing=f"Organisation {n}", position=n)
        holding = SeatHolding.objects.create(seat=seat, person=people[key], start=dt.date(2018, 1, 1))
        if key == "member":
            holding.substitutes.add(people["sub"])
    meeting = Meeting.objects.create(body=body, code="tsb-2018-06-07", date=dt.date(2018, 6, 7), venue="Room 1")
    later = Meeting.objects.create(body=body, code="tsb-2018-07-05", date=dt.date(2018, 7, 5))
    AgendaItem.objects.create(meeting=meeting, number="1", title="Apologies", kind="standing", position=0)
    AgendaItem.objects.create(meeting=meeting, number="2", title="Minutes", kind="standing", position=1)
    paper = Paper.objects.create(code="tsb-budget", meeting=meeting, title="Budget monitoring")
    clerk = client_for(make_user("tsb-clerk", Role.COMMITTEE_ADMIN, body))
    return {"body": body, "meeting": meeting, "later": later, "paper": paper, "clerk": clerk, **people}


def numbers(meeting):
    return [(i.number, i.title, i.part) for i in meeting.agenda_items.order_by("position")]


def url(meeting, rest=""):
    return f"/meetings/{meeting.code}/{rest}"


def errors_of(response):
    body = response.content.decode()
    assert "govuk-error-summary" in body
    return body


# Agenda items ---------------------------------------------------------------------------------

def test_agenda_items_are_added_numbered_moved_and_removed(board):
    m = board["meeting"]
    b = wf.add_agenda_item(m, wf.ItemFields(title=SECRET, part="B", exemption=wf.exemption_text("3")))
    a = wf.add_agenda_item(m, wf.ItemFields(title="Budget", presenters=["Jo Finance", " "], paper=board["paper"],
                                            to_follow=True, kind="information"))
    # Part A items stay before Part B, numbered in order.
    assert numbers(m) == [("1", "Apologies", "A"), ("2", "Minutes", "A"), ("3", "Budget", "A"), ("4", SECRET, "B")]
    assert b.exemption == "Schedule 12A paragraph 3" and a.presenters == ["Jo Finance"]
    assert Paper.objects.get(pk=board["paper"].pk).agenda_item_id == a.pk
    wf.move_agenda_item(a, "up")
    assert [n[1] for n in numbers(m)] == ["Apologies", "Budget", "Minutes", SECRET]
    with pytest.raises(ValidationError, match="first of its Part"):
        wf.move_agenda_item(m.agenda_items.get(title="Apologies"), "up")
    with pytest.raises(ValidationError, match="last of its Part"):
        wf.move_agenda_item(b, "down")  # Part B is its own run
    wf.remove_agenda_item(m.agenda_items.get(title="Apologies"))
    assert numbers(m) == [("1", "Budget", "A"), ("2", "Minutes", "A"), ("3", SECRET, "B")]


def test_part_b_needs_an_exemption_and_editing_the_part_carries_to_declarations(board):
    m = board["meeting"]
    with pytest.raises(ValidationError) as exc:
        wf.add_agenda_item(m, wf.ItemFields(title=SECRET, part="B"))
    assert "exemption_paragraph" in exc.value.message_dict
    assert m.agenda_items.count() == 2
    item = m.agenda_items.get(title="Minutes")
    d = wf.add_declaration(m, board["chair"], item, "pecuniary", "Owns land next to the site")
    assert (d.item_number, d.part) == ("2", "A")
    wf.edit_agenda_item(item, wf.ItemFields(title="Minutes", part="B", exemption="informal", kind="standing",
                                            paper=board["paper"]))
    assert Declaration.objects.get(pk=d.pk).part == "B"
    assert Paper.objects.get(pk=board["paper"].pk).part == "B"  # a paper on a private item is private
    wf.edit_agenda_item(item, wf.ItemFields(title="Minutes", kind="standing", paper=board["paper"]))
    assert Declaration.objects.get(pk=d.pk).part == "A"
    assert Paper.objects.get(pk=board["paper"].pk).part == "B"  # never made public by the agenda step


def test_adding_a_part_b_item_through_the_page_hides_it_from_the_public(board, client):
    m, clerk = board["meeting"], board["clerk"]
    assert clerk.get(url(m, "agenda-items/new/")).status_code == 200
    r = clerk.post(url(m, "agenda-items/new/"), {
        "title": SECRET, "kind": "discussion", "part": "B", "exemption_paragraph": "3", "exemption_detail": "",
        "presenters": "Head of Property; Director", "paper": "", "numbered": "on"}, follow=True)
    assert r.redirect_chain[-1][0] == url(m, "manage/#agenda")
    page = r.content.decode()
    assert "govuk-notification-banner--success" in page and SECRET in page
    item = m.agenda_items.get(title=SECRET)
    assert (item.number, item.part, item.presenters) == ("3", "B", ["Head of Property", "Director"])
    assert SECRET in clerk.get(url(m)).content.decode()
    public_page = client.get(url(m)).content.decode()
    assert "Exempt item" in public_page and SECRET not in public_page and "Head of Property" not in public_page
    api = client.get(f"/api/v1/meetings/{m.pk}/")
    assert api.status_code == 200 and SECRET not in api.content.decode()
    assert any(e["exempt"] for e in api.json()["agenda"])


def test_a_refused_item_shows_linked_errors_keeps_input_and_changes_nothing(board):
    m, clerk = board["meeting"], board["clerk"]
    r = clerk.post(url(m, "agenda-items/new/"), {"title": SECRET, "kind": "discussion", "part": "B",
                                                 "presenters": "Head of Property"})
    body = errors_of(r)
    assert r.status_code == 400
    assert 'href="#id_exemption_paragraph"' in body and 'id="exemption_paragraph-error"' in body
    assert f'value="{SECRET}"' in body and 'value="Head of Property"' in body
    assert m.agenda_items.count() == 2


def test_items_are_edited_moved_and_removed_through_the_pages(board):
    m, clerk = board["meeting"], board["clerk"]
    minutes = m.agenda_items.get(title="Minutes")
    edit = clerk.get(url(m, f"agenda-items/{minutes.pk}/"))
    assert 'value="Minutes"' in edit.content.decode()
    r = clerk.post(url(m, f"agenda-items/{minutes.pk}/"), {
        "title": "Minutes of the last meeting", "kind": "standing", "part": "A", "paper": board["paper"].pk,
        "numbered": "on", "to_follow": "on"})
    assert r.status_code == 302
    minutes.refresh_from_db()
    assert minutes.title == "Minutes of the last meeting" and minutes.to_follow
    assert Paper.objects.get(pk=board["paper"].pk).agenda_item_id == minutes.pk
    assert clerk.post(url(m, f"agenda-items/{minutes.pk}/move/"), {"direction": "up"}).status_code == 302
    assert [n[1] for n in numbers(m)] == ["Minutes of the last meeting", "Apologies"]
    r = clerk.post(url(m, f"agenda-items/{minutes.pk}/move/"), {"direction": "up"}, follow=True)
    assert "already the first" in r.content.decode()
    confirm = clerk.get(url(m, f"agenda-items/{minutes.pk}/remove/")).content.decode()
    assert "renumbered" in confirm and AgendaItem.objects.filter(pk=minutes.pk).exists()
    clerk.post(url(m, f"agenda-items/{minutes.pk}/remove/"))
    assert numbers(m) == [("1", "Apologies", "A")]
    assert Paper.objects.filter(pk=board["paper"].pk, agenda_item=None).exists()


# Cancelling and moving ------------------------------------------------------------------------

def test_cancelling_freezes_the_agenda_and_stays_listed(board, client):
    m, clerk = board["meeting"], board["clerk"]
    with pytest.raises(ValidationError):
        wf.cancel_meeting(m, "  ")
    confirm = clerk.get(url(m, "cancel/")).content.decode()
    assert "stays listed" in confirm and "frozen" in confirm
    r = clerk.post(url(m, "cancel/"), {"reason": ""})
    assert r.status_code == 400 and 'href="#id_reason"' in r.content.decode()
    r = clerk.post(url(m, "cancel/"), {"reason": "Not quorate: too many apologies"}, follow=True)
    assert r.redirect_chain[-1][0] == url(m)
    m.refresh_from_db()
    assert m.status == "cancelled" and m.cancelled_reason.startswith("Not quorate")
    assert "This meeting was cancelled" in client.get(url(m)).content.decode()
    assert m.code in client.get(f"/bodies/{board['body'].code}/").content.decode()
    with pytest.raises(ValidationError, match="cancelled"):
        wf.add_agenda_item(m, wf.ItemFields(title="Late item"))
    with pytest.raises(ValidationError, match="already cancelled"):
        wf.cancel_meeting(m, "again")
    r = clerk.post(url(m, "agenda-items/new/"), {"title": "Late item", "kind": "discussion", "part": "A"})
    assert r.status_code == 400 and "cancelled" in r.content.decode()
    assert m.agenda_items.count() == 2


def test_moving_keeps_the_code_and_refuses_a_day_with_another_meeting(board):
    m, clerk = board["meeting"], board["clerk"]
    r = clerk.post(url(m, "move/"), {"date": "2018-07-05", "venue": "Room 9", "reason": "Room booked"})
    body = errors_of(r)
    assert r.status_code == 400 and 'href="#id_date"' in body and "already has a meeting" in body
    assert 'value="Room 9"' in body and "Room booked" in body
    m.refresh_from_db()
    assert m.date == dt.date(2018, 6, 7) and m.venue == "Room 1"
    r = clerk.post(url(m, "move/"), {"date": "2018-06-14", "start_time": "14:00", "venue": "Room 9",
                                     "reason": "Clash with budget council"}, follow=True)
    assert r.redirect_chain[-1][0] == url(m)
    m.refresh_from_db()
    assert (m.code, m.date, m.moved_from, m.venue) == ("tsb-2018-06-07", dt.date(2018, 6, 14), dt.date(2018, 6, 7),
                                                       "Room 9")
    assert "Moved from 7 June 2018" in r.content.decode()
    with pytest.raises(ValidationError, match="end after"):
        wf.move_meeting(m, dt.date(2018, 6, 15), start_time=dt.time(14), end_time=dt.time(13), reason="x")


def test_approved_minutes_freeze_the_agenda(board):
    m = board["meeting"]
    Meeting.objects.filter(pk=m.pk).update(status="minutes_approved")
    with pytest.raises(ValidationError, match="approved"):
        wf.add_agenda_item(m, wf.ItemFields(title="Late item"))
    with pytest.raises(ValidationError, match="held"):
        wf.cancel_meeting(m, "reason")


# Attendance -----------------------------------------------------------------------------------

def test_attendance_with_substitute_replacement_and_officer_through_the_page(board):
    m, clerk = board["meeting"], board["clerk"]
    chair, member, third, sub, other, officer = (board[k] for k in ("chair", "member", "third", "sub", "other",
                                                                    "officer"))
    page = clerk.get(url(m, "attendance/")).content.decode()
    assert "Ben Member" in page and "Named substitutes" in page and "Organisation 1" in page
    data = {f"status_{chair.pk}": "present", f"first_{chair.pk}": "on",
            f"status_{member.pk}": "apologies", f"substitute_{member.pk}": sub.pk,
            f"status_{third.pk}": "absent", f"replacement_{third.pk}": other.pk,
            "officer_0": officer.pk, "officer_role_0": "Democratic Services"}
    r = clerk.post(url(m, "attendance/"), data, follow=True)
    assert r.redirect_chain[-1][0] == url(m, "manage/#attendance")
    rows = {a.person_id: a for a in m.attendance.all()}
    assert rows[chair.pk].status == "present" and rows[chair.pk].first_meeting
    assert rows[member.pk].status == "apologies" and rows[member.pk].substitute == sub
    assert rows[other.pk].replacing == third and rows[other.pk].status == "present"
    assert rows[officer.pk].status == "officer" and rows[officer.pk].representing == "Democratic Services"
    # The form shows what was saved; saving again replaces the set (the officer left out is gone).
    page = clerk.get(url(m, "attendance/")).content.decode()
    assert f'<option value="{sub.pk}" selected>' in page
    data.pop("officer_0")
    clerk.post(url(m, "attendance/"), data)
    assert not m.attendance.filter(person=officer).exists() and m.attendance.count() == 4


def test_refused_attendance_keeps_input_and_changes_nothing(board):
    m, clerk = board["meeting"], board["clerk"]
    chair, member, sub = board["chair"], board["member"], board["sub"]
    wf.record_attendance(m, [wf.AttendanceRow(person=chair, status="present")])
    r = clerk.post(url(m, "attendance/"), {f"status_{member.pk}": "present", f"substitute_{member.pk}": sub.pk,
                                           f"status_{chair.pk}": "absent"})
    body = errors_of(r)
    assert r.status_code == 400 and "only for a member who sent apologies" in body
    assert f'<option value="{sub.pk}" selected>' in body
    assert list(m.attendance.values_list("person_id", "status")) == [(chair.pk, "present")]
    with pytest.raises(ValidationError, match="listed twice"):
        wf.record_attendance(m, [wf.AttendanceRow(person=chair, status="present"),
                                 wf.AttendanceRow(person=member, status="apologies", substitute=chair)])
    with pytest.raises(ValidationError, match="recorded as present"):
        wf.record_attendance(m, [wf.AttendanceRow(person=member, status="present"),
                                 wf.AttendanceRow(person=sub, status="present", replacing=member)])
    assert m.attendance.count() == 1


# Declarations ---------------------------------------------------------------------------------

def test_declarations_are_added_edited_and_removed_through_the_pages(board, client):
    m, clerk = board["meeting"], board["clerk"]
    secret = wf.add_agenda_item(m, wf.ItemFields(title=SECRET, part="B", exemption="Schedule 12A paragraph 3"))
    r = clerk.post(url(m, "declarations/new/"), {"person": board["chair"].pk, "agenda_item": "", "type": "pecuniary",
                                                 "nature": ""})
    body = errors_of(r)
    assert r.status_code == 400 and 'href="#id_nature"' in body and not m.declarations.exists()
    r = clerk.post(url(m, "declarations/new/"), {"person": board["chair"].pk, "agenda_item": secret.pk,
                                                 "type": "pecuniary", "nature": "Director of the buyer"}, follow=True)
    assert "govuk-notification-banner--success" in r.content.decode()
    d = m.declarations.get()
    assert (d.item_number, d.part, d.agenda_item_id) == ("3", "B", secret.pk)
    first = m.agenda_items.get(title="Apologies")
    clerk.post(url(m, f"declarations/{d.pk}/"), {"person": board["member"].pk, "agenda_item": first.pk,
                                                 "type": "non_pecuniary", "nature": "Trustee of a charity"})
    d.refresh_from_db()
    assert (d.person, d.item_number, d.part, d.type) == (board["member"], "1", "A", "non_pecuniary")
    assert "Trustee of a charity" in clerk.get(url(m, f"declarations/{d.pk}/remove/")).content.decode()
    clerk.post(url(m, f"declarations/{d.pk}/remove/"))
    assert not m.declarations.exists()


# Permissions ----------------------------------------------------------------------------------

def _pages(board):
    m = board["meeting"]
    item = m.agenda_items.get(title="Minutes")
    d = Declaration.objects.create(meeting=m, person=board["chair"], item_number="2", type="other", nature="N")
    return m, [url(m, "manage/"), url(m, "agenda-items/new/"), url(m, f"agenda-items/{item.pk}/"),
               url(m, f"agenda-items/{item.pk}/remove/"), url(m, "attendance/"), url(m, "declarations/new/"),
               url(m, f"declarations/{d.pk}/"), url(m, f"declarations/{d.pk}/remove/"), url(m, "cancel/"),
               url(m, "move/")], url(m, f"agenda-items/{item.pk}/move/")


def _state(m):
    m.refresh_from_db()
    return (m.status, m.date, list(m.agenda_items.values_list("pk", "number", "title", "position")),
            list(m.declarations.values_list("pk")), list(m.attendance.values_list("pk")))


@pytest.mark.parametrize("who", ["anonymous", "no_role", "board_member", "other_clerk"])
def test_others_are_refused_and_nothing_changes(board, who):
    other_body = Body.objects.create(code="otherb", name="Other Board", kind="board")
    users = {"no_role": lambda: make_user("plain"),
             "board_member": lambda: make_user("bm", Role.BOARD_MEMBER, board["body"]),
             "other_clerk": lambda: make_user("oc", Role.COMMITTEE_ADMIN, other_body)}
    c = Client() if who == "anonymous" else client_for(users[who]())
    m, pages, move = _pages(board)
    before = _state(m)
    for page in pages:
        for response in (c.get(page), c.post(page, {"title": "X", "kind": "discussion", "part": "A",
                                                     "reason": "x", "date": "2018-06-20", "nature": "x",
                                                     "type": "other", "person": board["chair"].pk})):
            if who == "anonymous":
                assert response.status_code == 302, page
                assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), page
            else:
                assert response.status_code == 403, (page, response.status_code)
    assert c.post(move, {"direction": "down"}).status_code == (302 if who == "anonymous" else 403)
    assert _state(m) == before


def test_the_meeting_page_links_to_manage_only_for_those_who_may_change_it(board, client):
    m = board["meeting"]
    assert "Manage agenda / attendance" in board["clerk"].get(url(m)).content.decode()
    member = client_for(make_user("bm2", Role.BOARD_MEMBER, board["body"]))
    assert "Manage agenda / attendance" not in member.get(url(m)).content.decode()
    assert "Manage agenda / attendance" not in client.get(url(m)).content.decode()
