"""Reminder emails to leads with an update still to submit: when the cycle opens, when it is
nearly due, and when it is overdue.

Safe to run twice: each reminder is recorded as a `SentReminder` (kind, target, stage) in the same
transaction as the email is sent, so a second run finds it and sends nothing; a failed send
records nothing and is tried again next time. Only the stage a request is in today is sent, so
a scheduler that starts late does not send three emails at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction

from wellboard.core.audit import record_bulk
from wellboard.core.richtext import plain_text

from .models import ReportingCycle, SentReminder, UpdateRequest

DUE_SOON_DAYS = 3
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    recipient: str
    subject: str


def stage_on(due: dt.date, today: dt.date) -> str:
    if today > due:
        return "overdue"
    if today >= due - dt.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "opened"


def link(path: str) -> str:
    return settings.WELLBOARD_BASE_URL + path


def send_once(kind: str, targets: list[int], stage: str, recipient: str, subject: str, body: str,
              connection) -> bool:
    """Record the reminder for every target and send it, all or nothing. False if already sent."""
    try:
        with transaction.atomic():
            record_bulk("create", SentReminder.objects.bulk_create(
                [SentReminder(kind=kind, target=t, stage=stage, recipient=recipient) for t in targets]))
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], connection=connection).send()
    except IntegrityError:
        return False  # another run got there first
    except (OSError, smtplib.SMTPException) as exc:
        # Nothing was recorded, so the next run tries again; the other recipients still get theirs.
        log.warning("Reminder to %s not sent: %s", recipient, exc)
        return False
    return True


def _subject(cycle: ReportingCycle, stage: str) -> str:
    due = cycle.due.strftime("%-d %B %Y")
    return {
        "opened": f"Update requested: {cycle.strategy.title} — {cycle.period.label}, due {due}",
        "due_soon": f"Reminder: your {cycle.period.label} update for {cycle.strategy.title} is due on {due}",
        "overdue": f"Overdue: your {cycle.period.label} update for {cycle.strategy.title} was due on {due}",
    }[stage]


def _body(cycle: ReportingCycle, reqs: list[UpdateRequest], stage: str) -> str:
    lines = [f"Hello {reqs[0].lead.name},", ""]
    lines.append({
        "opened": "The coordinator has asked for your update on:",
        "due_soon": "This is a reminder that your update is due soon on:",
        "overdue": "Your update is now overdue on:",
    }[stage])
    for r in reqs:
        title = plain_text(r.target.title)[:120]
        lines.append(f"- {title}: {link(r.get_absolute_url())}")
    lines += ["", f"Updates are due by {cycle.due.strftime('%-d %B %Y')}.",
              f"All your updates: {link('/my-updates/')}", "", "Wellboard"]
    return "\n".join(lines)


def send_update_reminders(today: dt.date, cycle: ReportingCycle | None = None, connection=None) -> list[Sent]:
    """Email each lead once per cycle and stage about their outstanding requests."""
    connection = connection or get_connection()
    cycles = ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).select_related("strategy", "period")
    if cycle is not None:
        cycles = cycles.filter(pk=cycle.pk)
    sent: list[Sent] = []
    for c in cycles:
        stage = stage_on(c.due, today)
        done = set(SentReminder.objects.filter(kind="update_request", stage=stage, target__in=c.requests.values("pk"))
                   .values_list("target", flat=True))
        by_lead: dict[int, list[UpdateRequest]] = {}
        for r in (c.requests.filter(status__in=UpdateRequest.OUTSTANDING).exclude(lead__email="")
                  .select_related("lead", "item", "indicator", "cycle__strategy").order_by("lead_id", "pk")):
            if r.pk not in done:
                by_lead.setdefault(r.lead_id, []).append(r)
        for reqs in by_lead.values():
            subject = _subject(c, stage)
            if send_once("update_request", [r.pk for r in reqs], stage, reqs[0].lead.email, subject,
                         _body(c, reqs, stage), connection):
                sent.append(Sent(reqs[0].lead.email, subject))
    return sent
