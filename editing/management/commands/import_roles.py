"""Read a pmroles-rolemap file, or an XLSX workbook into `--map`: check it whole, then
apply it in one transaction."""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editing.interchange import FORMATS, FormatError, check_size, detect_format, load
from editing.interchange.xlsx import WorkbookRefused, max_bytes, size_in_words
from editing.services import ImportRefused, StaleImport, import_role_map, workbook_document

XLSX = "xlsx"


class Command(BaseCommand):
    help = "Import a role map file; any problem changes nothing and lists every problem."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--format", choices=(*FORMATS, XLSX), help="Default: from the extension."
        )
        parser.add_argument(
            "--map",
            help="XLSX only: the map to import into (created as a new map when missing).",
        )
        parser.add_argument("--name", help="XLSX only: the name of a map the import creates.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--overwrite-newer",
            action="store_true",
            help="Import even if the map changed after the file was exported, replacing "
            "those changes with the file's values (refused without it).",
        )
        parser.add_argument("--user", help="Username recorded in the history as the author.")
        parser.add_argument("--reason", default="", help="Change reason recorded in history.")

    def handle(self, *args, file, format=None, dry_run=False, user=None, reason="", **options):
        self.overwrite_newer = bool(options.get("overwrite_newer"))
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"There is no user '{user}' to record as the author.")
        if format == XLSX or (not format and Path(file).suffix.lower() == ".xlsx"):
            document = self._workbook(file, options.get("map"), options.get("name"))
            return self._import(file, document, dry_run, author, reason, workbook=True)
        if options.get("map"):
            raise CommandError("--map is for XLSX workbooks; a pmroles-rolemap file names its map.")
        try:
            fmt = detect_format(file, format)
            check_size(os.path.getsize(file))  # before reading it into memory
            with open(file, encoding="utf-8-sig") as handle:
                document = load(handle.read(), fmt)
        except FormatError as exc:
            raise CommandError(f"{file}: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        self._import(file, document, dry_run, author, reason)

    def _workbook(self, file, slug, name):
        if not slug:
            raise CommandError("An XLSX import needs --map SLUG: the map to import into.")
        try:
            size = os.stat(file).st_size
            if size > max_bytes():
                raise CommandError(
                    f"{file}: the file is {size_in_words(size)}; an XLSX import takes at "
                    f"most {size_in_words(max_bytes())}."
                )
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            return workbook_document(data, map_slug=slug, map_name=name)
        except WorkbookRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(
                f"{file}: {len(refused.problems)} problem(s); nothing was changed."
            ) from None

    def _import(self, file, document, dry_run, author, reason, workbook=False):
        try:
            report = import_role_map(
                document=document,
                dry_run=dry_run,
                user=author,
                reason=reason or f"import_roles {file}",
                remove_missing=workbook,
                overwrite_newer=self.overwrite_newer,
            )
        except StaleImport as stale:
            sentence = stale.sentence("run the import again with --overwrite-newer")
            raise CommandError(f"{file}: {sentence}") from None
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(
                f"{file}: {len(refused.problems)} problem(s); nothing was changed."
            ) from None
        for warning in report.warnings:
            self.stderr.write(f"{file}: warning: {warning}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        for line in report.changes:
            self.stdout.write(line)
        for line in report.summary_lines():
            self.stdout.write(line)
