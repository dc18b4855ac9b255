"""Who edits a team map: list, add or remove its editors (roles/map_editors.py)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from roles.map_editors import EditorRefused, add_map_editor, remove_map_editor
from roles.models import RoleMap


class Command(BaseCommand):
    help = (
        "List a team map's editors, or add (--add USER) or remove (--remove USER) one. "
        "A map's editors may edit that map (its parts, own roles and responsibilities) and "
        "nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The map's slug.")
        parser.add_argument("--add", action="append", default=[], metavar="USER")
        parser.add_argument("--remove", action="append", default=[], metavar="USER")
        parser.add_argument("--reason", default="", help="Change reason recorded in history.")

    def handle(self, *args, slug, add, remove, reason="", **options):
        role_map = RoleMap.objects.filter(slug=slug).first()
        if role_map is None:
            known = ", ".join(RoleMap.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"There is no map “{slug}”; the maps are: {known}.")
        users = get_user_model().objects
        wanted = {name: users.filter(username=name).first() for name in [*add, *remove]}
        missing = [name for name, user in wanted.items() if user is None]
        if missing:
            raise CommandError(
                f"There is no user “{missing[0]}”; nothing was changed. "
                "Create the account first (manage.py createsuperuser, or the admin's Users)."
            )
        try:
            for name in add:
                done = add_map_editor(role_map=role_map, editor=wanted[name], reason=reason)
                self.stdout.write(
                    f"{name} {'is now' if done else 'already was'} an editor of {slug}."
                )
            for name in remove:
                done = remove_map_editor(role_map=role_map, editor=wanted[name], reason=reason)
                self.stdout.write(
                    f"{name} {'is no longer' if done else 'was not'} an editor of {slug}."
                )
        except EditorRefused as refused:
            raise CommandError(refused.message) from None
        names = ", ".join(role_map.editors.order_by("username").values_list("username", flat=True))
        self.stdout.write(f"Editors of {slug}: {names or 'none'}.")
