"""Meeting, body and API pages keep a fixed number of queries as meetings and boards grow."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wellboard.directory.models import Person
from wellboard.governance.models import Body, Seat, SeatHolding
from wellboard.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MinuteItem,
    MinuteParagraph,
    Resolution,
)

pytestmark = pytest.mark.django_db
SEP = "norfolk-hwb-2016-09-21"


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(n):
    meeting = Meeting.objects.get(code=SEP)
    body = meeting.body
    for i in range(n):
        person = Person.objects.create(name=f"Grown Member {i}")
        seat = Seat.objects.create(body=body, code=f"grown-{i}", representing=f"Grown org {i}", position=100 + i)
        SeatHolding.objects.create(seat=seat, person=person).substitutes.add(Person.objects.create(name=f"Sub {i}"))
        Attendance.objects.create(meeting=meeting, person=person, status="present", position=100 + i)
        agenda = AgendaItem.objects.create(meeting=meeting, number=str(100 + i), title=f"Item {i}", position=100 + i)
        item = MinuteItem.objects.create(meeting=meeting, agenda_item=agenda, number=str(100 + i), title="x",
                                         position=100 + i)
        MinuteParagraph.objects.create(item=item, number=f"{100 + i}.1", text="Para")
        Resolution.objects.create(meeting=meeting, item=item, text="Note it")
        Body.objects.create(code=f"grown-body-{i}", name=f"Grown body {i}", parent=body)
        Meeting.objects.create(body=body, code=f"grown-meeting-{i}", date=dt.date(2018, 1, 1 + i))


# +1 on each page for the reconstructed/inferred notes (one query per page, whatever it shows).
@pytest.mark.parametrize("url, pinned", [
    (f"/meetings/{SEP}/", 11), (f"/meetings/{SEP}/minutes/", 11), ("/bodies/norfolk-hwb/", 9),
    ("/api/v1/bodies/", 5), ("/bodies/", 3),
])
def test_pages_do_not_grow_queries(client, url, pinned):
    before = count(client, url)
    grow(8)
    assert (before, count(client, url)) == (pinned, pinned)


def test_staff_meeting_page_does_not_grow_queries(staff_client):
    url = f"/meetings/{SEP}/"
    before = count(staff_client, url)
    grow(8)
    assert count(staff_client, url) == before
