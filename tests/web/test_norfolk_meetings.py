"""Seed 004 (Norfolk HWB, 8 February 2017, with the minutes of 21 September 2016) is complete,
and the public never sees Part B material or unapproved minutes."""

import pytest
from bs4 import BeautifulSoup

from wellboard.meetings.models import Meeting

pytestmark = pytest.mark.django_db

FEB = "norfolk-hwb-2017-02-08"
SEP = "norfolk-hwb-2016-09-21"
AGENDA_FEB = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
PRESENTERS = {"6": "Wendy Thomson", "7": "Catherine Underwood", "8": "Jon Shalom", "9": "Chris Butwright",
              "10": "Sandra Dinneen, Sam Cayford, Matthew Cross, Robert Read"}
APOLOGY_SUBS = {"Lorne Green": "Dr Gavin Thompson", "Catherine Underwood": "Sera Hall",
                "Michael Scott": "Debbie White"}


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_membership_seats_substitutes_vacancy_and_invitees(client):
    page = soup(client.get("/bodies/norfolk-hwb/"))
    # The front sheet's run-together membership lines were rebuilt: each seat says so.
    notes = page.select("#members .wb-source-note")
    assert notes and all("reconstructed" in n.select_one("summary").get_text() or "inferred" in n.get_text()
                         for n in notes)
    for note in page.select(".wb-source-note"):
        note.decompose()
    members = page.select("#members tbody tr")
    invitees = page.select("#invitees tbody tr")
    assert (len(members), len(invitees)) == (26, 7)
    rows = {r.select("td")[2].get_text(strip=True): r for r in members}
    assert rows["Healthwatch Norfolk"].select("td")[0].get_text(strip=True) == "William Armstrong"
    assert rows["Healthwatch Norfolk"].select("td")[1].get_text(strip=True) == "Alex Stewart"
    assert rows["South Norfolk District Council"].select("td")[1].get_text(strip=True) == "Cllr David Bills"
    assert rows["North Norfolk District Council"].select("td")[0].get_text(strip=True) == "Vacancy"
    subs = sum(len([x for x in r.select("td")[1].get_text(strip=True).split(", ") if x]) for r in members + invitees)
    assert subs == 21
    inv = {r.select("td")[2].get_text(strip=True): r.select("td")[0].get_text(strip=True) for r in invitees}
    assert inv["James Paget University Hospital"] == "Christine Allen"


def test_agenda_of_8_february_2017_with_presenters_and_to_follow(client):
    page = soup(client.get(f"/meetings/{FEB}/"))
    numbered = [r["data-agenda-item"] for r in page.select("#agenda tr[data-agenda-item]") if r["data-agenda-item"]]
    assert numbered == AGENDA_FEB
    for number, presenter in PRESENTERS.items():
        row = page.select_one(f"#agenda tr[data-agenda-item='{number}']")
        assert row.select("td")[2].get_text(strip=True) == presenter
    assert "To Follow" in page.select_one("#agenda tr[data-agenda-item='6']").get_text()
    info = page.select("#agenda tr[data-kind=information]")
    assert len(info) == 3


def test_the_public_sees_part_b_only_as_exempt(client, staff_client):
    public = client.get(f"/meetings/{FEB}/").content.decode()
    assert "Driving Integration" not in public and "Exempt item" in public
    assert "Driving Integration" in staff_client.get(f"/meetings/{FEB}/").content.decode()
    api = client.get(f"/api/v1/meetings/{Meeting.objects.get(code=FEB).pk}/").json()
    part_b = [a for a in api["agenda"] if a["part"] == "B"]
    assert part_b and all(a["title"] == "Exempt item" and not a["presenters"] and a["exempt"] for a in part_b)
    assert "Driving Integration" not in client.get(f"/meetings/{FEB}/agenda/").content.decode()
    assert "Driving Integration" not in client.get("/bodies/norfolk-hwb/meetings.ics").content.decode()


