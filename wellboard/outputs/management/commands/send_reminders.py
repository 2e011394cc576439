"""`wellboard send-reminders [--today YYYY-MM-DD]`: for a scheduler (daily); safe to run twice."""

import datetime as dt

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wellboard.outputs.reminders_actions import send_action_reminders
from wellboard.reporting.reminders import send_update_reminders


class Command(BaseCommand):
    help = "Email leads about updates still to submit and owners about overdue meeting actions."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date in the form YYYY-MM-DD") from None
        connection = get_connection()
        try:
            connection.open()
        except OSError as exc:
            raise CommandError(f"cannot reach the mail server: {exc}; nothing was sent or recorded") from None
        try:
            sent = send_update_reminders(day, connection=connection) + send_action_reminders(day, connection)
        finally:
            connection.close()
        for s in sent:
            self.stdout.write(f"Sent to {s.recipient}: {s.subject}")
        self.stdout.write(f"{len(sent)} reminder email{'s' if len(sent) != 1 else ''} sent.")
