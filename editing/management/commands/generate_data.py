"""Fill the database with generated data the shape of a large organisation's (pmroles.benchdata)."""

import time

from django.core.management.base import BaseCommand, CommandError

from pmroles.benchdata import GeneratedDataExists, generate
from pmroles.generated_rows import MAP_SLUG, analyze


class Command(BaseCommand):
    help = (
        "Generate roles, areas, responsibilities, sources, quotes and (in the role map "
        f"'{MAP_SLUG}') assignments. Scale 1: 100 roles, 50 areas, 10,000 responsibilities, "
        "100,000 assignments, 20,000 quotes in 50 sources."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiplier, e.g. 0.01 or 2 (default 1)."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete generated data that is already there."
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")

    def handle(self, *args, scale, replace, seed, **options):
        if scale <= 0:
            raise CommandError(f"--scale must be above zero, got {scale}.")
        started = time.monotonic()
        log = self.stderr.write if options["verbosity"] > 1 else None
        try:
            counts = generate(scale=scale, replace=replace, seed=seed, log=log)
        except GeneratedDataExists as exc:
            raise CommandError(str(exc)) from None
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        # After the commit: the planner's statistics, which a bulk load leaves stale.
        statistics = analyze()
        self.stdout.write(
            f"Generated {summary} (map '{MAP_SLUG}') in {time.monotonic() - started:.1f} s. "
            + statistics
        )
