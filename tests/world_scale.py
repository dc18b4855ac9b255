"""The test world at scale: more of the sample, and generated data that scales.

- `grow(sample, factor)` and `grow_team_maps(sample)`: the sample (tests/world.py) with ten
  times the responsibilities, assignments and evidence, or with more team maps, for checks
  that a page's query count does not grow with the data.
- `build_dataset(scale, prefix)`: generated names in a shape that scales (every fifth
  responsibility without an Accountable, every seventh Consulted only), bulk inserted once
  a run and written back after (`generate_dataset` builds it), for the API tests and for
  comparing small with large data (scale=10).
- `Batch`: rows built with the factories and written in bulk, for the bounded-size and
  fixed-query tests that only read the extra rows.
"""

from responsibilities.models import (
    Area,
    Assignment,
    Dispute,
    DisputePosition,
    Kind,
    Level,
    Quote,
    Responsibility,
    Source,
)
from responsibilities.version_writes import bump
from roles.models import Contrast, Role, RoleVariant
from tests.factories import (
    AgreedAssignmentFactory,
    AreaFactory,
    AssignmentFactory,
    ContrastFactory,
    DisputeFactory,
    DisputePositionFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    RoleVariantFactory,
    SourceFactory,
    TeamMapFactory,
)
from tests.snapshot import built_once
from tests.world import ROLE_SLUGS, Sample


class Batch:
    """Rows built with the factories' `build()`, then written with one bulk insert per table.

    Written one by one, the ten-times data cost most of these tests' time: each row's save
    writes a history row (and one per many-to-many change) and advances the data versions.
    The tests that grow the data read it (sizes, query counts, counts agreeing); none reads
    its history, so the rows go in at once and every version advances once at the end
    (version_writes.bump, as for generate_data). Tests about history or versions write through
    the factories.
    """

    # Parents before children: a row's foreign keys point at rows already written.
    ORDER = (Source, Quote, Area, Role, Responsibility, RoleVariant, Contrast, Assignment)

    def __init__(self) -> None:
        self.rows: dict[type, list] = {model: [] for model in self.ORDER}
        self.links: list[tuple[object, str, list]] = []

    def add(self, row, **links):
        """`row` (built, unsaved) to write, with its many-to-many `links` (field -> rows)."""
        self.rows[type(row)].append(row)
        self.links.extend((row, field, targets) for field, targets in links.items())
        return row

    def quote(self, source: Source | None = None, **fields) -> Quote:
        """A built quote of `source`, or of a source of its own (added too)."""
        if source is None:
            source = self.add(SourceFactory.build())
        return self.add(QuoteFactory.build(source=source, **fields))

    def write(self) -> None:
        for model in self.ORDER:
            if self.rows[model]:
                model.objects.bulk_create(self.rows[model])
        through_rows: dict[type, list] = {}
        for owner, field, targets in self.links:
            descriptor = getattr(type(owner), field)
            through, forward = descriptor.through, descriptor.field.m2m_field_name()
            backward = descriptor.field.m2m_reverse_field_name()
            through_rows.setdefault(through, []).extend(
                through(**{f"{forward}_id": owner.pk, f"{backward}_id": target.pk})
                for target in targets
            )
        for through, rows in through_rows.items():
            through.objects.bulk_create(rows)
        bump()


def grow(sample: Sample, factor: int = 10) -> None:
    """Add `factor` times the responsibilities, assignments, quotes and sources (in bulk)."""
    roles = list(sample.roles.values())
    levels = [Level.RESPONSIBLE, Level.CONSULTED, Level.INFORMED]
    count = len(sample.responsibilities) * (factor - 1)
    role_map = RoleMapFactory()  # get or create: the default map
    batch = Batch()
    for i in range(count):
        area = sample.areas["strategy" if i % 2 else "delivery"]
        responsibility = batch.add(
            ResponsibilityFactory.build(area=area, order=10 + i), quotes=[batch.quote()]
        )
        for j, role in enumerate(roles):
            level = Level.ACCOUNTABLE if j == i % len(roles) else levels[(i + j) % len(levels)]
            batch.add(
                AssignmentFactory.build(
                    role_map=role_map, role=role, responsibility=responsibility, level=level
                ),
                quotes=[batch.quote(), batch.quote(sample.source)],
            )
    for i in range(factor):
        batch.add(RoleVariantFactory.build(role=roles[i % len(roles)]), quotes=[batch.quote()])
        batch.add(ContrastFactory.build(), roles=roles[:2], quotes=[batch.quote(sample.source)])
    batch.write()


