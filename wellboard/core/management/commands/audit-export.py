import sys

from django.core.management.base import BaseCommand, CommandError

from wellboard.core import audit


class Command(BaseCommand):
    help = "Write the audit trail for a date range (inclusive, site time zone) as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write here instead of standard output")

    def handle(self, *args, start, end, output, **options):
        try:
            entries = audit.export_entries(audit.parse_day(start, "--from"), audit.parse_day(end, "--to"))
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if output is None:
            try:
                audit.write_csv(entries, sys.stdout)
            except BrokenPipeError:  # e.g. piped into `head`
                sys.stderr.close()
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = audit.write_csv(entries, out)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}", returncode=2) from None
        self.stderr.write(f"Wrote {n} audit entries to {output}")
