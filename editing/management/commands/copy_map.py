"""Copy a role map into a new team map (roles.services.copy_role_map, as the admin and API)."""

from django.core.management.base import BaseCommand, CommandError

from roles.models import RoleMap, UnknownMap
from roles.services import MapCopyRefused, copy_role_map


class Command(BaseCommand):
    help = (
        "Copy the map SOURCE into a new team map NEW_SLUG with every part (level, basis, "
        "rationale, note, quotes, the team's decisions) and the source's own roles and "
        "responsibilities."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Slug of the map to copy.")
        parser.add_argument("new_slug", help="Slug of the new map.")
        parser.add_argument("--name", required=True, help="Name of the new map.")
        parser.add_argument("--reason", default="", help="Change reason recorded in history.")

    def handle(self, *args, source, new_slug, name, reason, **options):
        try:
            role_map = RoleMap.objects.resolve(source)
        except UnknownMap as exc:
            raise CommandError(str(exc)) from None
        try:
            new_map = copy_role_map(
                source=role_map, name=name, slug=new_slug, reason=reason, exact=True
            )
        except MapCopyRefused as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"Copied “{role_map.name}” to the team map “{new_map.name}” ({new_map.slug}): "
            f"{new_map.assignments.count()} parts, {new_map.own_roles.count()} own roles, "
            f"{new_map.own_responsibilities.count()} own responsibilities."
        )