def grow_role(role, areas, count: int, start: int = 0) -> None:
    """`count` more parts of `role` in the default map, each on a new responsibility spread
    over `areas` (in bulk): a role page or list at 60 rows against one at 400."""
    role_map = RoleMapFactory()  # get or create: the default map
    batch = Batch()
    for n in range(start, start + count):
        batch.add(
            AssignmentFactory.build(
                role_map=role_map,
                role=role,
                responsibility=batch.add(
                    ResponsibilityFactory.build(area=areas[n % len(areas)], order=n)
                ),
                level=Level.CONSULTED if n % 3 else Level.INFORMED,
            )
        )
    batch.write()


def grow_team_maps(sample: Sample, maps: int = 5, own: int = 5) -> None:
    """More team maps, each with `own` own roles and responsibilities and agreed parts: a
    page of one map must cost the same whatever the others hold."""
    for i in range(maps):
        team = TeamMapFactory(slug=f"grown-{i}")
        for _ in range(own):
            role = RoleFactory(map=team)
            work = ResponsibilityFactory(map=team, area=sample.areas["strategy"])
            AgreedAssignmentFactory(role_map=team, role=role, responsibility=work)
            AgreedAssignmentFactory(
                role_map=team, role=sample.roles["po"], responsibility=work, level=Level.INFORMED
            )


def build_dataset(scale: int = 1, prefix: str = "d") -> dict:
    """`generate_dataset(scale, prefix)`, built once per run and written back for the tests
    after (tests/snapshot.py): the tests comparing small with large data built ten or forty
    times the data again in every test (their files took 9.7 s of CPU, now 7.0 s)."""
    role_map = RoleMapFactory(name="Reference")  # get or create: the default map
    return built_once(
        f"dataset:{scale}:{prefix}",
        lambda: generate_dataset(scale, prefix),
        context=role_map.pk,  # the parts point at it
    )


