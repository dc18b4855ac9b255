"""Write the whole role map (and every shared entity) in the pmroles-rolemap format, or the
map as an XLSX workbook (`--format xlsx`, roles/xlsx.py: the same file the pages give)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editing.interchange import FORMATS, FormatError, detect_format, dump
from editing.services import export_role_map
from roles.health import map_health
from roles.models import RoleMap, UnknownMap
from roles.xlsx import write_map

XLSX = "xlsx"


class Command(BaseCommand):
    help = "Export a role map with roles, areas, responsibilities, assignments, sources, quotes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=(*FORMATS, XLSX), help="Default: from --output, or json."
        )
        parser.add_argument("--output", help="File to write; standard output if omitted.")
        parser.add_argument("--map", help="Slug of the role map; the default map if omitted.")

    def handle(self, *args, format=None, output=None, map=None, **options):
        if format == XLSX or (not format and output and Path(output).suffix.lower() == ".xlsx"):
            return self._xlsx(output, map)
        try:
            fmt = detect_format(output, format) if output else (format or "json")
        except FormatError as exc:
            raise CommandError(str(exc)) from None
        try:
            document = export_role_map(map_slug=map)
        except UnknownMap:
            known = ", ".join(RoleMap.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"There is no role map '{map}' (maps: {known}).") from None
        text = dump(document, fmt)
        if output:
            try:
                with open(output, "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
            counts = ", ".join(f"{len(v)} {k}" for k, v in document.items() if isinstance(v, list))
            name = document["map"]["slug"]
            self.stderr.write(f"Wrote map '{name}' to {output} ({counts}).")
        else:
            self.stdout.write(text, ending="")

    def _xlsx(self, output, slug):
        if not output:
            raise CommandError("An XLSX workbook is binary: pass --output FILE.xlsx.")
        try:
            role_map = RoleMap.objects.resolve(slug)
        except UnknownMap:
            known = ", ".join(RoleMap.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"There is no role map '{slug}' (maps: {known}).") from None
        try:
            with open(output, "wb") as handle:
                rows = write_map(
                    handle,
                    role_map=role_map,
                    health=map_health(role_map),
                    address=f"/matrix/?map={role_map.slug}",
                )
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
        self.stderr.write(f"Wrote map '{role_map.slug}' to {output} ({rows} responsibilities).")
