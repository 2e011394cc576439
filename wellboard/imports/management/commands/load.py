from django.core.management.base import BaseCommand, CommandError

from wellboard.core.audit import system_actor
from wellboard.imports.datafile import DataFileError, load_files


class Command(BaseCommand):
    help = "Load wellboard/1 data files (docs/data-format.md): all of them, or nothing if any is wrong."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        try:
            with system_actor("wellboard load " + " ".join(str(f) for f in files)):
                report = load_files(files)
        except DataFileError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(f"{len(exc.errors)} problem(s) found; nothing was loaded.", returncode=2) from None
        self.stdout.write(report.summary())
