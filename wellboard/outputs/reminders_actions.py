"""Overdue meeting actions emailed to their owners, once per action (see plans.reminders).

It lives here, above both plans and meetings, so that plans never has to import meetings.
"""

from __future__ import annotations

import datetime as dt

from django.core.mail import get_connection
from django.db.models import Q

from wellboard.core.richtext import plain_text
from wellboard.meetings.models import Action
from wellboard.reporting.models import SentReminder
from wellboard.reporting.reminders import Sent, link, send_once


def overdue_actions(today: dt.date):
    return (Action.objects.filter(status=Action.Status.OPEN, owner__isnull=False).exclude(owner__email="")
            .filter(Q(due_date__lt=today) | Q(due_date__isnull=True, due_meeting__date__lt=today))
            .select_related("owner", "meeting__body", "due_meeting").order_by("owner_id", "pk"))


def send_action_reminders(today: dt.date, connection=None) -> list[Sent]:
    connection = connection or get_connection()
    done = set(SentReminder.objects.filter(kind="action", stage="overdue").values_list("target", flat=True))
    by_owner: dict[int, list[Action]] = {}
    for action in overdue_actions(today):
        if action.pk not in done:
            by_owner.setdefault(action.owner_id, []).append(action)
    sent = []
    for actions in by_owner.values():
        owner = actions[0].owner
        count = len(actions)
        subject = f"Overdue: {count} action{'s' if count != 1 else ''} from board meetings"
        lines = [f"Hello {owner.name},", "", "These actions assigned to you are past their due date:"]
        for a in actions:
            lines.append(f"- {plain_text(a.description)[:150]} (due {a.due.strftime('%-d %B %Y')}; "
                         f"{a.meeting.body.name}, {a.meeting.date.strftime('%-d %B %Y')}): "
                         f"{link(a.meeting.get_absolute_url())}")
        lines += ["", "Please update the clerk on progress.", "", "Wellboard"]
        if send_once("action", [a.pk for a in actions], "overdue", owner.email, subject, "\n".join(lines), connection):
            sent.append(Sent(owner.email, subject))
    return sent
