"""Each meeting record decides its own privacy: private records added through the documented data
format (``part:``, meeting status, informal kind) never reach anonymous users or signed-in users
without a role, on any page, print, feed, API answer or PDF, while a board member of the body does
see them (so each assertion can fail). Clerk steps are refused to everyone but the body's clerk."""

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.governance.models import Body
from wellboard.imports.datafile import load_files
from wellboard.meetings import workflows
from wellboard.meetings.models import Action, Declaration, Meeting, MinuteItem, Resolution
from wellboard.plans.models import PlanItem

pytestmark = pytest.mark.django_db

BODY = "norfolk-hwb"
HELD, DRAFT, INFORMAL = "norfolk-hwb-2030-01-10", "norfolk-hwb-2030-03-14", "norfolk-hwb-2030-02-07"
CULTURE, JHWS = "nottingham-healthy-culture-2016", "nottingham-jhws-2013"
MARKERS = ["PRIVMARK-AGENDA-B", "PRIVMARK-MINUTE-OTHER", "PRIVMARK-PARA-OTHER", "PRIVMARK-MINUTE-UNNUMBERED",
           "PRIVMARK-RES-B", "PRIVMARK-ACTION-B", "PRIVMARK-DECL-B", "PRIVMARK-RETIRE-1", "PRIVMARK-RETIRE-2",
           "PRIVMARK-DRAFT-ITEM", "PRIVMARK-DRAFT-RES", "PRIVMARK-DRAFT-ACTION", "PRIVMARK-VENUE",
           "PRIVMARK-INFORMAL-AGENDA"]
PERSON = "Dan Mobbs"

DATA = {
    "format": "wellboard/1",
    "meetings": [
        {"code": HELD, "body": BODY, "date": "2030-01-10", "status": "minutes_approved",
         "agenda": [{"number": "1", "title": "Welcome and apologies", "kind": "standing"},
                    {"number": "2", "title": "PRIVMARK-AGENDA-B", "part": "B", "exemption": "Schedule 12A paragraph 3"}],
         "declarations": [{"person": PERSON, "item": "2", "type": "other", "nature": "PRIVMARK-DECL-B"}],
         "minutes": {"items": [
             {"number": "1", "title": "Welcome and apologies", "paragraphs": [{"number": "1.1", "text": "All welcome."}]},
             # Part B, minuted under another number than its agenda number: private by its own part.
             {"number": "9", "title": "PRIVMARK-MINUTE-OTHER", "part": "B",
              "paragraphs": [{"number": "9.1", "text": "PRIVMARK-PARA-OTHER"}],
              "resolutions": [{"text": "PRIVMARK-RES-B", "actions": [{"description": "PRIVMARK-ACTION-B"}]},
                              {"text": "PRIVMARK-RETIRE-1"}, {"text": "PRIVMARK-RETIRE-2"}]},
             {"title": "PRIVMARK-MINUTE-UNNUMBERED", "part": "B"},
         ]}},
        {"code": DRAFT, "body": BODY, "date": "2030-03-14", "status": "held",
         "agenda": [{"number": "1", "title": "Public item"}],
         "minutes": {"items": [{"number": "1", "title": "PRIVMARK-DRAFT-ITEM", "resolutions": [
             {"text": "PRIVMARK-DRAFT-RES", "actions": [{"description": "PRIVMARK-DRAFT-ACTION"}]}]}]}},
        {"code": INFORMAL, "body": BODY, "date": "2030-02-07", "kind": "informal", "venue": "PRIVMARK-VENUE",
         "agenda": [{"number": "1", "title": "PRIVMARK-INFORMAL-AGENDA"}]},
    ],
}


@pytest.fixture
def private(tmp_path: Path):
    path = tmp_path / "private.yaml"
    path.write_text(yaml.safe_dump(DATA, sort_keys=False))
    load_files([path])
    held = Meeting.objects.get(code=HELD)
    retire = {r.text: r for r in Resolution.objects.filter(meeting=held)}
    workflows.retire_item(retire["PRIVMARK-RETIRE-1"], PlanItem.objects.get(strategy__code=CULTURE, ref="t1-mecc"))
    jhws_item = PlanItem.objects.filter(strategy__code=JHWS, retired=False, kind="action").first() or \
        PlanItem.objects.filter(strategy__code=JHWS, retired=False).exclude(parent=None).first()
    workflows.retire_item(retire["PRIVMARK-RETIRE-2"], jhws_item)
    return held, jhws_item


def test_parts_and_approval_are_stored_on_each_record(private):
    held, _ = private
    other = MinuteItem.objects.get(meeting=held, title="PRIVMARK-MINUTE-OTHER")
    assert other.agenda_item is None and other.part == "B" and other.approved
    assert MinuteItem.objects.get(title="PRIVMARK-MINUTE-UNNUMBERED").part == "B"
    assert Resolution.objects.get(text="PRIVMARK-RES-B").part == "B"  # copied from its minute item
    assert Action.objects.get(description="PRIVMARK-ACTION-B").part == "B"
    assert Declaration.objects.get(nature="PRIVMARK-DECL-B").part == "B"  # its item 2 is Part B
    assert MinuteItem.objects.get(meeting=held, number="1").part == "A"
    draft = Resolution.objects.get(text="PRIVMARK-DRAFT-RES")
    assert draft.part == "A" and not draft.approved
    assert PlanItem.objects.get(strategy__code=CULTURE, ref="t1-mecc").retired_reason == ""


