"""Generated data shaped like a large organisation's, for benchmarks and trying the app at size.

At scale 1: 100 roles, 50 areas, 10,000 responsibilities, 100,000 assignments (ten roles per
responsibility, at most one Accountable), 20,000 quotes in 50 sources. Every count scales
linearly with at least one of each (four roles); assignments are capped at roles ×
responsibilities, so small scales give fewer than ten per responsibility.

Where it goes: a role map of its own, ``generated``; its roles and responsibilities are that
map's own (no other map shows them), areas, sources and quotes are shared, all with slugs (and
quote keys) starting ``gen-``, so the reference map stays as it is.
Pages and the API show the default map: set ``PMROLES_DEFAULT_MAP=generated`` to see them.

Everything is written with ``bulk_create`` in batches, which skips model signals: no
django-simple-history record is written for generated rows (nobody edited them; an edit made
later is recorded as usual). Deleting (``replace=True``) also goes around signals and
cascades, for the same reason and for speed: it removes exactly the ``gen-`` rows, the
``generated`` map, its assignments and every many-to-many row that points at them
(pmroles/generated_rows.py: which rows are generated, deleting them, their statistics).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from responsibilities import version_writes
from responsibilities.models import Area, Assignment, Level, Quote, Responsibility, Source
from roles.models import Focus, Horizon, Role, RoleMap, Stakeholders

from .generated_rows import MAP_SLUG, PREFIX, delete, existing

MAP_NAME = "Generated"

# Counts at scale 1.
ROLES = 100
AREAS = 50
RESPONSIBILITIES = 10_000
ASSIGNMENTS = 100_000
QUOTES = 20_000
SOURCES = 50

WORDS = (
    "product",
    "roadmap",
    "backlog",
    "stakeholder",
    "customer",
    "market",
    "strategy",
    "release",
    "sprint",
    "team",
    "vision",
    "discovery",
    "delivery",
    "pricing",
    "launch",
    "budget",
    "scope",
    "risk",
    "schedule",
    "feature",
    "value",
    "outcome",
    "metric",
    "research",
    "interview",
    "campaign",
    "positioning",
    "messaging",
    "requirement",
    "story",
    "acceptance",
    "quality",
    "dependency",
    "vendor",
    "contract",
    "forecast",
    "revenue",
    "adoption",
    "retention",
    "onboarding",
    "experiment",
)
ROLE_KINDS = (
    "Product Manager",
    "Product Owner",
    "Project Manager",
    "Product Marketing Manager",
    "Programme Manager",
    "Delivery Lead",
    "Growth Manager",
    "Platform Owner",
)
OTHER_LEVELS = (Level.RESPONSIBLE, Level.CONSULTED, Level.INFORMED)


class GeneratedDataExists(Exception):
    """Generated data is already in the database and ``replace`` was not asked for."""


@dataclass(frozen=True)
class Plan:
    roles: int
    areas: int
    responsibilities: int
    assignments: int
    quotes: int
    sources: int

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        if scale <= 0:
            raise ValueError(f"The scale must be above zero, got {scale}.")

        def n(base: int, least: int = 1) -> int:
            return max(least, round(base * scale))

        roles, responsibilities = n(ROLES, 4), n(RESPONSIBILITIES)
        return cls(
            roles=roles,
            areas=n(AREAS),
            responsibilities=responsibilities,
            assignments=min(n(ASSIGNMENTS), roles * responsibilities),
            quotes=n(QUOTES),
            sources=n(SOURCES),
        )


def generate(
    *,
    scale: float = 1.0,
    replace: bool = False,
    seed: int = 0,
    batch_size: int = 5000,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write generated data at ``scale``; return the counts written.

    Raises GeneratedDataExists when generated data is there already and ``replace`` is false.
    The same scale and seed always give the same data.
    """
    plan = Plan.for_scale(scale)
    say = log or (lambda message: None)
    rng = random.Random(seed)
    with transaction.atomic():
        found = {kind: count for kind, count in existing().items() if count}
        if found and not replace:
            raise GeneratedDataExists(
                "Generated data already exists ("
                + ", ".join(f"{count} {kind}" for kind, count in found.items())
                + "); run again with --replace to delete it and generate it anew."
            )
        if found:
            delete()
            say("Deleted the generated data that was there.")
        counts = _write(plan, rng, batch_size, scale, seed, say)
        # Bulk inserts send no signals: advance the data version once for all of them.
        version_writes.bump()
    return counts


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _write(plan: Plan, rng, batch_size, scale, seed, say) -> dict[str, int]:
    def bulk(model, objects):
        return model.objects.bulk_create(objects, batch_size=batch_size)

    role_map = RoleMap.objects.create(
        name=MAP_NAME,
        slug=MAP_SLUG,
        description=f"Written by generate_data --scale {scale} --seed {seed}.",
    )
    focuses, horizons, stakeholders = list(Focus), list(Horizon), list(Stakeholders)
    roles = bulk(
        Role,
        [
            Role(
                map=role_map,
                name=f"{ROLE_KINDS[i % len(ROLE_KINDS)]} {i + 1:03d}",
                slug=f"{PREFIX}role-{i + 1:03d}",
                abbreviation=f"G{i + 1:03d}",
                summary=f"A generated role: {_sentence(rng, 8)}.",
                description=f"Generated. {_sentence(rng, 30).capitalize()}.",
                focus=focuses[i % len(focuses)],
                horizon=horizons[i % len(horizons)],
                stakeholders=stakeholders[i % len(stakeholders)],
                methodology="Generated",
                order=100 + i,
            )
            for i in range(plan.roles)
        ],
    )
    say(f"{len(roles)} roles")
    areas = bulk(
        Area,
        [
            Area(
                name=f"Generated area {i + 1:03d}",
                slug=f"{PREFIX}area-{i + 1:03d}",
                description=_sentence(rng, 12).capitalize() + ".",
                order=100 + i,
            )
            for i in range(plan.areas)
        ],
    )
    say(f"{len(areas)} areas")
    sources = bulk(
        Source,
        [
            Source(
                slug=f"{PREFIX}source-{i + 1:03d}",
                title=f"Generated source {i + 1:03d}: {_sentence(rng, 4)}",
                author="Generated",
                publisher="generate_data",
                url=f"https://example.org/generated/{i + 1}",
            )
            for i in range(plan.sources)
        ],
    )
    say(f"{len(sources)} sources")
    quotes = bulk(
        Quote,
        [
            Quote(
                key=f"{PREFIX}quote-{i + 1:05d}",
                source=sources[i % len(sources)],
                text=f"The {_sentence(rng, rng.randint(20, 45))}.",
                locator=f"Section {i % 20 + 1}",
            )
            for i in range(plan.quotes)
        ],
    )
    say(f"{len(quotes)} quotes")
    per_area = -(-plan.responsibilities // plan.areas)
    responsibilities = bulk(
        Responsibility,
        [
            Responsibility(
                map=role_map,
                name=f"Generated responsibility {i + 1:05d}: {_sentence(rng, 3)}",
                slug=f"{PREFIX}resp-{i + 1:05d}",
                description=_sentence(rng, 15).capitalize() + ".",
                area=areas[min(i // per_area, len(areas) - 1)],
                order=i % per_area,
            )
            for i in range(plan.responsibilities)
        ],
    )
    say(f"{len(responsibilities)} responsibilities")

    through = Responsibility.quotes.through
    bulk(
        through,
        [
            through(responsibility_id=r.pk, quote_id=quotes[i % len(quotes)].pk)
            for i, r in enumerate(responsibilities)
        ],
    )
    role_through = Role.quotes.through
    bulk(
        role_through,
        [
            role_through(role_id=role.pk, quote_id=quotes[(i * 7 + k) % len(quotes)].pk)
            for i, role in enumerate(roles)
            for k in range(2)
        ],
    )

    # Assignments: the same number per responsibility (the remainder spread over the first
    # ones), distinct roles, the first of them Accountable for nine responsibilities in ten
    # (so the matrix has some warnings to show), R/A with one or two quotes, C/I with none
    # or one.
    base, extra = divmod(plan.assignments, plan.responsibilities)
    assignment_through = Assignment.quotes.through
    written = links = 0
    batch: list[Assignment] = []
    batch_quotes: list[list[int]] = []

    def flush():
        nonlocal written, links
        created = bulk(Assignment, batch)
        rows = [
            assignment_through(assignment_id=a.pk, quote_id=q)
            for a, quote_ids in zip(created, batch_quotes, strict=True)
            for q in quote_ids
        ]
        bulk(assignment_through, rows)
        written += len(created)
        links += len(rows)
        batch.clear()
        batch_quotes.clear()

    role_count = len(roles)
    for i, responsibility in enumerate(responsibilities):
        holders = rng.sample(range(role_count), base + (1 if i < extra else 0))
        for position, r in enumerate(holders):
            accountable = position == 0 and i % 10 != 9
            level = Level.ACCOUNTABLE if accountable else rng.choice(OTHER_LEVELS)
            strong = level in (Level.ACCOUNTABLE, Level.RESPONSIBLE)
            batch.append(
                Assignment(
                    role_map=role_map,
                    role=roles[r],
                    responsibility=responsibility,
                    level=level,
                    note=_sentence(rng, 6) if position % 3 == 0 else "",
                )
            )
            picks = rng.randint(1, 2) if strong else rng.randint(0, 1)
            batch_quotes.append(list({rng.choice(quotes).pk for _ in range(picks)}))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    say(f"{written} assignments with {links} quotes")
    return {
        "roles": len(roles),
        "areas": len(areas),
        "responsibilities": len(responsibilities),
        "assignments": written,
        "quotes": len(quotes),
        "sources": len(sources),
    }
