"""The test world: every test's data comes from here, made with the factories.

What it holds, smallest first:

- Factories (tests/factories.py): one row at a time with sensible defaults, for a test that
  needs one exact situation (`RoleFactory(slug="x")`).
- The sample (`build_sample`, the `sample` fixture in tests/conftest.py): four roles with the
  reference slugs, two areas, responsibilities where the product manager and product owner
  share, differ and have the same part, quotes with a source, contrasts, variants and a
  shared quality. On top of it, when a test asks: three disputes (`add_disputes`, the
  `disputes` fixture), evidence bases with a stated "no part" (`add_evidence`, the
  `evidence` fixture), a map that differs in one known cell (`add_informed_map`) and a
  draft with the users who may and may not see it (`add_draft_readers`), and 10x the data
  (`grow`, tests/world_scale.py) for query-count checks. Page and domain tests read this.
- The generated data (`build_dataset(scale, prefix)`, tests/world_scale.py): generated names
  in a shape that scales (every fifth responsibility without an Accountable, every seventh
  Consulted only), bulk inserted, for the API tests and for comparing small with large data
  (scale=10).
- The reference data (`fixtures/reference.json`, the `reference_map` and
  `reference_data_once` fixtures): the real, cited content, for tests about it (evidence,
  quotes, exports), never as a convenient data set.

How to grow it: a new situation most tests need goes into `build_sample` (or an `add_*`
beside `add_disputes`, with its fixture in conftest.py); a new model gets a factory first
and a line in `generate_dataset` (tests/world_scale.py) when the API or the bounded reads must
see it at scale. Keep the role slugs in ROLE_SLUGS.
"""

from dataclasses import dataclass, field

from responsibilities.levels import Basis
from responsibilities.models import (
    Assignment,
    Kind,
    Level,
)
from roles.models import ContrastKind, Focus, Horizon, Stakeholders
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
    UserFactory,
)

ROLE_SLUGS = ["product-manager", "product-owner", "project-manager", "product-marketing-manager"]


@dataclass
class Sample:
    roles: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)
    responsibilities: dict = field(default_factory=dict)
    quotes: dict = field(default_factory=dict)
    source: object = None
    disputes: "Disputes | None" = None


