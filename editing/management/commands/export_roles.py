"""Write the whole role map (and every shared entity) in the pmroles-rolemap format."""

from django.core.management.base import BaseCommand, CommandError

from editing.interchange import FORMATS, FormatError, detect_format, dump
from editing.services import export_role_map
from roles.models import RoleMap, UnknownMap


class Command(BaseCommand):
    help = "Export a role map with roles, areas, responsibilities, assignments, sources, quotes."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, help="Default: from --output, or json.")
        parser.add_argument("--output", help="File to write; standard output if omitted.")
        parser.add_argument("--map", help="Slug of the role map; the default map if omitted.")

    def handle(self, *args, format=None, output=None, map=None, **options):
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