def test_minutes_of_21_september_2016_are_complete(client):
    page = soup(client.get(f"/meetings/{SEP}/"))
    assert len(page.select("#present tr")) == 17
    apologies = [li.get_text(" ", strip=True) for li in page.select("#apologies li")]
    assert len(apologies) == 18
    for person, sub in APOLOGY_SUBS.items():
        assert any(a.startswith(person) and f"(substituted by {sub})" in a for a in apologies), person
    assert "Dan Mobbs: Other interest in item 7" in page.select_one("#declarations").get_text(" ", strip=True)
    items = page.select(".wb-minute-item")
    assert [i["data-minute-item"] for i in items] == [str(n) for n in range(1, 9)]
    assert len(page.select(".wb-paragraph")) == 22
    assert len(page.select("[data-resolution]")) == 8
    # The pack prints them for approval at 8 February 2017, signature line blank: a published draft.
    draft = page.select_one("#minutes-draft-for-approval").get_text(" ", strip=True)
    assert draft == "Draft – to be approved at the meeting on 8 February 2017"
    assert "Approved as a correct record" not in page.get_text()
    resolved = page.select_one(".wb-minute-item[data-minute-item='6']").get_text(" ", strip=True)
    assert "Note the progress with the STP" in resolved


def test_api_meeting_detail_matches(client):
    sep = client.get(f"/api/v1/meetings/{Meeting.objects.get(code=SEP).pk}/").json()
    assert sep["date"] == "2016-09-21" and sep["minutes_published"]
    statuses = [a["status"] for a in sep["attendance"]]
    assert (statuses.count("present"), statuses.count("apologies")) == (17, 18)
    assert sum(len(i["resolutions"]) for i in sep["minutes"]) == 8
    assert len(sep["declarations"]) == 1
    bodies = {b["code"]: b for b in client.get("/api/v1/bodies/").json()}
    seats = bodies["norfolk-hwb"]["seats"]
    assert len(seats) == 33 and sum(s["holder"] is None for s in seats) == 1
    assert bodies["notts-hwb-implementation-group"]["parent"] == "notts-hwb"


def test_unapproved_minutes_never_reach_the_public(client, staff_client):
    sep = Meeting.objects.get(code=SEP)
    sep.minutes_for_approval_at = None  # an ordinary draft: not printed in any published pack
    sep.save()
    page = client.get(f"/meetings/{SEP}/").content.decode()
    minute_text = "The Board received the report from the Managing Director"
    assert minute_text not in page and "Dan Mobbs" not in page
    assert client.get(f"/meetings/{SEP}/minutes/").status_code == 404
    api = client.get(f"/api/v1/meetings/{sep.pk}/").json()
    assert api["minutes"] == [] and api["attendance"] == [] and not api["minutes_published"]
    assert minute_text in staff_client.get(f"/meetings/{SEP}/").content.decode()


def test_paper_contacts_are_staff_only(client, staff_client):
    url = "/papers/notts-hwb-implementation-group-report/"
    assert "Officer contact" not in client.get(url).content.decode()
    assert "Officer contact" in staff_client.get(url).content.decode()
    bcf = "/papers/" + Meeting.objects.get(code=FEB).papers.exclude(contacts=None).first().code + "/"
    contact = Meeting.objects.get(code=FEB).papers.exclude(contacts=None).first().contacts.first()
    assert contact.email and contact.email not in client.get(bcf).content.decode()
    assert contact.email in staff_client.get(bcf).content.decode()


def test_calendar_feed_lists_public_meetings_with_iso_times(client):
    body = client.get("/bodies/norfolk-hwb/meetings.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == 2
    assert "DTSTART;TZID=Europe/London:20170208T093000" in body


def test_membership_on_a_past_date_and_a_bad_date(client):
    page = soup(client.get("/bodies/norfolk-hwb/?on=2016-09-21"))
    assert "Membership on 21 September 2016" in page.get_text()
    bad = soup(client.get("/bodies/norfolk-hwb/?on=21/09/2016"))
    assert "Enter the date as YYYY-MM-DD" in bad.get_text()


def test_nottinghamshire_paper_and_groups(client):
    paper = soup(client.get("/papers/notts-hwb-implementation-group-report/"))
    assert paper.select("#recommendations li")[0].get_text(" ", strip=True).startswith("Note")
    groups = soup(client.get("/bodies/notts-hwb-implementation-group/")).get_text(" ")
    assert "reports to Nottinghamshire Health and Wellbeing Board" in " ".join(groups.split())