def _urls(jhws_item):
    held, informal = Meeting.objects.get(code=HELD), Meeting.objects.get(code=INFORMAL)
    mecc = PlanItem.objects.get(strategy__code=CULTURE, ref="t1-mecc")
    return [f"/meetings/{code}/{suffix}" for code in (HELD, DRAFT, INFORMAL) for suffix in ("", "agenda/", "minutes/")] + [
        f"/bodies/{BODY}/", f"/bodies/{BODY}/meetings.ics", "/api/v1/meetings/", f"/api/v1/meetings/?body={BODY}",
        f"/api/v1/meetings/{held.pk}/", f"/api/v1/meetings/{informal.pk}/",
        f"/api/v1/meetings/{Meeting.objects.get(code=DRAFT).pk}/",
        f"/plans/{CULTURE}/", f"/plans/{CULTURE}/items/{mecc.pk}/", f"/plans/{JHWS}/items/{jhws_item.pk}/",
        f"/plans/{JHWS}/", f"/plans/{JHWS}/progress-report/", f"/plans/{JHWS}/progress-report.pdf",
        f"/plans/{CULTURE}/action-plan/", f"/plans/{CULTURE}/action-plan.pdf",
        f"/api/v1/plans/{CULTURE}/", f"/api/v1/plans/{JHWS}/",
    ]


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(response.content)).pages)
    return response.content.decode()


def _seen(client, urls) -> dict[str, set[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        text = _text(response) if response.status_code == 200 else ""
        found[url] = {m for m in MARKERS if m in text}
    return found


@pytest.mark.parametrize("who", ["anonymous", "no_role", "member_elsewhere"])
def test_no_private_marker_reaches_users_without_a_role(private, client, who):
    _, jhws_item = private
    if who == "no_role":
        client = client_for(make_user("nobody"))
    elif who == "member_elsewhere":
        client = client_for(make_user("elsewhere", Role.BOARD_MEMBER, Body.objects.get(code="nottingham-hwb")))
    leaks = {url: markers for url, markers in _seen(client, _urls(jhws_item)).items() if markers}
    assert leaks == {}
    assert client.get(f"/meetings/{INFORMAL}/").status_code == 404
    assert client.get(f"/meetings/{DRAFT}/minutes/").status_code == 404


def test_a_board_member_of_the_body_sees_every_private_record(private):
    _, jhws_item = private
    member = client_for(make_user("member-here", Role.BOARD_MEMBER, Body.objects.get(code=BODY)))
    seen = set().union(*_seen(member, _urls(jhws_item)).values())
    assert seen == set(MARKERS)
    held = member.get(f"/meetings/{HELD}/").content.decode()
    assert "PRIVMARK-DECL-B" in held and "PRIVMARK-RES-B" in held
    assert "PRIVMARK-VENUE" in member.get(f"/api/v1/meetings/?body={BODY}").content.decode()


def test_anonymous_still_sees_the_public_parts(private, client):
    page = client.get(f"/meetings/{HELD}/").content.decode()
    assert "Welcome and apologies" in page and "All welcome." in page and "Exempt item" in page
    assert PERSON in page  # that an interest was declared is public; its nature is not
    item = client.get(f"/plans/{CULTURE}/items/{PlanItem.objects.get(strategy__code=CULTURE, ref='t1-mecc').pk}/")
    assert "Retired by decision of Norfolk" in item.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "no_role", "board_member", "clerk_elsewhere"])
def test_clerk_steps_are_refused_to_everyone_but_the_bodys_clerk(private, client, who):
    body = Body.objects.get(code=BODY)
    if who == "no_role":
        client = client_for(make_user("nobody"))
    elif who == "board_member":
        client = client_for(make_user("member", Role.BOARD_MEMBER, body))
    elif who == "clerk_elsewhere":
        client = client_for(make_user("other-clerk", Role.COMMITTEE_ADMIN, Body.objects.get(code="nottingham-hwb")))
    draft = Meeting.objects.get(code=DRAFT)
    later = Meeting.objects.create(body=body, code="norfolk-hwb-2030-05-01", date=dt.date(2030, 5, 1), status="held")
    approve = client.post(f"/meetings/{DRAFT}/approve-minutes/", {"at_meeting": later.pk})
    action = client.post(f"/meetings/{DRAFT}/actions/", {"description": "Sneaky action"})
    expected = {302} if who == "anonymous" else {403}
    assert approve.status_code in expected and action.status_code in expected
    draft.refresh_from_db()
    assert draft.status == "held" and not MinuteItem.objects.filter(meeting=draft, approved=True).exists()
    assert not Action.objects.filter(description="Sneaky action").exists()
    # An informal meeting's steps do not even reveal that it exists to a signed-in outsider.
    if who in ("no_role", "clerk_elsewhere"):
        assert client.post(f"/meetings/{INFORMAL}/build-agenda/").status_code == 404


def test_the_bodys_clerk_may_run_them_and_approval_marks_every_record(private):
    body = Body.objects.get(code=BODY)
    clerk = client_for(make_user("clerk-here", Role.COMMITTEE_ADMIN, body))
    later = Meeting.objects.create(body=body, code="norfolk-hwb-2030-05-01", date=dt.date(2030, 5, 1), status="held")
    assert clerk.post(f"/meetings/{DRAFT}/approve-minutes/", {"at_meeting": later.pk}).status_code == 302
    assert Resolution.objects.get(text="PRIVMARK-DRAFT-RES").approved
    assert Action.objects.get(description="PRIVMARK-DRAFT-ACTION").approved
