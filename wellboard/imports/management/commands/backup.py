from django.core.management.base import BaseCommand, CommandError

from wellboard.imports.backup import backup


class Command(BaseCommand):
    help = "Write the whole database to FILE (gzip'd JSON; holds password hashes, keep it safe)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        try:
            counts = backup(file)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}", returncode=2) from None
        self.stdout.write(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {file}")
