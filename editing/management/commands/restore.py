"""Replace the whole database with a backup written by `backup`: all of it, or nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editing.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace every row of the database with the backup in FILE, in one transaction. "
        "The database must be migrated to the state the backup was taken at."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask; needed without a terminal."
        )
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="Restore a file whose signature is missing or wrong (see PMROLES_BACKUP_KEY).",
        )

    def handle(self, *args, file, yes=False, trust_unsigned=False, **options):
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("restore replaces every row of the database; add --yes.")
            answer = input("This replaces every row of the database. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            report = restore_backup(Path(file), trust_unsigned=trust_unsigned)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(f"Restored {report.objects} rows of {report.models} models from {file}.")
