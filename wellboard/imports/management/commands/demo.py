from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wellboard.imports.datafile import DataFileError, load_files
from wellboard.imports.demo_data import demo_files

DEMO_USERNAME = "coordinator"
DEMO_PASSWORD = "wellboard-demo"


class Command(BaseCommand):
    help = "Migrate, load the demo data (idempotent), refresh the demo coordinator and serve on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Set up and stop; do not start the server")

    def handle(self, *args, port, no_serve, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        try:
            report = load_files(demo_files())
        except DataFileError as exc:
            raise CommandError("The demo data has problems:\n" + "\n".join(exc.errors)) from None
        self.stdout.write(report.summary())
        user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        user.first_name, user.last_name = "Demo", "Coordinator"
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS(
            f"\nWellboard demo is ready.\n  Open:     {url}\n  Sign in:  {DEMO_USERNAME} / {DEMO_PASSWORD}\n"
        ))
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
