"""Another council's committee pack (tests/data/packs/) shown as the paper shows it: temporary
replacement, absence, printed resolution numbers with lettered clauses, draft minutes awaiting
approval, page ranges and notes, the information update's link, a placeholder sign-off, verbs as
written and the work programme; on the pages, the printable documents and the API. Also the seeds'
fixed states: Norfolk's 21 September 2016 minutes are a published draft, and Nottinghamshire's
16 January 2013 meeting is not recorded as held."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.governance.models import Body
from wellboard.imports.datafile import load_files
from wellboard.meetings.models import Meeting

pytestmark = pytest.mark.django_db

PACK = Path(__file__).parent.parent / "data" / "packs" / "eastfield-improvement-sub-committee.yaml"
MARCH, JUNE = "eastfield-icsc-2018-03-14", "eastfield-icsc-2018-06-20"


@pytest.fixture
def pack():
    load_files([PACK])


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return node.get_text(" ", strip=True)


@pytest.mark.parametrize("suffix", ["", "minutes/"])
def test_draft_minutes_in_the_pack_read_as_the_paper_prints_them(pack, client, suffix):
    doc = page(client, f"/meetings/{MARCH}/{suffix}")
    assert text(doc.select_one("#minutes-draft-for-approval")) == "Draft – to be approved at the meeting on 20 June 2018"
    assert "Approved as a correct record" not in doc.get_text()
    present = [text(r) for r in doc.select("#present tr")]
    assert "Cllr Amy Lowe (replaced Cllr Tom Hale for this meeting)" in present
    assert [text(li) for li in doc.select("#apologies li")] == ["Cllr Sue Grant"]
    absent = doc.find("h3", string="Absent").find_next("ul")
    assert "Cllr Raj Patel" in text(absent) and "Cllr Raj Patel" not in text(doc.select_one("#apologies"))
    item3 = doc.select_one(".wb-minute-item[data-minute-item='3']")
    resolution = text(item3.select_one("[data-resolution]"))
    assert resolution.startswith("RESOLVED 2018/018 RESOLVED that the Sub-Committee:")
    clauses = [text(li) for li in item3.select("[data-clause]")]
    assert clauses == ["(a) notes the progress of the Digital Inclusion Programme;",
                       "(b) continues to support the volunteer digital champions scheme; and",
                       "(c) asks for a further report in September 2018."]
    assert "RESOLVED 2018/019" in text(doc.select_one(".wb-minute-item[data-minute-item='4']"))


def test_ordinary_unpublished_drafts_stay_private(pack, client):
    Meeting.objects.filter(code=MARCH).update(minutes_for_approval_at=None)
    body = client.get(f"/meetings/{MARCH}/").content.decode()
    assert "2018/018" not in body and "Amy Lowe" not in body and "minutes-draft-for-approval" not in body
    assert client.get(f"/meetings/{MARCH}/minutes/").status_code == 404
    api = client.get(f"/api/v1/meetings/{Meeting.objects.get(code=MARCH).pk}/").json()
    assert api["minutes"] == [] and api["attendance"] == [] and api["minutes_for_approval_at"] is None
    member = client_for(make_user("icsc-member", Role.BOARD_MEMBER, Body.objects.get(code="eastfield-icsc")))
    assert "2018/018" in member.get(f"/meetings/{MARCH}/").content.decode()


@pytest.mark.parametrize("suffix", ["", "agenda/"])
def test_agenda_shows_page_ranges_notes_and_the_information_link(pack, client, suffix):
    doc = page(client, f"/meetings/{JUNE}/{suffix}")
    rows = {r["data-agenda-item"]: [text(td) for td in r.select("td")] for r in doc.select("[data-agenda-item]")}
    assert rows["4"][-1] == "5–12" and rows["2"][-1] == "1–4" and rows["1"][-1] == ""
    notes = [text(li) for li in doc.select("#agenda-notes li")]
    assert notes == ["1. Members are reminded to declare any disclosable pecuniary interest at item 3.",
                     "2. The meeting may be filmed; the Chairman will announce this at the start."]
    info = doc.select_one("[data-agenda-item='6'] a")
    assert info["href"] == "https://www.eastfield.gov.uk/performance/q4-2017-18"
    assert not doc.select("a[href='#']")


def test_paper_keeps_verbs_and_shows_the_placeholder_sign_off_as_not_signed(pack, client):
    doc = page(client, "/papers/eastfield-channel-shift/")
    recs = [text(li) for li in doc.select("#recommendations li")]
    assert recs == ["consider the take-up of online services set out in section 3",
                    "continues to support the assisted digital offer at the Town Hall"]
    constitutional = doc.select_one("#signoff-constitutional").find_next_sibling("p")
    assert text(constitutional) == "Not signed off The pack prints “(xx)” in place of initials."
    assert doc.select_one("#signoff-financial").find_next_sibling("p") is None or \
        "Not signed off" not in text(doc.select_one("#signoff-financial").find_next_sibling("p"))


def test_work_programme_on_the_body_page(pack, client):
    doc = page(client, "/bodies/eastfield-icsc/")
    rows = [[text(td) for td in tr.select("td")] for tr in doc.select("[id^=work-programme-]")]
    assert ["20 June 2018", "Channel shift - six-month review"] == rows[0][:2]
    assert ["September 2018", "Digital Inclusion Programme - further report"] == rows[1][:2]


def test_api_gives_the_new_constructs(pack, client):
    march = client.get(f"/api/v1/meetings/{Meeting.objects.get(code=MARCH).pk}/").json()
    assert march["status"] == "held" and march["minutes_published"]
    assert march["minutes_for_approval_at"] == "2018-06-20" and march["minutes_approved_at"] is None
    rows = {a["person"]: a for a in march["attendance"]}
    assert rows["Cllr Amy Lowe"]["replacing"] == "Cllr Tom Hale"
    assert rows["Cllr Raj Patel"]["status"] == "absent" and rows["Cllr Sue Grant"]["status"] == "apologies"
    r18 = next(r for i in march["minutes"] for r in i["resolutions"] if r["number"] == "2018/018")
    assert [c["label"] for c in r18["clauses"]] == ["a", "b", "c"]
    june = client.get(f"/api/v1/meetings/{Meeting.objects.get(code=JUNE).pk}/").json()
    items = {a["number"]: a for a in june["agenda"]}
    assert (items["4"]["page_from"], items["4"]["page_to"]) == (5, 12)
    assert items["6"]["link"] == "https://www.eastfield.gov.uk/performance/q4-2017-18"
    assert [n["number"] for n in june["agenda_notes"]] == ["1", "2"]


def test_norfolk_minutes_of_21_september_2016_are_a_published_draft(client):
    sep = Meeting.objects.get(code="norfolk-hwb-2016-09-21")
    assert sep.status == "held" and sep.minutes_for_approval_at.code == "norfolk-hwb-2017-02-08"
    assert not sep.minute_items.filter(approved=True).exists()
    api = client.get(f"/api/v1/meetings/{sep.pk}/").json()
    assert api["minutes_published"] and api["minutes_for_approval_at"] == "2017-02-08"
    feb = client.get(f"/meetings/{'norfolk-hwb-2017-02-08'}/").content.decode()
    assert 'href="#"' not in feb  # the pack's "[link](#)" information updates carry no false link


def test_nottinghamshire_meeting_the_report_went_to_is_not_recorded_as_held():
    assert Meeting.objects.get(code="notts-hwb-2013-01-16").status == "agenda_published"


def test_published_draft_shows_its_part_a_and_hides_its_part_b(tmp_path, client):
    from tests.private_fixture import add_private_records, mark

    add_private_records(tmp_path)
    doc = page(client, "/meetings/privfix-published-draft/")
    body = doc.get_text(" ", strip=True)
    assert "Privfix public draft paragraph." in body and "Exempt item" in body
    assert text(doc.select_one("#minutes-draft-for-approval")).startswith("Draft – to be approved")
    for secret in (mark("draftpartbminute"), mark("draftpartbclause"), mark("draftpartbagenda")):
        assert secret not in body
    unpublished = client.get("/meetings/privfix-unapproved/").content.decode()
    assert mark("unapprovedclause") not in unpublished and "minutes-draft-for-approval" not in unpublished
    forward = client.get("/bodies/norfolk-hwb/").content.decode()
    assert "Privfix public forward plan entry" in forward and "Summer 2031" in forward
    assert mark("partbworkprogramme") not in forward and mark("informalworkprogramme") not in forward
