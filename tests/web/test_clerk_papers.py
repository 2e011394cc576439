"""The clerk's paper pages: creating a paper for an agenda item, its recommendations (add, edit,
remove, reorder), implications and officer contacts, and a resolution added to a minute item.
Each step through its function and its page, its refusals (error summary linking to the field,
input kept, nothing changed) and who may run it; then the whole chain from agenda item to the
resolution in the minutes."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.governance.models import Body, BodyConstitution
from wellboard.meetings import workflows, workflows_minutes, workflows_papers
from wellboard.meetings.models import (
    AgendaItem,
    Meeting,
    MinuteItem,
    Paper,
    PaperContact,
    Recommendation,
    Resolution,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def board():
    body = Body.objects.create(code="cp", name="Clerk Papers Board", kind="board")
    BodyConstitution.objects.create(body=body, resolution_format="{year}/{number:03d}")
    meeting = Meeting.objects.create(body=body, code="cp-today", date=TODAY)
    public = AgendaItem.objects.create(meeting=meeting, number="4", title="Better Care Fund plan", position=1)
    private = AgendaItem.objects.create(meeting=meeting, number="9", title="Contract award", part="B",
                                        exemption="Paragraph 3", position=2)
    clerk = client_for(make_user("cp-clerk", Role.COMMITTEE_ADMIN, body))
    return body, meeting, public, private, clerk


@pytest.fixture
def paper(board):
    _, meeting, public, *_ = board
    paper = workflows_papers.create_paper(meeting, public)
    for verb, text in [("Note", "the plan"), ("Approve", "the pooled budget"), ("Agree", "the next steps")]:
        workflows_papers.add_recommendation(paper, verb, text)
    return paper


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def summary_links(response):
    return [(a["href"], a.get_text(" ", strip=True)) for a in soup(response).select(".govuk-error-summary a")]


def summary(response):
    node = soup(response).select_one(".govuk-error-summary")
    return node.get_text(" ", strip=True) if node else ""


def banner(response):
    node = soup(response).select_one(".govuk-notification-banner--success")
    return node.get_text(" ", strip=True) if node else ""


def recs(paper):
    return [(r.verb, r.text) for r in Recommendation.objects.filter(paper=paper).order_by("position")]


# ---------------------------------------------------------------- creating a paper


def test_create_paper_takes_code_title_and_part_from_the_agenda_item(board):
    _, meeting, public, private, _ = board
    a = workflows_papers.create_paper(meeting, public)
    b = workflows_papers.create_paper(meeting, private, "Award of the care contract")
    assert (a.code, a.title, a.part, a.published) == ("cp-today-item-4", "Better Care Fund plan", "A", False)
    assert (b.code, b.title, b.part) == ("cp-today-item-9", "Award of the care contract", "B")
    with pytest.raises(ValidationError, match="already has a paper"):
        workflows_papers.create_paper(meeting, public)
    other = Meeting.objects.create(body=meeting.body, code="cp-other", date=TODAY)
    with pytest.raises(ValidationError, match="agenda item of this meeting"):
        workflows_papers.create_paper(other, public)
    assert Paper.objects.filter(meeting__body=meeting.body).count() == 2


def test_the_code_stays_unique_when_taken(board):
    _, meeting, public, *_ = board
    Paper.objects.create(code="cp-today-item-4", title="An older paper")
    assert workflows_papers.create_paper(meeting, public).code == "cp-today-item-4-2"


def test_create_paper_through_the_agenda_link(board):
    _, meeting, public, private, clerk = board
    page = clerk.get(meeting.get_absolute_url())
    link = f"/meetings/{meeting.code}/agenda-items/{public.pk}/paper/"
    assert link in [a["href"] for a in soup(page).select("#agenda a")]
    form = clerk.get(link)
    assert soup(form).select_one("#id_title")["value"] == "Better Care Fund plan"
    done = clerk.post(link, {"title": ""}, follow=True)
    assert "created for agenda item 4" in banner(done)
    assert done.redirect_chain[-1][0] == "/papers/cp-today-item-4/"
    assert link not in [a["href"] for a in soup(clerk.get(meeting.get_absolute_url())).select("#agenda a")]
    again = clerk.post(link, {"title": "Second try"})
    assert again.status_code == 400 and "already has a paper" in summary(again)
    assert soup(again).select_one("#id_title")["value"] == "Second try"  # input kept
    assert Paper.objects.filter(agenda_item=public).count() == 1


def test_no_paper_for_a_cancelled_meeting(board):
    _, meeting, public, _, clerk = board
    Meeting.objects.filter(pk=meeting.pk).update(status="cancelled")
    response = clerk.post(f"/meetings/{meeting.code}/agenda-items/{public.pk}/paper/", {"title": "X"})
    assert response.status_code == 400 and "cancelled" in summary(response)
    assert not Paper.objects.filter(agenda_item=public).exists()


# ---------------------------------------------------------------- recommendations


def test_recommendations_are_added_edited_moved_and_removed(paper):
    assert recs(paper) == [("Note", "the plan"), ("Approve", "the pooled budget"), ("Agree", "the next steps")]
    first, second, third = Recommendation.objects.filter(paper=paper).order_by("position")
    workflows_papers.edit_recommendation(second, "Endorse", " the pooled budget for 2019/20 ")
    workflows_papers.move_recommendation(third, "up")
    assert recs(paper) == [("Note", "the plan"), ("Agree", "the next steps"), ("Endorse", "the pooled budget for 2019/20")]
    with pytest.raises(ValidationError, match="already the first"):
        workflows_papers.move_recommendation(first, "up")
    workflows_papers.remove_recommendation(first)
    assert recs(paper) == [("Agree", "the next steps"), ("Endorse", "the pooled budget for 2019/20")]


@pytest.mark.parametrize("verb, text, field", [("", "the plan", "verb"), ("  ", "the plan", "verb"), ("x" * 101, "the plan", "verb"),
                                               ("Note", "   ", "text")])
def test_a_recommendation_needs_a_verb_and_text(paper, verb, text, field):
    with pytest.raises(ValidationError) as refused:
        workflows_papers.add_recommendation(paper, verb, text)
    assert field in refused.value.message_dict
    assert len(recs(paper)) == 3


def test_a_published_papers_recommendations_do_not_change(paper):
    rec = Recommendation.objects.filter(paper=paper).first()
    Paper.objects.filter(pk=paper.pk).update(published=True)
    for step in (lambda: workflows_papers.add_recommendation(paper, "Note", "more"),
                 lambda: workflows_papers.edit_recommendation(rec, "Note", "changed"),
                 lambda: workflows_papers.move_recommendation(rec, "down"),
                 lambda: workflows_papers.remove_recommendation(rec)):
        with pytest.raises(ValidationError, match="published"):
            step()
    assert recs(paper) == [("Note", "the plan"), ("Approve", "the pooled budget"), ("Agree", "the next steps")]


def test_recommendation_pages(paper, board):
    *_, clerk = board
    base = f"/papers/{paper.code}/recommendations/"
    refused = clerk.post(base + "new/", {"verb": "Approve", "text": ""})
    assert refused.status_code == 400 and summary_links(refused) == [("#id_text", "Enter the recommendation.")]
    assert soup(refused).select_one("#id_verb")["value"] == "Approve"  # input kept
    added = clerk.post(base + "new/", {"verb": "Comment", "text": "on the draft"}, follow=True)
    assert "Recommendation added" in banner(added)
    new = Recommendation.objects.get(paper=paper, text="on the draft")
    assert added.redirect_chain[-1][0].endswith(f"#recommendation-{new.pk}")
    edit = clerk.get(f"{base}{new.pk}/")
    assert soup(edit).select_one("#id_text").get_text() .strip() == "on the draft"
    assert "saved" in banner(clerk.post(f"{base}{new.pk}/", {"verb": "Comment", "text": "on the final draft"},
                                        follow=True))
    # The paper page offers up/down forms; moving the last one up puts it third.
    page = soup(clerk.get(paper.get_absolute_url()))
    forms = page.select(f"#recommendation-{new.pk} form")
    assert [f.select_one("[name=direction]")["value"] for f in forms] == ["up"]
    assert "moved up" in banner(clerk.post(f"{base}{new.pk}/move/", {"direction": "up"}, follow=True))
    assert recs(paper)[2] == ("Comment", "on the final draft")
    confirm = clerk.get(f"{base}{new.pk}/remove/")
    assert "on the final draft" in soup(confirm).select_one("#current").text and len(recs(paper)) == 4
    assert "removed" in banner(clerk.post(f"{base}{new.pk}/remove/", follow=True))
    assert len(recs(paper)) == 3


def test_published_paper_pages_refuse_and_hide_the_controls(paper, board):
    *_, clerk = board
    Paper.objects.filter(pk=paper.pk).update(published=True)
    rec = Recommendation.objects.filter(paper=paper).first()
    page = soup(clerk.get(paper.get_absolute_url()))
    assert not page.select("#add-recommendation") and not page.select("#recommendations form")
    refused = clerk.post(f"/papers/{paper.code}/recommendations/{rec.pk}/", {"verb": "Agree", "text": "changed"})
    assert refused.status_code == 400 and "published" in summary(refused)
    assert soup(refused).select_one("#id_text").get_text().strip() == "changed"
    moved = clerk.post(f"/papers/{paper.code}/recommendations/{rec.pk}/move/", {"direction": "down"})
    assert moved.status_code == 400 and "published" in summary(moved)
    assert recs(paper)[0] == ("Note", "the plan")


# ---------------------------------------------------------------- implications and contacts


def test_implications_are_saved_under_their_headings(paper, board):
    *_, clerk = board
    Paper.objects.filter(pk=paper.pk).update(implications={"legal": "Imported heading kept"})
    page = soup(clerk.get(f"/papers/{paper.code}/implications/"))
    assert page.select_one("label[for=id_human_resources]").text == "Human resources"
    assert len(page.select("textarea")) == len(workflows_papers.IMPLICATION_LABELS)
    done = clerk.post(f"/papers/{paper.code}/implications/", {"financial": "£1.2m from the pooled fund",
                                                              "safeguarding": " ", "equalities": "None"}, follow=True)
    assert "Implications saved" in banner(done)
    paper.refresh_from_db()
    assert paper.implications == {"legal": "Imported heading kept", "financial": "£1.2m from the pooled fund",
                                  "equalities": "None"}
    with pytest.raises(ValidationError, match="Unknown implication"):
        workflows_papers.save_implications(paper, {"weather": "Sunny"})


def test_officer_contacts_are_added_edited_removed_and_private(paper, board):
    body, *_, clerk = board
    url = f"/papers/{paper.code}/contacts/"
    refused = clerk.post(url + "new/", {"name": "", "email": "jo@example.org", "phone": "0160 123"})
    assert refused.status_code == 400 and summary_links(refused)[0][0] == "#id_name"
    assert soup(refused).select_one("#id_email")["value"] == "jo@example.org"
    bad = clerk.post(url + "new/", {"name": "Jo Smith", "email": "not-an-address"})
    assert summary_links(bad)[0][0] == "#id_email" and not paper.contacts.exists()
    assert "contact added" in banner(clerk.post(url + "new/", {"name": "Jo Smith", "role": "Commissioner",
                                                               "email": "jo@example.org"}, follow=True))
    contact = PaperContact.objects.get(paper=paper)
    assert "saved" in banner(clerk.post(f"{url}{contact.pk}/", {"name": "Jo Smith", "role": "Head of Commissioning",
                                                                "email": "jo@example.org"}, follow=True))
    contact.refresh_from_db()
    assert contact.role == "Head of Commissioning"
    # Published, Part A, at a public meeting: the public reads the paper, not its contacts.
    Paper.objects.filter(pk=paper.pk).update(published=True)
    Meeting.objects.filter(pk=paper.meeting_id).update(status="agenda_published")
    from django.test import Client
    public = Client().get(paper.get_absolute_url())
    assert public.status_code == 200 and "Jo Smith" not in public.content.decode()
    member = client_for(make_user("cp-member", Role.BOARD_MEMBER, body))
    assert "Jo Smith" in member.get(paper.get_absolute_url()).content.decode()
    assert "removed" in banner(clerk.post(f"{url}{contact.pk}/remove/", follow=True))
    assert not paper.contacts.exists()


# ---------------------------------------------------------------- a resolution not from a recommendation


def test_a_free_resolution_is_numbered_in_the_bodys_sequence(board, paper):
    _, meeting, public, *_ = board
    item = workflows_minutes.add_minute_item(meeting, agenda_item=public)
    drafted = workflows.draft_resolutions(item, paper)
    free = workflows_papers.add_resolution(item, "that the chair writes to the minister")
    assert [r.number for r in drafted] == [f"{TODAY.year}/00{n}" for n in (1, 2, 3)]
    assert (free.number, free.from_recommendation, free.part) == (f"{TODAY.year}/004", None, "A")
    with pytest.raises(ValidationError) as refused:
        workflows_papers.add_resolution(item, "  ")
    assert "text" in refused.value.message_dict
    Meeting.objects.filter(pk=meeting.pk).update(status="minutes_approved")
    with pytest.raises(ValidationError, match="approved as a correct record"):
        workflows_papers.add_resolution(item, "too late")
    assert Resolution.objects.filter(item=item).count() == 4


def test_a_free_resolution_through_its_page(board):
    _, meeting, _, _, clerk = board
    item = workflows_minutes.add_minute_item(meeting, "Any other business", part="A")
    url = f"/meetings/{meeting.code}/items/{item.pk}/resolutions/new/"
    assert url in [a["href"] for a in soup(clerk.get(meeting.get_absolute_url())).select(f"#minute-item-{item.pk} a")]
    refused = clerk.post(url, {"text": ""})
    assert refused.status_code == 400 and summary_links(refused)[0][0] == "#id_text"
    done = clerk.post(url, {"text": "that the board meets in July"}, follow=True)
    assert f"RESOLVED {TODAY.year}/001 added" in banner(done)
    assert len(soup(done).select("[data-resolution]")) == 1


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize("who", ["anonymous", "no_role", "board_member", "clerk_elsewhere"])
def test_only_the_bodys_clerk_may_create_or_change_papers(board, paper, who, client):
    body, meeting, _, private, _ = board
    if who != "anonymous":
        other = Body.objects.create(code="cp-elsewhere", name="Elsewhere Board", kind="board")
        role = {"no_role": (None, None), "board_member": (Role.BOARD_MEMBER, body),
                "clerk_elsewhere": (Role.COMMITTEE_ADMIN, other)}[who]
        client = client_for(make_user(f"cp-{who}", *role))
    item = MinuteItem.objects.create(meeting=meeting, number="4", title="Better Care Fund plan", position=1)
    rec = Recommendation.objects.filter(paper=paper).first()
    contact = PaperContact.objects.create(paper=paper, name="Jo Smith")
    p = f"/papers/{paper.code}"
    posts = {f"/meetings/{meeting.code}/agenda-items/{private.pk}/paper/": {"title": "X"},
             f"{p}/recommendations/new/": {"verb": "Note", "text": "X"},
             f"{p}/recommendations/{rec.pk}/": {"verb": "Note", "text": "X"},
             f"{p}/recommendations/{rec.pk}/move/": {"direction": "down"},
             f"{p}/recommendations/{rec.pk}/remove/": {},
             f"{p}/implications/": {"financial": "X"},
             f"{p}/contacts/new/": {"name": "X"}, f"{p}/contacts/{contact.pk}/": {"name": "X"},
             f"{p}/contacts/{contact.pk}/remove/": {},
             f"/meetings/{meeting.code}/items/{item.pk}/resolutions/new/": {"text": "X"}}
    assert "/paper/" not in client.get(meeting.get_absolute_url()).content.decode()  # no "Add a paper" link
    assert "/recommendations/" not in client.get(paper.get_absolute_url()).content.decode()
    expected = {302} if who == "anonymous" else {403, 404}
    if who == "anonymous":
        expected |= {404}  # an unpublished paper is not even visible: not found rather than sign-in
    for url, data in posts.items():
        if not url.endswith("/move/"):
            assert client.get(url).status_code in expected, url
        response = client.post(url, data)
        assert response.status_code in expected, url
        if who == "anonymous" and response.status_code == 302:
            assert "/login" in response["Location"] or "sign" in response["Location"], url
    assert recs(paper) == [("Note", "the plan"), ("Approve", "the pooled budget"), ("Agree", "the next steps")]
    assert not Paper.objects.filter(agenda_item=private).exists() and not Resolution.objects.filter(meeting=meeting).exists()
    assert list(paper.contacts.values_list("name", flat=True)) == ["Jo Smith"]
    paper.refresh_from_db()
    assert paper.implications == {}


# ---------------------------------------------------------------- the chain


def test_from_agenda_item_to_resolution_once_in_the_minutes(board):
    _, meeting, public, _, clerk = board
    assert "created" in banner(clerk.post(f"/meetings/{meeting.code}/agenda-items/{public.pk}/paper/", {"title": ""},
                                          follow=True))
    paper = Paper.objects.get(agenda_item=public)
    for verb, text in [("Note", "the plan"), ("Approve", "the pooled budget")]:
        assert "added" in banner(clerk.post(f"/papers/{paper.code}/recommendations/new/", {"verb": verb, "text": text},
                                            follow=True))
    assert "marked as held" in banner(clerk.post(f"/meetings/{meeting.code}/held/", follow=True))
    clerk.post(f"/meetings/{meeting.code}/items/new/", {"agenda_item": public.pk, "title": "", "number": "", "part": ""})
    item = MinuteItem.objects.get(meeting=meeting, agenda_item=public)
    url = f"/meetings/{meeting.code}/items/{item.pk}/draft-resolutions/"
    clerk.post(url, {"paper": paper.pk})
    clerk.post(url, {"paper": paper.pk})  # twice: nothing drafted twice
    page = soup(clerk.get(meeting.get_absolute_url()))
    shown = [li.get_text(" ", strip=True) for li in page.select(f"#minute-item-{item.pk} [data-resolution]")]
    assert len(shown) == 2 and sum("Approve the pooled budget" in s for s in shown) == 1
    assert page.get_text().count("Approve the pooled budget") == 1
    assert [r.number for r in Resolution.objects.filter(item=item)] == [f"{TODAY.year}/001", f"{TODAY.year}/002"]