def build_sample() -> Sample:
    s = Sample()
    RoleMapFactory()
    s.roles["pm"] = RoleFactory(
        slug="product-manager",
        name="Product Manager",
        abbreviation="PM",
        summary="Decides why and what to build.",
        description="Owns the problem space and the product strategy.",
        focus=Focus.STRATEGIC,
        horizon=Horizon.LONG_TERM,
        stakeholders=Stakeholders.EXTERNAL,
        methodology="Framework-independent",
        order=1,
    )
    s.roles["po"] = RoleFactory(
        slug="product-owner",
        name="Product Owner",
        abbreviation="PO",
        summary="Maximises the value of the team's work through the backlog.",
        focus=Focus.TACTICAL,
        horizon=Horizon.SHORT_TO_MID_TERM,
        stakeholders=Stakeholders.INTERNAL,
        methodology="Scrum",
        order=2,
    )
    s.roles["prj"] = RoleFactory(
        slug="project-manager",
        name="Project Manager",
        abbreviation="PrM",
        summary="Delivers a project on time and on budget.",
        focus=Focus.OPERATIONAL,
        horizon=Horizon.PROJECT,
        stakeholders=Stakeholders.BOTH,
        order=3,
    )
    s.roles["pmm"] = RoleFactory(
        slug="product-marketing-manager",
        name="Product Marketing Manager",
        abbreviation="PMM",
        summary="Brings the product to market.",
        focus=Focus.MARKET,
        horizon=Horizon.SHORT_TO_MID_TERM,
        stakeholders=Stakeholders.EXTERNAL,
        order=4,
    )
    s.source = SourceFactory(
        slug="pm-vs-po",
        title="Product manager vs product owner",
        author="Jane Doe",
        publisher="Example Press",
        url="https://example.org/pm-vs-po",
    )

    def quote(key: str, text: str):
        s.quotes[key] = QuoteFactory(key=key, text=text, source=s.source, locator="Roles")
        return s.quotes[key]

    s.areas["strategy"] = AreaFactory(name="Strategy and vision", slug="strategy", order=1)
    s.areas["delivery"] = AreaFactory(name="Delivery and backlog", slug="delivery", order=2)

    def duty(slug: str, name: str, area: str, kind=Kind.RESPONSIBILITY):
        s.responsibilities[slug] = ResponsibilityFactory(
            slug=slug, name=name, area=s.areas[area], kind=kind
        )
        return s.responsibilities[slug]

    vision = duty("product-vision", "Set the product vision", "strategy")
    research = duty("customer-research", "Understand customer needs", "strategy")
    launch = duty("launch-messaging", "Craft the launch messaging", "strategy")
    backlog = duty("product-backlog", "Order the product backlog", "delivery")
    schedule = duty("project-schedule", "Plan the project schedule", "delivery")
    reports = duty("status-reports", "Read the status reports", "delivery")
    focus = duty("customer-focus", "Customer focus", "strategy", kind=Kind.SHARED_QUALITY)

    pm, po, prj, pmm = (s.roles[k] for k in ("pm", "po", "prj", "pmm"))
    vision.quotes.set([quote("vision", "A product vision describes the future of the product.")])
    pm.quotes.set([quote("pm-definition", "A product manager is the voice of the customer.")])
    vision_quote = quote("pm-owns-vision", "The product manager owns the product vision.")
    AssignmentFactory(
        role=pm, responsibility=vision, level=Level.ACCOUNTABLE, quotes=[vision_quote]
    )
    AssignmentFactory(role=po, responsibility=vision, level=Level.CONSULTED)
    AssignmentFactory(
        role=pm,
        responsibility=research,
        level=Level.RESPONSIBLE,
        quotes=[quote("pm-research", "Product managers talk to customers every week.")],
    )
    AssignmentFactory(
        role=po,
        responsibility=research,
        level=Level.RESPONSIBLE,
        quotes=[quote("po-research", "The product owner also learns from customers.")],
    )
    AssignmentFactory(role=pmm, responsibility=launch, level=Level.ACCOUNTABLE)
    AssignmentFactory(role=pm, responsibility=launch, level=Level.CONSULTED)
    AssignmentFactory(
        role=po,
        responsibility=backlog,
        level=Level.ACCOUNTABLE,
        quotes=[quote("po-backlog", "The Product Owner is accountable for the Product Backlog.")],
    )
    AssignmentFactory(role=pm, responsibility=backlog, level=Level.CONSULTED)
    AssignmentFactory(role=prj, responsibility=schedule, level=Level.ACCOUNTABLE)
    AssignmentFactory(role=pm, responsibility=reports, level=Level.INFORMED)
    AssignmentFactory(role=po, responsibility=reports, level=Level.INFORMED)
    AssignmentFactory(role=prj, responsibility=reports, level=Level.RESPONSIBLE)
    focus_quote = quote("customer-focus", "Both roles keep the customer in mind.")
    for role in (pm, po, prj, pmm):
        AssignmentFactory(
            role=role, responsibility=focus, level=Level.RESPONSIBLE, quotes=[focus_quote]
        )

    ContrastFactory(
        slug="horizon",
        kind=ContrastKind.DIFFERENCE,
        aspect="Time horizon",
        summary="The product manager looks years ahead; the product owner at the next sprints.",
        roles=[pm, po],
        quotes=[
            quote("horizon", "The product manager thinks in years, the product owner in sprints.")
        ],
    )
    ContrastFactory(
        slug="customers",
        kind=ContrastKind.SIMILARITY,
        aspect="Customers",
        summary="Both listen to customers.",
        roles=[pm, po],
        quotes=[focus_quote],
    )
    for name in ("Business-to-consumer", "Business-to-business", "Technical"):
        RoleVariantFactory(
            role=pm,
            name=f"{name} product manager",
            slug=f"{name.lower()}-pm",
            quotes=[QuoteFactory(source=s.source)],
        )
    return s


@dataclass
class Disputes:
    vision: object
    reports: object
    launch: object


def add_disputes(sample: Sample) -> Disputes:
    """Three disputes: the PM and the PO on the vision, the project manager alone on the
    reports, the project and the marketing manager on the launch (the PM and PO are not in it).
    """
    pm, po, prj, pmm = (sample.roles[k] for k in ("pm", "po", "prj", "pmm"))
    vision = DisputeFactory(
        slug="who-owns-the-vision",
        topic="Who owns the product vision: PM or PO?",
        summary="One source gives it to the product manager, another to the product owner.",
        order=1,
        roles=[pm, po],
        responsibilities=[sample.responsibilities["product-vision"]],
    )
    DisputePositionFactory(
        dispute=vision,
        key="pm-owns-vision",
        statement="The product manager owns the vision.",
        order=1,
        roles=[pm],
        quotes=[sample.quotes["pm-owns-vision"]],
    )
    DisputePositionFactory(
        dispute=vision,
        key="po-owns-vision",
        statement="The product owner owns the vision.",
        order=2,
        roles=[po],
        quotes=[
            QuoteFactory(
                key="po-vision",
                text="The product owner creates the product vision.",
                source=sample.source,
            )
        ],
    )
    reports = DisputeFactory(
        slug="who-writes-reports",
        topic="Who writes the status reports?",
        summary="",
        order=2,
        roles=[prj],
        responsibilities=[sample.responsibilities["status-reports"]],
    )
    DisputePositionFactory(dispute=reports, key="prj-writes", statement="The project manager.")
    launch = DisputeFactory(
        slug="who-runs-the-launch",
        topic="Who runs the launch: project or marketing?",
        summary="About who runs the launch: project or marketing?",
        order=3,
        roles=[prj, pmm],
        responsibilities=[sample.responsibilities["launch-messaging"]],
    )
    for order, (statement, holder, text) in enumerate(
        [
            ("The project manager runs it.", prj, "Launches are projects."),
            ("Marketing runs it.", pmm, "Marketing owns the launch."),
        ]
    ):
        DisputePositionFactory(
            dispute=launch,
            key=f"who-runs-the-launch-{order}",
            statement=statement,
            order=order,
            roles=[holder],
            quotes=[
                QuoteFactory(key=f"who-runs-the-launch-q{order}", text=text, source=sample.source)
            ],
        )
    return Disputes(vision=vision, reports=reports, launch=launch)


