from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wellboard.core.audit import system_actor
from wellboard.imports.datafile import DataFileError, load_files
from wellboard.imports.demo_accounts import DEMO_PASSWORD, refresh_demo_accounts
from wellboard.imports.demo_data import demo_files


class Command(BaseCommand):
    help = "Migrate, load the demo data (idempotent), refresh the demo coordinator and serve on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Set up and stop; do not start the server")

    def handle(self, *args, port, no_serve, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        try:
            with system_actor("wellboard demo"):
                report = load_files(demo_files())
        except DataFileError as exc:
            raise CommandError("The demo data has problems:\n" + "\n".join(exc.errors)) from None
        self.stdout.write(report.summary())
        accounts = refresh_demo_accounts()
        url = f"http://127.0.0.1:{port}/"
        lines = [f"  {a.username:<12} {DEMO_PASSWORD}   {a.role.label}: {a.note}" for a in accounts]
        self.stdout.write(self.style.SUCCESS(
            f"\nWellboard demo is ready.\n  Open:     {url}\n  Sign in as one of (user, password, role):\n"
            + "\n".join(lines) + "\n"
        ))
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
