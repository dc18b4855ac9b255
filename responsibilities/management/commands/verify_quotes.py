"""Check that every stored quote appears verbatim in the plain-text source documents."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from responsibilities.models import Quote
from responsibilities.text import normalise


class Command(BaseCommand):
    help = (
        "Check every quote against the plain-text files in --sources. A quote whose source "
        "names a document is looked up in that file; otherwise in any file. Exits non-zero "
        "naming each quote that is not found verbatim (whitespace, broken characters and "
        "Markdown emphasis aside)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sources", required=True, help="Folder of the source text files.")

    def handle(self, *args, sources: str, **options):
        folder = Path(sources)
        if not folder.is_dir():
            raise CommandError(f"The sources folder {folder} does not exist or is not a folder.")
        documents = {
            path.name: normalise(path.read_text(encoding="utf-8", errors="replace"))
            for path in sorted(folder.iterdir())
            if path.is_file()
        }
        if not documents:
            raise CommandError(f"The sources folder {folder} holds no files to check against.")

        quotes = list(Quote.objects.with_source().order_by("source__slug", "key"))
        if not quotes:
            raise CommandError("There are no quotes to check: load the reference data first.")

        missing = []
        for quote in quotes:
            needle = normalise(quote.text)
            own = documents.get(quote.source.document)
            haystacks = [own] if own is not None else list(documents.values())
            if not needle or not any(needle in doc for doc in haystacks):
                missing.append(quote)
                where = quote.source.document if own is not None else "any file"
                excerpt = needle if len(needle) <= 90 else needle[:87] + "…"
                self.stderr.write(
                    f"NOT FOUND: quote '{quote.key}' (source '{quote.source.slug}', "
                    f"looked in {where}): “{excerpt}”"
                )

        if missing:
            raise CommandError(
                f"{len(missing)} of {len(quotes)} quotes are not found verbatim in {folder}."
            )
        self.stdout.write(
            self.style.SUCCESS(f"All {len(quotes)} quotes found verbatim in {folder}.")
        )
