"""`wellboard send-reminders` against a real SMTP server on 127.0.0.1: who gets what, and never twice."""

import datetime as dt
import email
import socket
from email.header import decode_header, make_header
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command

from tests.conftest import make_user
from wellboard.core.models import Role
from wellboard.directory.models import Person
from wellboard.meetings.models import Action, Meeting
from wellboard.plans.models import Strategy
from wellboard.reporting import workflows as cycles
from wellboard.reporting.models import SentReminder

pytestmark = pytest.mark.django_db
DUE = dt.date(2019, 6, 28)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content)
        self.messages.append({"to": list(envelope.rcpt_tos), "subject": str(make_header(decode_header(msg["Subject"]))),
                              "body": msg.get_payload(decode=True).decode()})
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(settings):
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.WELLBOARD_BASE_URL = "https://wellboard.example"
    yield handler
    controller.stop()


def run(today):
    out = StringIO()
    call_command("send_reminders", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def people():
    helene, karla = Person.objects.get(name="Helene Denness"), Person.objects.get(name="Karla Banfield")
    helene.email, karla.email = "helene@example.org", "karla@example.org"
    helene.save()
    karla.save()
    return helene, karla


@pytest.fixture
def cycle(people):
    plan = Strategy.objects.get(code="nottingham-healthy-culture-2016")
    coordinator = make_user("coord", Role.COORDINATOR, plan.body)
    return cycles.open_cycle(plan, "Update June 2019", DUE, coordinator).cycle


def test_cycle_reminders_open_due_soon_overdue_once_each(inbox, cycle, people):
    helene, karla = people
    out = run(DUE - dt.timedelta(days=20))
    leads_with_email = {"helene@example.org", "karla@example.org"}
    assert {m["to"][0] for m in inbox.messages} == leads_with_email and len(inbox.messages) == 2
    first = next(m for m in inbox.messages if m["to"] == ["helene@example.org"])
    assert first["subject"] == ("Update requested: Healthy Culture 2016/17 Action Plan — Update June 2019, "
                                "due 28 June 2019")
    for req in cycle.requests.filter(lead=helene):
        assert f"https://wellboard.example/updates/{req.pk}/" in first["body"]
    assert "2 reminder emails sent." in out
    assert "0 reminder emails sent." in run(DUE - dt.timedelta(days=20))
    assert "0 reminder emails sent." in run(DUE - dt.timedelta(days=10))  # still the same stage
    assert len(inbox.messages) == 2

    # Helene submits everything; only Karla is reminded that the deadline is near.
    coordinator_free = make_user("helene-user", Role.LEAD, None, person=helene)
    for req in cycle.requests.filter(lead=helene):
        cycles.save_draft(req, coordinator_free, commentary="Done")
        cycles.submit(req, coordinator_free)
    run(DUE - dt.timedelta(days=2))
    assert [m["to"] for m in inbox.messages[2:]] == [["karla@example.org"]]
    assert inbox.messages[2]["subject"].startswith("Reminder: your Update June 2019 update")
    run(DUE - dt.timedelta(days=1))
    run(DUE + dt.timedelta(days=1))
    run(DUE + dt.timedelta(days=2))
    assert [m["to"] for m in inbox.messages[3:]] == [["karla@example.org"]]
    assert inbox.messages[3]["subject"].startswith("Overdue: your Update June 2019 update")


def test_leads_without_email_are_skipped_and_closed_cycles_are_quiet(inbox, cycle, people):
    helene, karla = people
    karla.email = ""
    karla.save()
    run(DUE - dt.timedelta(days=20))
    assert [m["to"] for m in inbox.messages] == [["helene@example.org"]]
    cycle.status = "closed"
    cycle.save()
    run(DUE + dt.timedelta(days=1))
    assert len(inbox.messages) == 1


def test_overdue_actions_to_their_owners_once(inbox, people):
    helene, karla = people
    meeting = Meeting.objects.order_by("date").first()
    late = Action.objects.create(meeting=meeting, description="Send the refreshed dashboard", owner=helene,
                                 due_date=dt.date(2019, 1, 31))
    Action.objects.create(meeting=meeting, description="Already done", owner=helene, due_date=dt.date(2019, 1, 1),
                          status=Action.Status.DONE)
    Action.objects.create(meeting=meeting, description="Not yet due", owner=karla, due_date=dt.date(2019, 3, 1))
    Action.objects.filter(owner__isnull=False).exclude(pk=late.pk).exclude(owner__in=[helene, karla]).update(
        status=Action.Status.DONE)  # the demo's own actions are not what this test is about
    run(dt.date(2019, 2, 15))
    assert [m["to"] for m in inbox.messages] == [["helene@example.org"]]
    assert inbox.messages[0]["subject"] == "Overdue: 1 action from board meetings"
    assert "Send the refreshed dashboard" in inbox.messages[0]["body"] and "Already done" not in inbox.messages[0]["body"]
    assert SentReminder.objects.filter(kind="action", target=late.pk, stage="overdue").count() == 1
    run(dt.date(2019, 2, 16))
    assert len(inbox.messages) == 1


def test_a_failed_send_is_not_recorded_and_is_retried(settings, cycle):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(CommandError, match="cannot reach the mail server"):
        run(DUE - dt.timedelta(days=20))
    assert not SentReminder.objects.exists()


def test_bad_today_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "28/06/2019")