def generate_dataset(scale: int = 1, prefix: str = "d") -> dict:
    """Roles, areas, responsibilities, assignments and evidence; `scale` multiplies them.

    Not the sample: generated names, a shape that scales. Rows are
    made with the factories' `build()` and bulk inserted, which keeps ten-times data fast.
    Each responsibility gets three roles: A/R/C, except every fifth (R/C/I: Responsible
    without Accountable) and every seventh (C only: no Accountable), so the matrix has
    warnings to report.
    """
    role_map = RoleMapFactory(name="Reference")  # get or create: the default map
    sources = Source.objects.bulk_create(
        SourceFactory.build(
            slug=f"{prefix}-source-{i}",
            title=f"{prefix} source {i}",
            author="A. Author",
            publisher="",
        )
        for i in range(2 * scale)
    )
    counter = iter(range(10**6))

    def quote(text: str) -> Quote:
        n = next(counter)
        return QuoteFactory.build(
            key=f"{prefix}-q-{n}", source=sources[n % len(sources)], text=text, locator=""
        )

    names = ROLE_SLUGS if prefix == "d" else []
    slugs = names + [f"{prefix}-role-{i}" for i in range(4 * scale - len(names))]
    roles = Role.objects.bulk_create(
        RoleFactory.build(
            slug=slug,
            name=slug.replace("-", " ").title(),
            abbreviation=f"{prefix[:2].upper()}{i}",
            summary=f"What {slug} does.",
            description=f"{slug} decides and delivers.",
            focus=["strategic", "tactical", "operational", "market"][i % 4],
            horizon=["long-term", "short-to-mid-term", "project", ""][i % 4],
            methodology=["Scrum", "", "PMBOK", "Framework-independent"][i % 4],
            order=i,
        )
        for i, slug in enumerate(slugs)
    )
    areas = Area.objects.bulk_create(
        AreaFactory.build(slug=f"{prefix}-area-{i}", name=f"{prefix} area {i}", order=i)
        for i in range(3 * scale)
    )
    responsibilities = Responsibility.objects.bulk_create(
        ResponsibilityFactory.build(
            slug=f"{prefix}-resp-{i}",
            name=f"{prefix} responsibility {i}",
            description=f"Doing the {prefix} thing number {i}.",
            area=areas[i % len(areas)],
            kind=Kind.SHARED_QUALITY if i % 6 == 5 else Kind.RESPONSIBILITY,
            order=i,
        )
        for i in range(6 * scale)
    )
    assignments = []
    for j, responsibility in enumerate(responsibilities):
        levels = ["A", "R", "C"]
        if j % 5 == 4:
            levels = ["R", "C", "I"]
        if j % 7 == 6:
            levels = ["C"]
        for k, level in enumerate(levels):
            assignments.append(
                AssignmentFactory.build(
                    role_map=role_map,
                    role=roles[(j + k) % len(roles)],
                    responsibility=responsibility,
                    level=level,
                )
            )
    assignments = Assignment.objects.bulk_create(assignments)
    role_variants = RoleVariant.objects.bulk_create(
        RoleVariantFactory.build(
            role=r, slug=f"{r.slug}-variant", name=f"{r.name} variant", summary="A kind."
        )
        for r in roles
    )
    contrasts = Contrast.objects.bulk_create(
        ContrastFactory.build(
            slug=f"{prefix}-contrast-{i}", kind="difference", aspect="Focus", summary="Differ."
        )
        for i in range(len(roles) - 1)
    )
    owners = [*assignments, *roles, *responsibilities, *role_variants, *contrasts]
    quotes = Quote.objects.bulk_create(
        quote(f"Quoted evidence {prefix} {i} about the work.") for i in range(len(owners))
    )
    links = {
        Assignment.quotes.through: [],
        Role.quotes.through: [],
        Responsibility.quotes.through: [],
        RoleVariant.quotes.through: [],
        Contrast.quotes.through: [],
    }
    for owner, q in zip(owners, quotes, strict=True):
        through = type(owner).quotes.through
        links[through].append(
            through(**{f"{type(owner).__name__.lower()}_id": owner.pk, "quote_id": q.pk})
        )
    for through, rows in links.items():
        through.objects.bulk_create(rows)
    Contrast.roles.through.objects.bulk_create(
        Contrast.roles.through(contrast_id=c.pk, role_id=r.pk)
        for i, c in enumerate(contrasts)
        for r in (roles[i], roles[i + 1])
    )
    _add_disputes(prefix, scale, roles, responsibilities, quotes)
    return {"map": role_map, "roles": roles, "responsibilities": responsibilities, "areas": areas}


def _add_disputes(prefix, scale, roles, responsibilities, quotes) -> None:
    """Two disputes per scale, each on two roles and one responsibility, two quoted sides."""
    disputes = Dispute.objects.bulk_create(
        DisputeFactory.build(
            slug=f"{prefix}-dispute-{i}", topic=f"{prefix} question {i}?", summary="", order=i
        )
        for i in range(2 * scale)
    )
    positions = DisputePosition.objects.bulk_create(
        DisputePositionFactory.build(
            dispute=d, key=f"{d.slug}-side-{k}", statement=f"Side {k}.", order=k
        )
        for d in disputes
        for k in range(2)
    )
    Dispute.roles.through.objects.bulk_create(
        Dispute.roles.through(dispute_id=d.pk, role_id=roles[(i + k) % len(roles)].pk)
        for i, d in enumerate(disputes)
        for k in range(2)
    )
    Dispute.responsibilities.through.objects.bulk_create(
        Dispute.responsibilities.through(
            dispute_id=d.pk, responsibility_id=responsibilities[i % len(responsibilities)].pk
        )
        for i, d in enumerate(disputes)
    )
    DisputePosition.roles.through.objects.bulk_create(
        DisputePosition.roles.through(disputeposition_id=p.pk, role_id=roles[i % len(roles)].pk)
        for i, p in enumerate(positions)
    )
    DisputePosition.quotes.through.objects.bulk_create(
        DisputePosition.quotes.through(disputeposition_id=p.pk, quote_id=quotes[i % len(quotes)].pk)
        for i, p in enumerate(positions)
    )
