"""Check a map the way RACI practitioners do (roles/health.py); exit 1 when any error is found.

An organisation can run it in its own CI: `manage.py check_map acme` prints every finding and
fails when one of them is an error (a responsibility with no or several Accountable roles in
a team map), so a broken map does not ship.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from roles.health import ERROR, SEVERITIES, map_health
from roles.inputs import InputError
from roles.models import RoleMap


class Command(BaseCommand):
    help = "Print a role map's health findings; exit status 1 when any finding is an error."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The role map to check, e.g. reference.")
        parser.add_argument(
            "--max-a-share",
            help="Percent of the Accountable parts above which a role is reported "
            "(default: PMROLES_HEALTH_MAX_A_SHARE).",
        )
        parser.add_argument(
            "--min-quotes",
            help="Fewer quotes than this behind a role is thin evidence "
            "(default: PMROLES_HEALTH_MIN_QUOTES).",
        )

    def handle(self, *args, slug, max_a_share=None, min_quotes=None, **options):
        role_map = RoleMap.objects.filter(slug=slug).first()
        if role_map is None:
            known = ", ".join(RoleMap.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"There is no role map '{slug}' (maps: {known}).")
        try:
            health = map_health(role_map, max_a_share=max_a_share, min_quotes=min_quotes)
        except InputError as exc:
            raise CommandError(f"--{exc.field.replace('_', '-')}: {exc.message}") from None
        counts = health.counts
        self.stdout.write(
            f"Map '{health.map_slug}' ({health.map_kind}): {health.row_count} responsibilities, "
            f"{health.role_count} roles, {health.part_count} parts. "
            + ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES)
            + "."
        )
        for _kind, title, findings in health.groups:
            self.stdout.write("")
            self.stdout.write(f"{title} ({len(findings)})")
            for finding in findings:
                self.stdout.write(f"  [{finding.severity}] {finding.message}")
                self.stdout.write(f"      What to do: {finding.advice}")
        if health.has_errors:
            self.stderr.write(f"{counts[ERROR]} error finding(s) in map '{health.map_slug}'.")
            sys.exit(1)
