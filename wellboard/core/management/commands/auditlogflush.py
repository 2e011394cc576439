from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    """Replaces django-auditlog's command of the same name: Wellboard's audit trail is never flushed."""

    help = "Refuses: audit entries cannot be deleted through Wellboard."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("-y", "--yes", action="store_true")
        parser.add_argument("-b", "--before-date")
        parser.add_argument("-t", "--truncate", action="store_true")

    def handle(self, *args, **options):
        raise CommandError("Audit entries cannot be deleted through Wellboard (auditlogflush is disabled).",
                           returncode=2)
