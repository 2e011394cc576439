"""Issue 9's acceptance: a committee pack written from docs/data-format.md alone (Westmoor, invented:
tests/data/packs/westmoor-asch-2018.yaml) loads, shows as the paper does, and keeps private what
is private from anonymous pages and the API."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.governance.models import Body
from wellboard.imports.datafile import load_files
from wellboard.indicators.models import Indicator
from wellboard.meetings.models import Meeting, MinuteItem
from wellboard.meetings.workflows_papers import add_resolution

pytestmark = pytest.mark.django_db

PACK = Path(__file__).parent.parent / "data" / "packs" / "westmoor-asch-2018.yaml"
JANUARY, MARCH = "westmoor-asch-2018-01-17", "westmoor-asch-2018-03-14"
# Private words of the pack: the Part B item and paper, the Part B work-programme entry, contact details.
PRIVATE = ["Homecare framework", "preferred bidders", "mobilisation and provider failure",
           "01632", "westmoor.example.gov.uk", "Schedule 12A paragraph 3"]


@pytest.fixture
def pack():
    return load_files([PACK])


@pytest.fixture
def member_client():
    body = Body.objects.get(code="westmoor-asch")
    return client_for(make_user("westmoor-member", Role.BOARD_MEMBER, body))


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return node.get_text(" ", strip=True)


def test_loading_again_changes_nothing(pack):
    assert pack.tally.total("created") > 100
    again = load_files([PACK])
    assert again.summary().splitlines()[0].startswith("Loaded 1 file(s): 0 created, 0 changed, ")
    assert all(c.get("created", 0) == 0 and c.get("changed", 0) == 0 for c in again.counts.values())


def test_draft_minutes_show_attendance_as_printed(pack, client):
    doc = page(client, f"/meetings/{JANUARY}/")
    assert text(doc.select_one("#minutes-draft-for-approval")) == "Draft – to be approved at the meeting on 14 March 2018"
    assert "Approved as a correct record" not in doc.get_text()
    present = [text(r) for r in doc.select("#present tr")]
    assert "Cllr Brian Chadwick (replaced Cllr David Keane for this meeting) Westmoor County Council" in present
    apologies = [text(li) for li in doc.select("#apologies li")]
    assert apologies[0] == "Cllr Susan Trelawny (substituted by Cllr Nadia Rahman)"
    assert apologies[1].startswith("Graham Pettit (substituted by Lucy Vance) inferred")
    absent = text(doc.find("h3", string="Absent").find_next("ul"))
    assert "Cllr Harriet Lomax" in absent and "Cllr David Keane" in absent
    assert "Lomax" not in text(doc.select_one("#apologies"))


def test_resolutions_as_printed_and_numbering_continues(pack, client):
    doc = page(client, f"/meetings/{JANUARY}/minutes/")
    resolutions = [text(r) for r in doc.select("[data-resolution]")]
    assert resolutions[0] == "RESOLVED 2018/017 That the Sub-Committee notes the winter pressures report."
    assert resolutions[1].startswith("RESOLVED 2018/018 That the Sub-Committee:")
    assert [text(li) for li in doc.select("[data-clause]")] == [
        "(a) notes the progress made in extending the service",
        "(b) continues to support the roll-out to Westmoor Vale",
        "(c) asks for a report on outcomes to the June 2018 meeting"]
    item = MinuteItem.objects.get(meeting__code=JANUARY, number="5")
    assert add_resolution(item, "That a letter of thanks be sent to the navigators.").number == "2018/019"


def test_pack_agenda_page_ranges_notes_links_and_part_b(pack, client, member_client):
    for url in (f"/meetings/{MARCH}/", f"/meetings/{MARCH}/agenda/"):
        doc = page(client, url)
        rows = {r["data-agenda-item"]: [text(td) for td in r.select("td")] for r in doc.select("[data-agenda-item]")}
        assert rows["2"][-1] == "1–6" and rows["4"][-1] == "7–24" and rows["6"][-1] == "39"
        assert rows["5"][-1].startswith("25–38 inferred The page range is missing")
        assert rows["9"][1] == "Exempt item"
        notes = doc.get_text(" ", strip=True)
        assert "1. Members are reminded to declare any interest" in notes
        assert "3. Information updates are not presented at the meeting" in notes
        hrefs = [a["href"] for a in doc.select("a")]
        assert "https://www.gov.uk/government/collections/adult-social-care-outcomes-framework-ascof" in hrefs
        for word in PRIVATE:
            assert word not in doc.get_text(), (url, word)
    member = page(member_client, f"/meetings/{MARCH}/")
    assert "Homecare framework contract award" in member.get_text()
    assert "Private: Schedule 12A paragraph 3" in text(member)
    assert page(member_client, "/papers/westmoor-asch-homecare-contract/")
    assert client.get("/papers/westmoor-asch-homecare-contract/").status_code == 404


def test_paper_keeps_free_verbs_and_reports_the_placeholder_signoff(pack, client):
    doc = page(client, "/papers/westmoor-asch-performance-q3/")
    body = text(doc)
    assert "consider the performance set out in Appendix A" in body
    assert "continues to support the delayed transfers of care recovery plan" in body
    assert "Financial comments (RJB 26/02/2018)" in body
    assert "Not signed off" in body and "(xx)" in body
    assert "Tom Fielding" not in body and "01632" not in body


def test_scorecard_shows_the_measure_table_as_printed(pack, client):
    doc = page(client, "/plans/westmoor-asc-performance-2017-18/indicators/")
    body = text(doc)
    assert "84.2% Latest (period not stated) National: 82.5% 82.0% Good is High" in body
    assert "National: 3.9" in body
    assert "Achieved Latest (period not stated)" in body and "“Achieved” against Good is Yes: met" in body
    assert "“Yes” against a target of Yes: met" in body
    assert "“n/a”: Good is n/a, so not assessed" in body
    assert "Latest compared with Previous" in body


def test_plan_without_rag_shows_no_rag(pack, client):
    doc = page(client, "/plans/westmoor-asc-departmental-plan-2017/")
    body = text(doc)
    assert "Extend the community navigator service to all five districts" in body
    for word in ("RAG", "Not rated", "Red", "Amber", "Green"):
        assert word not in body, word
    link = doc.find("a", string="Extend the community navigator service to all five districts")
    item = text(page(client, link["href"]))
    assert "Navigators are now in place in four of the five districts" in item
    assert "RAG" not in item and "Not rated" not in item


def test_work_programme_and_membership_source_note(pack, client, member_client):
    body = text(page(client, "/bodies/westmoor-asch/"))
    assert "Community navigator service - outcomes report" in body
    assert "Autumn 2018 Adult Social Care Local Account 2017/18" in body
    assert "inferred (holders) The membership page lists Healthwatch" in body
    assert "mobilisation and provider failure" not in body
    assert "mobilisation and provider failure" in text(page(member_client, "/bodies/westmoor-asch/"))


def test_api_gives_the_meeting_without_private_records(pack, client):
    ids = {m.code: m.pk for m in Meeting.objects.filter(body__code="westmoor-asch")}
    listing = client.get("/api/v1/meetings/?body=westmoor-asch").json()
    assert {m["code"] for m in listing} == set(ids)
    for code, pk in ids.items():
        raw = client.get(f"/api/v1/meetings/{pk}/").content.decode()
        for word in PRIVATE:
            assert word not in raw, (code, word)
    january = client.get(f"/api/v1/meetings/{ids[JANUARY]}/").json()
    assert january["minutes_for_approval_at"]
    assert any(a.get("replacing") for a in january["attendance"])
    march = client.get(f"/api/v1/meetings/{ids[MARCH]}/").json()
    assert [n["text"] for n in march["agenda_notes"]][0].startswith("Members are reminded")
    assert (march["agenda"][4]["page_from"], march["agenda"][4]["page_to"]) == (25, 38)


def test_api_lists_source_notes_on_meeting_records(pack, client):
    pk = Meeting.objects.get(code=MARCH).pk
    march = client.get(f"/api/v1/meetings/{pk}/").json()
    assert march["agenda"][4].get("source_notes"), "agenda item 5's inferred `pages` is missing from the API"
    january = client.get(f"/api/v1/meetings/{Meeting.objects.get(code=JANUARY).pk}/").json()
    assert any(a.get("source_notes") for a in january["attendance"]), "attendance `substitute` mark missing"


def test_indicator_page_shows_the_reconstructed_previous_value(pack, client):
    body = text(page(client, "/indicators/westmoor-delayed-transfers/"))
    assert "reconstructed" in body and "rejoined" in body, "no source note beside the Previous value"


def test_the_previous_note_sits_in_the_previous_row_and_beside_the_scorecard_direction(pack, client):
    rows = {r.th.get_text(" ", strip=True): r for r in page(client, "/indicators/westmoor-delayed-transfers/")
            .select("#period-table tbody tr")}
    assert "rejoined" in text(rows["Previous (period not stated)"].select("td")[0])
    assert "rejoined" not in text(rows["Latest (period not stated)"])
    card = page(client, "/plans/westmoor-asc-performance-2017-18/indicators/")
    row = card.select_one('tr[data-indicator="westmoor-delayed-transfers"]')
    direction = row.select("td")[4]
    assert "Latest compared with Previous" in text(direction) and "rejoined" in text(direction)
    assert "rejoined" not in text(row.select("td")[0])  # the Latest value is as printed
    inferred = card.select_one('tr[data-indicator="westmoor-health-checks"]').select("td")[1]
    assert "Good is n/a" in text(inferred) and "paused measure note" in text(inferred)


def test_api_lists_the_previous_note_on_the_indicator_and_on_the_previous_value(pack, client):
    pk = Indicator.objects.get(code="westmoor-delayed-transfers").pk
    detail = client.get(f"/api/v1/indicators/{pk}/").json()
    assert [(n["field"], n["kind"]) for n in detail["source_notes"]] == [("previous", "reconstructed")]
    notes = {(v["kind"], v["period"]): [n["field"] for n in v["source_notes"]] for v in detail["values"]}
    assert notes[("actual", "Previous")] == ["previous"]
    assert notes[("actual", "Latest")] == [] and notes[("target", "Latest")] == []


def test_nothing_private_in_api_json_of_the_pack(pack, client):
    raw = json.dumps([client.get(f"/api/v1/meetings/{m.pk}/").json()
                      for m in Meeting.objects.filter(body__code="westmoor-asch")])
    assert "Homecare" not in raw and "alice.brennan" not in raw
