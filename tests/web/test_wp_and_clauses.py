"""Work programme in the API (each entry's own privacy), and the clerk's forms for what the data
format gained: a resolution's lettered clauses, a work-programme entry's timing and part, and a
recommendation's free-text verb. Each through its page: the round trip, and bad input answered
with an error summary linking to the field while nothing changes."""

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.governance.models import Body
from wellboard.meetings import workflows, workflows_minutes, workflows_papers
from wellboard.meetings.models import (
    AgendaItem,
    Meeting,
    Recommendation,
    Resolution,
    WorkProgrammeEntry,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def board():
    body = Body.objects.create(code="wpc", name="Work Programme Board", kind="board")
    formal = Meeting.objects.create(body=body, code="wpc-formal", date=TODAY)
    informal = Meeting.objects.create(body=body, code="wpc-informal", date=TODAY, kind=Meeting.Kind.INFORMAL)
    clerk = client_for(make_user("wpc-clerk", Role.COMMITTEE_ADMIN, body))
    member = client_for(make_user("wpc-member", Role.BOARD_MEMBER, body))
    return body, formal, informal, clerk, member


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def summary_links(response):
    return [(a["href"], a.get_text(" ", strip=True)) for a in soup(response).select(".govuk-error-summary a")]


def rows():
    return sorted(WorkProgrammeEntry.objects.values_list("title", "when_text", "part"))


# ---------------------------------------------------------------- API


def test_api_work_programme_shows_part_b_and_informal_entries_only_to_readers(board):
    body, formal, informal, _, member = board
    workflows.add_to_work_programme(body, "Public report", when_text="Autumn 2031", target_meeting=formal)
    workflows.add_to_work_programme(body, "Exempt contract report", part="B", when_text="Spring 2031")
    workflows.add_to_work_programme(body, "Report to the informal meeting", target_meeting=informal)
    url = "/api/v1/bodies/wpc/work-programme/"

    public = Client().get(url)
    assert public.status_code == 200
    assert [e["title"] for e in public.json()] == ["Public report"]
    assert b"Exempt contract" not in public.content and b"informal meeting" not in public.content
    (entry,) = public.json()
    assert (entry["when_text"], entry["part"], entry["meeting"], entry["meeting_date"]) == (
        "Autumn 2031", "A", formal.pk, TODAY.isoformat())

    seen = {e["title"]: e for e in member.get(url).json()}
    assert set(seen) == {"Public report", "Exempt contract report", "Report to the informal meeting"}
    assert (seen["Exempt contract report"]["part"], seen["Exempt contract report"]["when_text"]) == ("B", "Spring 2031")
    # A signed-in user without a role over this body is the public here.
    outsider = client_for(make_user("wpc-outsider", Role.BOARD_MEMBER, Body.objects.create(code="other", name="Other")))
    assert [e["title"] for e in outsider.get(url).json()] == ["Public report"]


def test_api_work_programme_of_an_unknown_body_is_404(board):
    assert Client().get("/api/v1/bodies/no-such-body/work-programme/").status_code == 404


def test_api_work_programme_is_in_the_openapi_schema():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/bodies/{code}/work-programme/" in paths


def test_a_part_b_entry_becomes_a_part_b_agenda_item(board):
    body, formal, *_ = board
    workflows.add_to_work_programme(body, "Exempt contract report", part="B", target_meeting=formal)
    workflows.build_agenda(formal)
    assert AgendaItem.objects.get(meeting=formal, title="Exempt contract report").part == "B"


# ---------------------------------------------------------------- work-programme form


def test_work_programme_form_sets_when_and_part(board):
    body, _, _, clerk, member = board
    added = clerk.post("/bodies/wpc/work-programme/", {"title": "Exempt contract report", "target_meeting": "",
                                                       "when_text": "Spring 2031", "part": "B", "lead_officer": "",
                                                       "author": ""}, follow=True)
    assert "added to the work programme" in added.content.decode()
    assert rows() == [("Exempt contract report", "Spring 2031", "B")]
    assert b"Exempt contract report" not in Client().get("/bodies/wpc/").content
    page = member.get("/bodies/wpc/").content.decode()
    assert "Exempt contract report" in page and "Spring 2031" in page
    # Left out, the part is A (the forward plan is published).
    clerk.post("/bodies/wpc/work-programme/", {"title": "Public report", "when_text": "Summer 2031"})
    assert b"Public report" in Client().get("/bodies/wpc/").content
    assert ("Public report", "Summer 2031", "A") in rows()


@pytest.mark.parametrize("data, link, words", [
    ({"part": "C"}, "#wp-part", "Choose Part A (public) or Part B (private)"),
    ({"when_text": "x" * 201}, "#wp-when", "200 characters or fewer"),
])
def test_work_programme_form_refuses_bad_when_or_part(board, data, link, words):
    *_, clerk, _ = board
    refused = clerk.post("/bodies/wpc/work-programme/", {"title": "A report", **data})
    assert refused.status_code == 400
    links = summary_links(refused)
    assert [h for h, _ in links] == [link] and words in links[0][1]
    assert soup(refused).select_one(link)  # the link lands on the input
    assert rows() == []


# ---------------------------------------------------------------- resolution clauses


@pytest.fixture
def resolution(board):
    _, formal, _, clerk, _ = board
    item = workflows_minutes.add_minute_item(formal, "Digital inclusion", part="A")
    res = Resolution.objects.create(meeting=formal, item=item, text="That the Board:",
                                    clauses=[{"label": "a", "text": "notes the report"}])
    return res, f"/meetings/{formal.code}/resolutions/{res.pk}/", clerk


def test_resolution_form_edits_clauses(resolution):
    res, url, clerk = resolution
    form = soup(clerk.get(url))
    assert form.select_one("#id_clauses").get_text().strip() == "(a) notes the report"
    version = form.select_one("input[name=version]")["value"]
    saved = clerk.post(url, {"text": "That the Board:", "version": version, "clauses":
                             "(a) notes the report\n(b) continues to support the programme,\n  and its funding\n\n"
                             "(iv) asks for a report"}, follow=True)
    assert "Resolution saved" in saved.content.decode()
    res.refresh_from_db()
    assert res.clauses == [{"label": "a", "text": "notes the report"},
                           {"label": "b", "text": "continues to support the programme,\nand its funding"},
                           {"label": "iv", "text": "asks for a report"}]
    # The form draws them back as typed, so saving unchanged keeps them.
    again = soup(clerk.get(url))
    clerk.post(url, {"text": "That the Board:", "version": again.select_one("input[name=version]")["value"],
                     "clauses": again.select_one("#id_clauses").get_text()})
    assert Resolution.objects.get(pk=res.pk).clauses == res.clauses
    entry = LogEntry.objects.get_for_object(res).filter(action=LogEntry.Action.UPDATE).order_by("pk").first()
    assert entry is not None and "clauses" in entry.changes_dict
    # Emptied, the resolution has no clauses.
    now = Resolution.objects.get(pk=res.pk)
    clerk.post(url, {"text": "Noted.", "version": now.version, "clauses": ""})
    assert Resolution.objects.get(pk=res.pk).clauses == []


@pytest.mark.parametrize("clauses, words", [
    ("(a) notes the report\n(b)   ", "Line 2: Clause (b) has no text"),
    ("notes the report", "Line 1 does not start with a clause letter"),
    ("(a) notes\n(a) again", "Line 2: Clause (a) is used twice"),
    ("(Note) the report", "Line 1: Clause 1 needs a letter or number"),
])
def test_resolution_form_refuses_bad_clauses_and_changes_nothing(resolution, clauses, words):
    res, url, clerk = resolution
    before = Resolution.objects.values().get(pk=res.pk)
    refused = clerk.post(url, {"text": "Changed text", "version": res.version, "clauses": clauses})
    assert refused.status_code == 400
    links = summary_links(refused)
    assert [h for h, _ in links] == ["#id_clauses"] and words in links[0][1]
    assert soup(refused).select_one("#id_clauses").get_text().strip() == clauses.strip()  # input kept
    assert Resolution.objects.values().get(pk=res.pk) == before


def test_a_stale_clause_save_is_refused_and_shows_their_clauses(resolution):
    res, url, clerk = resolution
    version = res.version
    workflows.edit_resolution(res, "That the Board:", clauses=[{"label": "a", "text": "someone else's clause"}])
    stale = clerk.post(url, {"text": "That the Board:", "version": version, "clauses": "(a) mine"})
    assert stale.status_code == 409
    assert "someone else's clause" in soup(stale).select_one("#stale").get_text()
    assert soup(stale).select_one("#id_clauses").get_text().strip() == "(a) mine"
    assert Resolution.objects.get(pk=res.pk).clauses == [{"label": "a", "text": "someone else's clause"}]


def test_clauses_are_checked_by_the_step_too(resolution):
    from django.core.exceptions import ValidationError
    res, *_ = resolution
    with pytest.raises(ValidationError) as refused:
        workflows.edit_resolution(res, "That the Board:", clauses=[{"label": "a", "text": " "}])
    assert "clauses" in refused.value.message_dict
    assert Resolution.objects.get(pk=res.pk).clauses == [{"label": "a", "text": "notes the report"}]


# ---------------------------------------------------------------- recommendation verb


@pytest.fixture
def paper(board):
    _, formal, _, clerk, _ = board
    item = AgendaItem.objects.create(meeting=formal, number="4", title="Strategy refresh", position=1)
    return workflows_papers.create_paper(formal, item), clerk


def test_recommendation_takes_a_free_text_verb_with_the_usual_six_suggested(paper):
    paper, clerk = paper
    base = f"/papers/{paper.code}/recommendations/"
    form = soup(clerk.get(base + "new/"))
    field = form.select_one("#id_verb")
    assert field.name == "input" and field["list"] == "verb-suggestions"
    assert [o["value"] for o in form.select("datalist#verb-suggestions option")] == Recommendation.Verb.values
    assert form.select_one("label[for=id_verb]")
    clerk.post(base + "new/", {"verb": " continue to support ", "text": "the refreshed strategy"})
    rec = Recommendation.objects.get(paper=paper)
    assert (rec.verb, rec.text) == ("continue to support", "the refreshed strategy")
    assert soup(clerk.get(f"{base}{rec.pk}/")).select_one("#id_verb")["value"] == "continue to support"
    clerk.post(f"{base}{rec.pk}/", {"verb": "Consider", "text": "the refreshed strategy"})
    assert Recommendation.objects.get(pk=rec.pk).verb == "Consider"


@pytest.mark.parametrize("verb, words", [("x" * 101, "100 characters or fewer (it has 101)"),
                                         ("   ", "Enter what the body is asked to do")])
def test_a_bad_verb_is_refused_and_changes_nothing(paper, verb, words):
    paper, clerk = paper
    base = f"/papers/{paper.code}/recommendations/"
    rec = workflows_papers.add_recommendation(paper, "Note", "the plan")
    for url in (base + "new/", f"{base}{rec.pk}/"):
        refused = clerk.post(url, {"verb": verb, "text": "the plan, amended"})
        assert refused.status_code == 400
        links = summary_links(refused)
        assert [h for h, _ in links] == ["#id_verb"] and words in links[0][1]
    assert list(Recommendation.objects.filter(paper=paper).values_list("verb", "text")) == [("Note", "the plan")]