RATIONALE = "“The product manager owns the product vision” (Doe)"
NO_PART_QUOTE = "The project manager plays no part in the product vision."


def add_evidence(sample: Sample) -> Sample:
    """Evidence bases, a rationale, a stated "no part" and a silence, on `product-vision`.

    The product manager is Accountable, *stated*, with a rationale; the product owner
    Consulted, *inferred*; the project manager has a stated "no part" (N) with its quote; the
    product marketing manager has no assignment at all (not stated).
    """
    vision = sample.responsibilities["product-vision"]
    Assignment.objects.filter(role=sample.roles["pm"], responsibility=vision).update(
        basis=Basis.STATED, rationale=RATIONALE
    )
    Assignment.objects.filter(role=sample.roles["po"], responsibility=vision).update(
        basis=Basis.INFERRED
    )
    sample.quotes["no-part"] = QuoteFactory(
        key="no-part", text=NO_PART_QUOTE, source=sample.source, locator="Roles"
    )
    AssignmentFactory(
        role=sample.roles["prj"],
        responsibility=vision,
        level=Level.NO_PART,
        basis=Basis.STATED,
        quotes=[sample.quotes["no-part"]],
    )
    return sample


@dataclass
class TeamMaps:
    """Two team maps, each with an own role and an own responsibility (see add_team_maps)."""

    acme: object
    globex: object
    acme_role: object
    globex_role: object
    acme_work: object
    globex_work: object


def add_team_maps(sample: Sample) -> TeamMaps:
    """Two team maps based on the reference map, `acme` and `globex`.

    Each has an own role (a Scrum Master in acme, an Engineering Manager in globex) and an
    own responsibility (“Run the ceremonies”, “Grow the engineers”), the own role agreed
    Responsible for the own responsibility, and the product manager agreed Consulted on it:
    what no page of another map may ever show.
    """
    reference = RoleMapFactory()
    built = {}
    for slug, role_name, role_slug, work_name, work_slug in (
        ("acme", "Scrum Master", "scrum-master", "Run the ceremonies", "run-ceremonies"),
        ("globex", "Engineering Manager", "eng-manager", "Grow the engineers", "grow-engineers"),
    ):
        team = TeamMapFactory(slug=slug, name=slug.capitalize(), based_on=reference)
        role = RoleFactory(map=team, slug=role_slug, name=role_name, abbreviation=role_slug[:3])
        work = ResponsibilityFactory(
            map=team, slug=work_slug, name=work_name, area=sample.areas["strategy"]
        )
        AgreedAssignmentFactory(role_map=team, role=role, responsibility=work)
        AgreedAssignmentFactory(
            role_map=team, role=sample.roles["pm"], responsibility=work, level=Level.CONSULTED
        )
        built[slug] = (team, role, work)
    return TeamMaps(
        acme=built["acme"][0],
        globex=built["globex"][0],
        acme_role=built["acme"][1],
        globex_role=built["globex"][1],
        acme_work=built["acme"][2],
        globex_work=built["globex"][2],
    )


def add_informed_map(sample: Sample, **fields) -> object:
    """A map (RoleMapFactory with `fields`) in which the project manager is Informed on the
    product backlog, where the sample's reference map says otherwise: what a page shows
    only when it reads that map."""
    role_map = RoleMapFactory(**fields)
    AssignmentFactory(
        role_map=role_map,
        role=sample.roles["prj"],
        responsibility=sample.responsibilities["product-backlog"],
        level=Level.INFORMED,
    )
    return role_map


def add_draft_readers(
    sample: Sample, *, draft_name: str, staff: bool, informed: bool = True
) -> dict[str, object]:
    """Who may see a draft: a draft team map `acme` (with add_informed_map's part unless
    not `informed`) with its editor, a published team map `other` with its own, a Reader and
    an Editor; `staff` for the admin pages. Returns the users by what they are."""
    from django.contrib.auth.models import Group

    fields = {"slug": "acme", "name": draft_name, "kind": "team", "status": "draft"}
    acme = add_informed_map(sample, **fields) if informed else RoleMapFactory(**fields)
    other = RoleMapFactory(slug="other", name="Other team", kind="team", status="published")
    users = {
        "reader": UserFactory(username="reader", is_staff=staff),
        "other_team_editor": UserFactory(username="other-editor", is_staff=staff),
        "map_editor": UserFactory(username="acme-editor", is_staff=staff),
        "editor": UserFactory(username="editor", is_staff=staff),
    }
    users["reader"].groups.add(Group.objects.get(name="Readers"))
    users["editor"].groups.add(Group.objects.get(name="Editors"))
    other.editors.add(users["other_team_editor"])
    acme.editors.add(users["map_editor"])
    return users
