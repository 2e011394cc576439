"""Meeting, body, plan and home pages as a reader meets them: each part heading once, no link that
leads nowhere, a way back up from every detail page, no empty rows or headings, a period named once,
a calendar feed a client can read, bodies grouped, and the next meetings on the home page."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from tests.conftest import client_for, make_user
from wellboard.core.models import Role
from wellboard.core.richtext import clean_html
from wellboard.governance.models import Body
from wellboard.meetings.agenda_layout import agenda_parts
from wellboard.meetings.models import AgendaItem, Meeting, MinuteItem, Paper
from wellboard.meetings.visibility import AgendaEntry
from wellboard.plans.models import PlanItem, ProgressUpdate, ReportingPeriod, Strategy

pytestmark = pytest.mark.django_db

FEB = "norfolk-hwb-2017-02-08"
SEP = "norfolk-hwb-2016-09-21"
JHWS = "nottingham-jhws-2013"
PART_A = "Part A – public meeting"
PART_B = "Part B – private"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def member(db):
    return client_for(make_user("norfolk-member", Role.BOARD_MEMBER, Body.objects.get(code="norfolk-hwb")))


def viewers(client, member, staff_client):
    return {"anonymous": client, "member": member, "admin": staff_client}


# --- Part headings --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [f"/meetings/{FEB}/", f"/meetings/{FEB}/agenda/"])
def test_each_part_heading_once_above_all_its_items(client, member, staff_client, path):
    for who, c in viewers(client, member, staff_client).items():
        agenda = soup(c.get(path)).select_one("#agenda")
        text = agenda.get_text("\n")
        assert text.count(PART_A) == 1, who
        assert text.count(PART_B) == 1, who
        parts = [t["data-part"] for t in agenda.select("tbody[data-part]")]
        assert parts == ["A", "B"], who
        part_a = agenda.select_one("tbody[data-part=A]")
        assert part_a.select_one("th").get_text(strip=True) == PART_A
        # The information updates follow Part B in the pack; they are public, so they sit under Part A.
        assert len(part_a.select("tr[data-kind=information]")) == 3, who
        assert not agenda.select("tbody[data-part=B] tr[data-kind=information]"), who


def _entry(number, part, section, exempt=False):
    return AgendaEntry(AgendaItem(number=number, title=f"Item {number}", part=part, section=section), "", None, exempt)


def test_agenda_parts_keeps_order_within_a_part_and_drops_sections_repeating_the_part():
    entries = [_entry("1", "A", "Part A - Public Meeting"), _entry("2", "A", "Discussion"),
               _entry("3", "A", "Discussion"), _entry("", "B", "Part B"), _entry("", "A", "Information updates")]
    parts = agenda_parts(entries)
    assert [(p.code, p.heading) for p in parts] == [("A", PART_A), ("B", PART_B)]
    assert [(r.entry.item.number, r.section) for r in parts[0].rows] == [
        ("1", ""), ("2", "Discussion"), ("3", ""), ("", "Information updates")]
    assert [r.section for r in parts[1].rows] == [""]


def test_an_exempt_items_section_stays_hidden():
    [part] = agenda_parts([_entry("", "B", "Secret workshop", exempt=True)])
    assert part.rows[0].section == ""


# --- Links that lead nowhere ----------------------------------------------------------------------

def _pages():
    papers = [f"/papers/{code}/" for code in Paper.objects.values_list("code", flat=True)]
    plan_item = PlanItem.objects.filter(strategy__code=JHWS).first()
    return ["/", "/bodies/", "/bodies/norfolk-hwb/", f"/meetings/{FEB}/", f"/meetings/{FEB}/agenda/",
            f"/meetings/{SEP}/", f"/meetings/{SEP}/minutes/", f"/plans/{JHWS}/", f"/plans/{JHWS}/items/{plan_item.pk}/",
            *papers]


def _dead_links(page):
    return [str(a)[:120] for a in page.select("main a") if (a.get("href") or "").strip() in ("", "#")]


def test_no_page_draws_a_link_to_nowhere(client, member, staff_client):
    pages = _pages()
    for who, c in viewers(client, member, staff_client).items():
        for path in pages:
            assert _dead_links(soup(c.get(path))) == [], (who, path)


def test_information_updates_are_plain_text_where_the_pack_gave_no_address(client):
    rows = soup(client.get(f"/meetings/{FEB}/")).select("#agenda tr[data-kind=information]")
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == [
        "Norfolk and Waveney Transforming Care Programme (TCP)", "Healthwatch Norfolk",
        "Norfolk Health Overview & Scrutiny Committee"]
    assert all(not r.select("a") for r in rows)


def test_information_update_with_a_real_address_is_a_link(client):
    item = AgendaItem.objects.get(meeting__code=FEB, title="Healthwatch Norfolk")
    item.link = "https://www.healthwatchnorfolk.co.uk/"
    item.save(update_fields=["link"])
    row = soup(client.get(f"/meetings/{FEB}/")).select_one(f"#agenda-item-{item.pk}")
    assert row.select_one("a")["href"] == "https://www.healthwatchnorfolk.co.uk/"


def test_rich_text_keeps_the_words_of_a_placeholder_or_unsafe_link_and_drops_the_link():
    html = clean_html('<p>at this <a href="#">link</a>, <a href=" ">here</a>, <a href="javascript:x()">there</a>, '
                      '<a>bare</a> and <a href="https://example.org/">a real one</a>.</p>')
    assert html.startswith("<p>at this link, here, there, bare and <a href=\"https://example.org/\"")
    assert html.count("<a ") == 1


# --- A way back up --------------------------------------------------------------------------------

def _crumbs(page):
    return [(a.get_text(strip=True), a["href"]) for a in page.select("nav.govuk-breadcrumbs a")]


def test_paper_page_leads_back_to_its_meeting_and_agenda_item(client, member):
    paper = Paper.objects.select_related("meeting", "agenda_item").get(code="norfolk-bcf-2017")
    meeting_url = paper.meeting.get_absolute_url()
    for c in (client, member):
        crumbs = _crumbs(soup(c.get(paper.get_absolute_url())))
        assert ("Boards, committees and groups", "/bodies/") in crumbs
        assert ("Norfolk Health and Wellbeing Board", "/bodies/norfolk-hwb/") in crumbs
        assert ("Meeting of 8 February 2017", meeting_url) in crumbs
        item_href = f"{meeting_url}#agenda-item-{paper.agenda_item.pk}"
        [text] = [t for t, href in crumbs if href == item_href]
        assert text.startswith(f"Item {paper.agenda_item.number}: Better Care Fund Plan")
        # ...and the item's anchor is on the meeting page.
        assert soup(c.get(meeting_url)).select_one(f"#agenda-item-{paper.agenda_item.pk}") is not None


def test_a_paper_under_a_private_item_does_not_name_the_item_to_the_public(client):
    paper = Paper.objects.select_related("meeting", "agenda_item").get(code="norfolk-bcf-2017")
    AgendaItem.objects.filter(pk=paper.agenda_item.pk).update(part="B", exemption="informal")
    crumbs = _crumbs(soup(client.get(paper.get_absolute_url())))  # the paper itself is Part A and published
    assert ("Meeting of 8 February 2017", paper.meeting.get_absolute_url()) in crumbs
    assert not any("#agenda-item-" in href for _, href in crumbs)


@pytest.mark.parametrize("path", [f"/meetings/{FEB}/agenda/", f"/meetings/{SEP}/minutes/"])
def test_printable_agenda_and_minutes_lead_back_to_the_meeting(client, path):
    code = path.split("/")[2]
    assert ("Meeting of " + Meeting.objects.get(code=code).date.strftime("%-d %B %Y"),
            f"/meetings/{code}/") in _crumbs(soup(client.get(path)))


def test_plan_item_and_indicator_pages_lead_back_up(client):
    item = PlanItem.objects.filter(strategy__code=JHWS, parent__isnull=False).first()
    assert (Strategy.objects.get(code=JHWS).title, f"/plans/{JHWS}/") in _crumbs(
        soup(client.get(f"/plans/{JHWS}/items/{item.pk}/")))
    from wellboard.indicators.models import Indicator
    indicator = Indicator.objects.exclude(strategy=None).first()
    crumbs = _crumbs(soup(client.get(indicator.get_absolute_url())))
    assert any(href.startswith(f"/plans/{indicator.strategy.code}/") for _, href in crumbs), crumbs


# --- No empty rows or headings --------------------------------------------------------------------

def _empty_rows(page):
    return [r.select_one("dt").get_text(strip=True) for r in page.select(".govuk-summary-list__row")
            if not r.select_one("dd").get_text(strip=True) and not r.select_one("dd").find(["img", "svg"])]


def test_no_page_shows_an_empty_summary_row(client, member, staff_client):
    for who, c in viewers(client, member, staff_client).items():
        for path in _pages():
            assert _empty_rows(soup(c.get(path))) == [], (who, path)


def test_meeting_without_time_or_venue_has_no_time_or_venue_row(client):
    meeting = Meeting.objects.create(body=Body.objects.get(code="norfolk-hwb"), code="norfolk-bare",
                                     date=dt.date(2017, 6, 1))
    page = soup(client.get(meeting.get_absolute_url()))
    keys = [dt_.get_text(strip=True) for dt_ in page.select("dt")]
    assert "Time" not in keys and "Venue" not in keys
    assert not page.select("dl.govuk-summary-list")  # no empty list either
    front = soup(client.get(f"/meetings/{meeting.code}/agenda/")).select_one(".wb-front-sheet").get_text()
    assert "Time:" not in front and "Venue:" not in front


def test_meeting_with_a_start_time_shows_it(client):
    meeting = Meeting.objects.create(body=Body.objects.get(code="norfolk-hwb"), code="norfolk-timed",
                                     date=dt.date(2017, 6, 1), start_time=dt.time(14, 0), end_time=dt.time(16, 30))
    rows = {r.select_one("dt").get_text(strip=True): r.select_one("dd").get_text(strip=True)
            for r in soup(client.get(meeting.get_absolute_url())).select(".govuk-summary-list__row")}
    assert rows == {"Time": "2:00pm to 4:30pm"}


def test_minutes_without_attendance_have_no_present_heading(staff_client):
    meeting = Meeting.objects.create(body=Body.objects.get(code="norfolk-hwb"), code="norfolk-no-register",
                                     date=dt.date(2017, 6, 1), status=Meeting.Status.HELD)
    MinuteItem.objects.create(meeting=meeting, number="1", title="Welcome")
    minutes = soup(staff_client.get(meeting.get_absolute_url())).select_one("#minutes")
    assert minutes is not None and "Welcome" in minutes.get_text()
    assert "Present" not in [h.get_text(strip=True) for h in minutes.select("h3")]
    assert minutes.select_one("#present") is None
    # ...and a meeting with a register still shows it.
    minutes = soup(staff_client.get(f"/meetings/{SEP}/")).select_one("#minutes")
    assert "Present" in [h.get_text(strip=True) for h in minutes.select("h3")]


# --- The period of the latest update, once ---------------------------------------------------------

def _update_column(page):
    table = page.select_one("#plan-tree")
    heading = table.select("thead th")[3].get_text(strip=True)
    cells = [r.select("td")[3].get_text(strip=True) for r in table.select("tbody tr[data-kind]")]
    return heading, cells


def test_latest_update_period_is_named_in_the_heading_when_rows_share_it(client):
    strategy = Strategy.objects.get(code=JHWS)
    [period] = {u.period for u in ProgressUpdate.objects.filter(item__strategy=strategy, status="approved")}
    heading, cells = _update_column(soup(client.get(f"/plans/{JHWS}/")))
    assert heading == f"Latest update ({period.label})"
    assert period.label not in cells
    assert "Updated" in cells


def test_a_row_names_its_period_where_it_differs(client):
    strategy = Strategy.objects.get(code=JHWS)
    old = ProgressUpdate.objects.filter(item__strategy=strategy, status="approved").first()
    later = ReportingPeriod.objects.create(strategy=strategy, key="later-test", label="Q1 2016/17", position=99)
    ProgressUpdate.objects.create(item=old.item, period=later, rag=old.rag, commentary="later", status="approved")
    heading, cells = _update_column(soup(client.get(f"/plans/{JHWS}/")))
    assert heading == f"Latest update ({old.period.label})"  # still what most rows share
    assert cells.count("Q1 2016/17") == 1
    assert old.period.label not in cells


# --- The calendar feed ----------------------------------------------------------------------------

def _feed(client, code="norfolk-hwb"):
    response = client.get(f"/bodies/{code}/meetings.ics")
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_feed_defines_the_timezone_it_names(client):
    cal = _feed(client)
    tzids = {str(e["DTSTART"].params.get("TZID")) for e in cal.walk("VEVENT") if "TZID" in e["DTSTART"].params}
    assert tzids == {"Europe/London"}
    [vtz] = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == "Europe/London"
    # The definition itself (not the client's own zone database) says 21 September 2016 was BST.
    tz = vtz.to_tz()
    assert tz.utcoffset(dt.datetime(2016, 9, 21, 9, 30)) == dt.timedelta(hours=1)
    assert tz.utcoffset(dt.datetime(2017, 2, 8, 9, 30)) == dt.timedelta(0)
    sep = next(e for e in cal.walk("VEVENT") if e["DTSTART"].dt.date() == dt.date(2016, 9, 21))
    assert sep["DTSTART"].dt.astimezone(dt.UTC) == dt.datetime(2016, 9, 21, 8, 30, tzinfo=dt.UTC)


def test_feed_marks_a_cancelled_meeting_cancelled(client):
    Meeting.objects.filter(code=FEB).update(status=Meeting.Status.CANCELLED)
    by_day = {e["DTSTART"].dt.date(): str(e["STATUS"]) for e in _feed(client).walk("VEVENT")}
    assert by_day[dt.date(2017, 2, 8)] == "CANCELLED"
    assert by_day[dt.date(2016, 9, 21)] == "CONFIRMED"


# --- Bodies grouped -------------------------------------------------------------------------------

def test_bodies_are_grouped_by_organisation_each_once(client):
    page = soup(client.get("/bodies/"))
    groups = {t["data-group"]: [r["data-body"] for r in t.select("tbody tr")] for t in page.select("#bodies table")}
    assert [h.get_text(strip=True) for h in page.select("#bodies h2")] == [
        "Norfolk County Council", "Nottingham City Council", "Nottinghamshire County Council"]
    assert groups["Norfolk County Council"] == ["norfolk-hwb"]
    assert groups["Nottingham City Council"] == ["nottingham-hwb"]
    listed = [code for codes in groups.values() for code in codes]
    assert sorted(listed) == sorted(Body.objects.values_list("code", flat=True))
    notts = groups["Nottinghamshire County Council"]
    # Each body follows the body it reports to.
    for body in Body.objects.filter(code__in=notts, parent__isnull=False):
        assert notts.index(body.parent.code) < notts.index(body.code), body.code


def test_a_body_without_an_organisation_anywhere_is_grouped_under_its_top_body(client):
    top = Body.objects.create(code="lone-board", name="Lone Board")
    Body.objects.create(code="lone-group", name="Lone Group", parent=top)
    groups = {t["data-group"]: [r["data-body"] for r in t.select("tbody tr")]
              for t in soup(client.get("/bodies/")).select("#bodies table")}
    assert groups["Lone Board"] == ["lone-board", "lone-group"]


# --- Next meetings on the home page ----------------------------------------------------------------

def _home_meetings(c):
    section = soup(c.get("/")).select_one("#meetings")
    return section.select_one("h2").get_text(strip=True), [li["data-meeting"] for li in section.select("li")], section


def _future(code, kind=Meeting.Kind.FORMAL, days=10, body="norfolk-hwb", **fields):
    return Meeting.objects.create(body=Body.objects.get(code=body), code=code, kind=kind,
                                  date=timezone.localdate() + dt.timedelta(days=days), **fields)


def test_home_shows_recent_meetings_clearly_labelled_when_none_is_coming(client):
    heading, codes, section = _home_meetings(client)
    assert heading == "Recent meetings"
    assert "No meetings are scheduled" in section.select_one("#no-upcoming").get_text()
    assert codes[:2] == [FEB, SEP]


def test_home_shows_the_next_meetings_each_viewer_may_see(client, member):
    _future("norfolk-next", days=20, venue="County Hall", start_time=dt.time(9, 30))
    _future("norfolk-private-session", kind=Meeting.Kind.INFORMAL, days=5)
    _future("notts-next", days=40, body="notts-hwb")
    heading, codes, section = _home_meetings(client)
    assert heading == "Next meetings"
    assert codes == ["norfolk-next", "notts-next"]  # soonest first; no informal meeting for the public
    assert "9:30am, County Hall" in section.get_text()
    assert not section.select("#no-upcoming")
    heading, codes, section = _home_meetings(member)
    assert codes == ["norfolk-private-session", "norfolk-next", "notts-next"]
    assert "Private" in section.select_one("li[data-meeting=norfolk-private-session]").get_text()


def test_an_informal_meeting_of_another_body_stays_hidden_from_a_member(member):
    _future("notts-private-session", kind=Meeting.Kind.INFORMAL, days=5, body="notts-hwb")
    assert "notts-private-session" not in _home_meetings(member)[1]


def _count(c, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow_meetings(n):
    bodies = list(Body.objects.all())
    for i in range(n):
        _future(f"grown-next-{i}", days=3 + i, body=bodies[i % len(bodies)].code, venue=f"Room {i}")


@pytest.mark.parametrize("who, pinned", [("anonymous", (3, 2)), ("member", (6, 5))])
def test_home_query_count_is_pinned(client, member, who, pinned):
    c = client if who == "anonymous" else member
    recent = _count(c)  # nothing coming up: one more query, for the recent meetings
    _grow_meetings(12)
    upcoming = _count(c)
    assert (recent, upcoming) == pinned
    assert len(_home_meetings(c)[1]) == 5


def test_home_never_lists_an_informal_meeting_to_the_public_even_as_recent(client):
    Meeting.objects.create(body=Body.objects.get(code="norfolk-hwb"), code="norfolk-informal-past",
                           kind=Meeting.Kind.INFORMAL, date=dt.date(2017, 3, 1))
    codes = _home_meetings(client)[1]
    assert "norfolk-informal-past" not in codes
    assert re.search("informal", " ".join(codes)) is None
