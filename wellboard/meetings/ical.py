"""A body's public meetings as an iCalendar feed (dates, times, venue; never Part B detail)."""

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")


def calendar(body, meetings, request) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Wellboard//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", body.name)
    for m in meetings:
        event = Event()
        event.add("uid", f"meeting-{m.pk}@wellboard")
        event.add("summary", f"{body.name}{' (cancelled)' if m.status == 'cancelled' else ''}")
        if m.start_time:
            start = dt.datetime.combine(m.date, m.start_time, tzinfo=LONDON)
            event.add("dtstart", start)
            end_time = m.end_time or (start + dt.timedelta(hours=2)).time()
            event.add("dtend", dt.datetime.combine(m.date, end_time, tzinfo=LONDON))
        else:
            event.add("dtstart", m.date)
        if m.venue:
            event.add("location", m.venue)
        event.add("url", request.build_absolute_uri(m.get_absolute_url()))
        event.add("status", "CANCELLED" if m.status == "cancelled" else "CONFIRMED")
        event.add("dtstamp", m.updated_at)
        cal.add_component(event)
    # TZID=Europe/London means nothing to a client without its definition (RFC 5545 3.2.19):
    # icalendar writes the VTIMEZONE, with its GMT/BST changes, for every zone the events name.
    # Its rules cover the feed's own years only (a margin each side), not 1970-2038: a short feed.
    dates = [m.date for m in meetings]
    if dates:
        cal.add_missing_timezones(first_date=dt.date(min(dates).year - 1, 1, 1),
                                  last_date=dt.date(max(dates).year + 2, 1, 1))
    return cal.to_ical()
