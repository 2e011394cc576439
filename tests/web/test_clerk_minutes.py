"""The clerk's minutes, resolutions, approval and actions: each step through its function and its
page, its refusals (error summary linking to the field, input kept, nothing changed) and who may
run it."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.governance.models import Body, BodyConstitution
from wellboard.meetings import workflows, workflows_minutes
from wellboard.meetings.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendance,
    Meeting,
    MinuteItem,
    MinuteParagraph,
    Paper,
    Recommendation,
    Resolution,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def board():
    body = Body.objects.create(code="cm", name="Clerk Minutes Board", kind="board")
    BodyConstitution.objects.create(body=body, resolution_format="{year}/{number:03d}")
    past = Meeting.objects.create(body=body, code="cm-past", date=TODAY - dt.timedelta(days=60), status="held")
    nxt = Meeting.objects.create(body=body, code="cm-next", date=TODAY + dt.timedelta(days=30))
    item = MinuteItem.objects.create(meeting=past, number="5", title="Savings programme", position=1)
    MinuteParagraph.objects.create(item=item, number="5.1", text="The board received the report.")
    paper = Paper.objects.create(code="cm-savings", meeting=past, title="Savings programme update")
    Recommendation.objects.create(paper=paper, verb="Note", text="the progress made on savings", position=0)
    Recommendation.objects.create(paper=paper, verb="Approve", text="the change requests in Appendix 1", position=1)
    clerk = client_for(make_user("cm-clerk", Role.COMMITTEE_ADMIN, body))
    return body, past, nxt, item, paper, clerk


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def summary_links(response):
    return [(a["href"], a.get_text(" ", strip=True)) for a in soup(response).select(".govuk-error-summary a")]


def banner(response):
    node = soup(response).select_one(".govuk-notification-banner--success")
    return node.get_text(" ", strip=True) if node else ""


# ---------------------------------------------------------------- holding and approving


def test_a_future_meeting_cannot_be_marked_held_or_approve_minutes(board):
    _, past, nxt, *_ = board
    with pytest.raises(ValidationError, match="in the future"):
        workflows_minutes.mark_held(nxt)
    with pytest.raises(ValidationError, match="has not happened yet"):
        workflows.approve_minutes(past, nxt)
    past.refresh_from_db()
    assert not past.minutes_locked and not MinuteItem.objects.filter(meeting=past, approved=True).exists()


def test_a_past_meeting_approves_once_held_or_with_attendance(board):
    body, past, *_ = board
    later = Meeting.objects.create(body=body, code="cm-later", date=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="no attendance recorded"):
        workflows.approve_minutes(past, later)
    Attendance.objects.create(meeting=later, person=_person(), status="present")
    workflows.approve_minutes(past, later)
    assert Meeting.objects.get(pk=past.pk).minutes_locked


def _person():
    from wellboard.directory.models import Person
    return Person.objects.order_by("pk").first()


def test_approving_at_a_scheduled_future_meeting_through_the_pages_is_refused(board):
    _, past, nxt, _, paper, clerk = board
    url = f"/meetings/{past.code}/approve-minutes/"
    confirm = clerk.get(url, {"at_meeting": nxt.pk})
    assert confirm.status_code == 200
    assert ("#id_at_meeting", ) == tuple(h for h, _ in summary_links(confirm))
    assert "has not happened yet" in summary_links(confirm)[0][1]
    refused = clerk.post(url, {"at_meeting": nxt.pk})
    assert refused.status_code == 400 and "has not happened yet" in summary_links(refused)[0][1]
    assert soup(refused).select_one("#id_at_meeting option[selected]")["value"] == str(nxt.pk)  # choice kept
    past.refresh_from_db()
    assert past.status == "held" and not past.minutes_locked
    assert not Resolution.objects.filter(meeting=past, approved=True).exists()


def test_mark_held_then_approve_through_the_confirmation_page(board):
    body, past, _, item, paper, clerk = board
    workflows.draft_resolutions(item, paper)
    workflows.create_action(past, "Chase CR7")
    today = Meeting.objects.create(body=body, code="cm-today", date=TODAY)
    future = clerk.post(f"/meetings/{Meeting.objects.get(code='cm-next').code}/held/")
    assert future.status_code == 400 and "in the future" in soup(future).select_one(".govuk-error-summary").text
    held = clerk.post(f"/meetings/{today.code}/held/", follow=True)
    assert "marked as held" in banner(held)
    assert Meeting.objects.get(pk=today.pk).status == "held"
    url = f"/meetings/{past.code}/approve-minutes/"
    confirm = clerk.get(url, {"at_meeting": today.pk})
    will_lock = " ".join(soup(confirm).select_one("#will-lock").get_text().split())
    assert "1 minute item" in will_lock and "2 resolutions" in will_lock and "1 action" in will_lock
    assert "Part A minutes become public once approved" in will_lock
    assert not Meeting.objects.get(pk=past.pk).minutes_locked  # the GET changed nothing
    done = clerk.post(url, {"at_meeting": today.pk}, follow=True)
    assert "approved as a correct record" in banner(done)
    past.refresh_from_db()
    assert past.minutes_locked and past.minutes_approved_at == today
    assert all(Resolution.objects.filter(meeting=past).values_list("approved", flat=True))


# ---------------------------------------------------------------- resolutions, items, paragraphs


def test_each_resolution_shows_once_with_an_edit_link_and_is_edited_on_its_own_page(board):
    _, past, _, item, paper, clerk = board
    first, _ = workflows.draft_resolutions(item, paper)
    page = clerk.get(f"/meetings/{past.code}/")
    assert page.content.decode().count("the progress made on savings") == 1
    assert not soup(page).select(".wb-resolutions textarea")
    edit_url = f"/meetings/{past.code}/resolutions/{first.pk}/"
    assert soup(page).select_one(f"#resolution-{first.pk} a[href='{edit_url}']")
    form = soup(clerk.get(edit_url))
    assert form.select_one("#id_text").get_text().strip() == "Note the progress made on savings"
    version = form.select_one("input[name=version]")["value"]
    empty = clerk.post(edit_url, {"text": "  ", "version": version})
    assert empty.status_code == 400 and summary_links(empty)[0][0] == "#id_text"
    saved = clerk.post(edit_url, {"text": "Noted the progress, with thanks", "version": version}, follow=True)
    assert "Resolution saved" in banner(saved)
    assert saved.content.decode().count("Noted the progress, with thanks") == 1
    stale = clerk.post(edit_url, {"text": "Something else", "version": version})
    assert stale.status_code == 409 and "Noted the progress, with thanks" in soup(stale).select_one("#stale").text
    assert soup(stale).select_one("#id_text").get_text().strip() == "Something else"
    assert Resolution.objects.get(pk=first.pk).text == "Noted the progress, with thanks"


def test_minute_items_from_the_agenda_take_its_part_and_free_ones_must_say(board):
    _, past, _, _, _, clerk = board
    exempt = AgendaItem.objects.create(meeting=past, number="9", title="Contract award", part="B", position=9)
    item = workflows_minutes.add_minute_item(past, agenda_item=exempt)
    assert (item.title, item.number, item.part) == ("Contract award", "9", "B")
    url = f"/meetings/{past.code}/items/new/"
    refused = clerk.post(url, {"title": "Any other business", "number": "10"})
    assert refused.status_code == 400 and summary_links(refused)[0][0] == "#id_part"
    assert soup(refused).select_one("#id_title")["value"] == "Any other business"
    assert not MinuteItem.objects.filter(title="Any other business").exists()
    added = clerk.post(url, {"title": "Any other business", "number": "10", "part": "A"}, follow=True)
    assert "Any other business" in banner(added)
    assert MinuteItem.objects.get(title="Any other business").part == "A"


def test_paragraphs_are_added_and_removed(board):
    _, past, _, item, _, clerk = board
    url = f"/meetings/{past.code}/items/{item.pk}/paragraphs/new/"
    empty = clerk.post(url, {"text": ""})
    assert empty.status_code == 400 and summary_links(empty)[0][0] == "#id_text"
    assert clerk.post(url, {"text": "The board asked for a report in June."}).status_code == 302
    paragraph = MinuteParagraph.objects.get(text="The board asked for a report in June.")
    assert paragraph.number == "5.2"
    remove = f"/meetings/{past.code}/items/{item.pk}/paragraphs/{paragraph.pk}/remove/"
    assert "The board asked" in clerk.get(remove).content.decode()
    assert MinuteParagraph.objects.filter(pk=paragraph.pk).exists()  # the GET only asks
    assert "removed" in banner(clerk.post(remove, follow=True))
    assert not MinuteParagraph.objects.filter(pk=paragraph.pk).exists()


def test_locked_minutes_refuse_new_items_and_paragraphs(board):
    body, past, _, item, _, clerk = board
    held = Meeting.objects.create(body=body, code="cm-held", date=TODAY, status="held")
    workflows.approve_minutes(past, held)
    with pytest.raises(ValidationError, match="correct record"):
        workflows_minutes.add_paragraph(item, "Late addition")
    refused = clerk.post(f"/meetings/{past.code}/items/{item.pk}/paragraphs/new/", {"text": "Late addition"})
    assert refused.status_code == 400 and "correct record" in soup(refused).select_one(".govuk-error-summary").text
    assert soup(refused).select_one("#id_text").get_text().strip() == "Late addition"
    assert not MinuteParagraph.objects.filter(text="Late addition").exists()


# ---------------------------------------------------------------- actions


def test_actions_are_edited_noted_and_withdrawn_with_a_reason_kept_on_record(board):
    _, past, _, _, _, clerk = board
    action = workflows.create_action(past, "Chase CR7")
    person = _person()
    base = f"/meetings/{past.code}/actions/{action.pk}/"
    edited = clerk.post(f"{base}edit/", {"description": "Chase CR7 and CR8", "owner": person.pk,
                                         "due_date": "2030-01-31"}, follow=True)
    assert "Action updated" in banner(edited)
    action.refresh_from_db()
    assert (action.description, action.owner, action.due_date) == ("Chase CR7 and CR8", person, dt.date(2030, 1, 31))
    bad = clerk.post(f"{base}edit/", {"description": "Chase CR9", "due_date": "31 Feb"})
    assert bad.status_code == 400 and summary_links(bad)[0][0] == "#id_due_date"
    assert soup(bad).select_one("#id_description").get_text().strip() == "Chase CR9"
    assert Action.objects.get(pk=action.pk).description == "Chase CR7 and CR8"
    assert "Progress note added" in banner(clerk.post(f"{base}notes/", {"text": "CR7 sent"}, follow=True))
    assert ActionNote.objects.get(action=action).text == "CR7 sent"
    no_reason = clerk.post(f"{base}withdraw/", {"reason": ""})
    assert no_reason.status_code == 400 and summary_links(no_reason)[0][0] == "#id_reason"
    assert Action.objects.get(pk=action.pk).status == "open"
    withdrawn = clerk.post(f"{base}withdraw/", {"reason": "Superseded by the new plan"}, follow=True)
    assert "withdrawn" in banner(withdrawn).lower()
    action.refresh_from_db()
    assert action.status == "dropped" and action.withdrawn_reason == "Superseded by the new plan"
    assert action.withdrawn_by.username == "cm-clerk" and action.withdrawn_at is not None
    assert "Superseded by the new plan" in withdrawn.content.decode()
    with pytest.raises(ValidationError, match="withdrawn"):
        workflows_minutes.edit_action(action, "Revived")


def test_recording_an_action_keeps_input_and_links_errors(board):
    _, past, _, _, _, clerk = board
    refused = clerk.post(f"/meetings/{past.code}/actions/", {"description": "Write to NHS England",
                                                              "due_date": "not a date"})
    assert refused.status_code == 400 and summary_links(refused)[0][0] == "#id_due_date"
    page = soup(refused)
    assert page.select_one("#id_description").get_text().strip() == "Write to NHS England"
    assert page.select_one("#id_due_date")["value"] == "not a date"
    assert page.select_one("#due_date-error")
    assert not Action.objects.filter(meeting=past).exists()
    done = clerk.post(f"/meetings/{past.code}/actions/", {"description": "Write to NHS England"}, follow=True)
    assert "Action recorded" in banner(done)


def test_scheduling_lands_on_the_new_meeting_and_a_refusal_keeps_input(board):
    body, *_, clerk = board
    url = f"/bodies/{body.code}/meetings/new/"
    refused = clerk.post(url, {"date": "31/02/2031", "venue": "County Hall", "kind": "formal"})
    assert refused.status_code == 400 and summary_links(refused)[0][0] == "#m-date"
    assert soup(refused).select_one("#m-venue")["value"] == "County Hall"
    done = clerk.post(url, {"date": "2031-03-27", "venue": "County Hall", "kind": "formal"})
    assert done.status_code == 302 and done["Location"] == "/meetings/cm-2031-03-27/"
    assert "Meeting scheduled" in banner(clerk.get(done["Location"]))


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize("who", ["anonymous", "no_role", "board_member", "clerk_elsewhere"])
def test_only_the_bodys_clerk_may(board, who, client):
    body, past, nxt, item, paper, _ = board
    (resolution, _) = workflows.draft_resolutions(item, paper)
    action = workflows.create_action(past, "Chase CR7")
    paragraph = item.paragraphs.get()
    if who != "anonymous":
        role = {"no_role": (None, None), "board_member": (Role.BOARD_MEMBER, body),
                "clerk_elsewhere": (Role.COMMITTEE_ADMIN, Body.objects.get(code="nottingham-hwb"))}[who]
        client = client_for(make_user(f"cm-{who}", *role))
    m = f"/meetings/{past.code}"
    posts = {
        f"{m}/approve-minutes/": {"at_meeting": nxt.pk}, f"{m}/held/": {},
        f"{m}/items/new/": {"title": "X", "part": "A"}, f"{m}/items/{item.pk}/paragraphs/new/": {"text": "X"},
        f"{m}/items/{item.pk}/paragraphs/{paragraph.pk}/": {"text": "X", "version": paragraph.version},
        f"{m}/items/{item.pk}/paragraphs/{paragraph.pk}/remove/": {},
        f"{m}/resolutions/{resolution.pk}/": {"text": "X", "version": resolution.version},
        f"{m}/actions/{action.pk}/edit/": {"description": "X"}, f"{m}/actions/{action.pk}/withdraw/": {"reason": "X"},
        f"{m}/actions/{action.pk}/notes/": {"text": "X"},
    }
    expected = {302} if who == "anonymous" else {403}
    for url, data in posts.items():
        assert client.get(url).status_code in (expected | {405} if url.endswith("/held/") else expected), url
        assert client.post(url, data).status_code in expected, url
    assert Action.objects.get(pk=action.pk).description == "Chase CR7" and not ActionNote.objects.exists()
    assert Resolution.objects.get(pk=resolution.pk).text == "Note the progress made on savings"
    assert MinuteParagraph.objects.filter(pk=paragraph.pk).exists() and not MinuteItem.objects.filter(title="X")
    assert Meeting.objects.get(pk=past.pk).status == "held"


# ---------------------------------------------------------------- papers


@pytest.mark.parametrize("initials", ["(xx)", "[initials and date]", "XX", "TBC", ""])
def test_placeholder_initials_are_not_a_signoff(board, initials):
    *_, paper, clerk = board
    with pytest.raises(ValidationError) as refused:
        workflows_minutes.record_signoff(paper, "financial", initials, TODAY)
    assert "initials" in refused.value.message_dict
    response = clerk.post(f"/papers/{paper.code}/signoffs/financial/", {"initials": initials, "date": "2018-02-01"})
    assert response.status_code == 400 and summary_links(response)[0][0] == "#id_initials"
    assert soup(response).select_one("#id_date")["value"] == "2018-02-01"
    assert not paper.signoffs.exists()


def test_a_paper_is_edited_signed_off_and_published_through_a_confirmation_page(board):
    *_, paper, clerk = board
    edited = clerk.post(f"/papers/{paper.code}/edit/", {"title": "Savings programme: update", "report_of": "Director",
                                                        "purpose": "To update the board."}, follow=True)
    assert "Paper saved" in banner(edited)
    paper.refresh_from_db()
    assert (paper.title, paper.report_of) == ("Savings programme: update", "Director")
    publish = f"/papers/{paper.code}/publish/"
    page = clerk.get(publish)
    assert "constitutional and financial sign-off are missing" in soup(page).select_one(".govuk-error-summary").text
    refused = clerk.post(publish)
    assert refused.status_code == 400 and "sign-off" in soup(refused).select_one(".govuk-error-summary").text
    assert not Paper.objects.get(pk=paper.pk).published
    clerk.post(f"/papers/{paper.code}/signoffs/constitutional/", {"initials": "AB", "date": "2018-02-01"})
    still = clerk.post(publish)
    assert "the financial sign-off is missing" in soup(still).select_one(".govuk-error-summary").text
    assert "signed off" in banner(clerk.post(f"/papers/{paper.code}/signoffs/financial/",
                                             {"initials": "CD", "date": "2018-02-02"}, follow=True))
    assert "Paper published" in banner(clerk.post(publish, follow=True))
    assert Paper.objects.get(pk=paper.pk).published


@pytest.mark.parametrize("who", ["anonymous", "board_member", "clerk_elsewhere"])
def test_only_the_bodys_clerk_may_change_a_paper(board, who, client):
    body, *_, paper, _ = board
    if who != "anonymous":
        role = {"board_member": (Role.BOARD_MEMBER, body),
                "clerk_elsewhere": (Role.COMMITTEE_ADMIN, Body.objects.get(code="nottingham-hwb"))}[who]
        client = client_for(make_user(f"cmp-{who}", *role))
    # An unpublished paper is not even visible to the anonymous and outsiders: 404 rather than sign-in.
    expected = {302, 404} if who == "anonymous" else {403, 404}
    for url, data in {f"/papers/{paper.code}/edit/": {"title": "X"}, f"/papers/{paper.code}/publish/": {},
                      f"/papers/{paper.code}/signoffs/financial/": {"initials": "AB", "date": "2018-02-01"}}.items():
        assert client.get(url).status_code in expected, url
        assert client.post(url, data).status_code in expected, url
    paper.refresh_from_db()
    assert paper.title == "Savings programme update" and not paper.published and not paper.signoffs.exists()
