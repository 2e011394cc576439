from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from wellboard.imports.backup import BackupError, read, restore


class Command(BaseCommand):
    help = ("Load a backup made by `wellboard backup` into this database, all or nothing. "
            "A fresh database is migrated first; one that holds data is refused unless --replace.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--replace", action="store_true",
                            help="Delete every row in this database (its audit trail too) and load the backup instead")

    def handle(self, *args, file, replace, **options):
        try:
            read(file)  # refuse a wrong file before migrating anything
            if not MigrationRecorder(connection).has_table():
                call_command("migrate", interactive=False, verbosity=0)
            counts = restore(file, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {file}")
