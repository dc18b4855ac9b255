"""Write the whole database, history included, to one file that `restore` reads back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editing.backup import write_backup


class Command(BaseCommand):
    help = (
        "Back up every row (content, history, users, groups, tokens) to FILE (.json or .json.gz)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file to write; .gz compresses it.")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"Cannot write {path}: the folder {path.parent} does not exist.")
        try:
            count = write_backup(path)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}.") from None
        self.stderr.write(f"Wrote {count} rows to {path}.")
