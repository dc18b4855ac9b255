"""factory-boy factories for every model; the default map is the reference map."""

import factory
from django.conf import settings
from django.contrib.auth import get_user_model

from responsibilities.models import (
    Area,
    Assignment,
    Basis,
    Dispute,
    DisputePosition,
    Kind,
    Level,
    MapKind,
    Quote,
    Responsibility,
    Source,
)
from roles.models import (
    Contrast,
    ContrastKind,
    Focus,
    Horizon,
    MapStatus,
    Role,
    RoleMap,
    RoleVariant,
)


class RoleMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleMap
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    slug = settings.PMROLES_DEFAULT_MAP
    name = factory.LazyAttribute(lambda o: f"Map {o.slug}")
    kind = MapKind.REFERENCE
    status = MapStatus.PUBLISHED

    @factory.post_generation
    def editors(self, create, extracted, **kwargs):
        if create and extracted:
            self.editors.set(extracted)


class TeamMapFactory(RoleMapFactory):
    """A team's map (kind team), by default based on the default (reference) map."""

    class Meta:
        model = RoleMap
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"team-{n}")
    kind = MapKind.TEAM


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source title {n}")
    author = "Ada Author"
    publisher = "Example Press"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    key = factory.Sequence(lambda n: f"quote-{n}")
    source = factory.SubFactory(SourceFactory)
    text = factory.Sequence(lambda n: f"Quoted sentence number {n}.")
    locator = "Introduction"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    order = factory.Sequence(lambda n: n)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    abbreviation = factory.Sequence(lambda n: f"R{n}")
    summary = factory.LazyAttribute(lambda o: f"What {o.name} does.")
    focus = Focus.STRATEGIC
    horizon = Horizon.LONG_TERM
    order = factory.Sequence(lambda n: n)


class RoleVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleVariant
        skip_postgeneration_save = True

    role = factory.SubFactory(RoleFactory)
    name = factory.Sequence(lambda n: f"Variant {n}")
    slug = factory.Sequence(lambda n: f"variant-{n}")
    summary = "A kind of the role."

    @factory.post_generation
    def quotes(self, create, extracted, **kwargs):
        if create and extracted:
            self.quotes.set(extracted)


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    name = factory.Sequence(lambda n: f"Responsibility {n}")
    slug = factory.Sequence(lambda n: f"responsibility-{n}")
    description = factory.LazyAttribute(lambda o: f"Doing {o.name}.")
    area = factory.SubFactory(AreaFactory)
    kind = Kind.RESPONSIBILITY


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    role_map = factory.SubFactory(RoleMapFactory)
    role = factory.SubFactory(RoleFactory)
    responsibility = factory.SubFactory(ResponsibilityFactory)
    level = Level.RESPONSIBLE

    @factory.post_generation
    def quotes(self, create, extracted, **kwargs):
        if create and extracted:
            self.quotes.set(extracted)


class AgreedAssignmentFactory(AssignmentFactory):
    """A team's own decision: basis agreed, with its rationale, in a team map, no quote."""

    role_map = factory.SubFactory(TeamMapFactory)
    basis = Basis.AGREED
    rationale = "The team agreed this at the planning offsite."
    decided_by = "Product leadership"


class ContrastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contrast
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"contrast-{n}")
    kind = ContrastKind.DIFFERENCE
    aspect = "Time horizon"
    summary = "One looks far ahead, the other at the next sprint."

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(extracted)

    @factory.post_generation
    def quotes(self, create, extracted, **kwargs):
        if create and extracted:
            self.quotes.set(extracted)


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispute
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"dispute-{n}")
    topic = factory.Sequence(lambda n: f"Who decides question {n}?")
    summary = "The sources answer differently."
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(extracted)

    @factory.post_generation
    def responsibilities(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsibilities.set(extracted)


class DisputePositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisputePosition
        skip_postgeneration_save = True

    dispute = factory.SubFactory(DisputeFactory)
    key = factory.Sequence(lambda n: f"position-{n}")
    statement = factory.Sequence(lambda n: f"Position number {n}.")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(extracted)

    @factory.post_generation
    def quotes(self, create, extracted, **kwargs):
        if create and extracted:
            self.quotes.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


def small_role_map(role_map=None):
    """A complete little map: two areas, three responsibilities, roles, evidence, variants."""
    role_map = role_map or RoleMapFactory()
    source = SourceFactory(slug="handbook", title="The handbook", published="2024-05-01")
    quotes = [QuoteFactory(source=source, key=f"handbook-{n}") for n in range(3)]
    owner = RoleFactory(slug="product-owner", name="Product Owner")
    owner.quotes.set(quotes[:1])
    manager = RoleFactory(slug="product-manager", name="Product Manager")
    area = AreaFactory(slug="discovery", name="Discovery")
    backlog = ResponsibilityFactory(slug="backlog", name="Backlog", area=area)
    backlog.quotes.set(quotes[1:])
    vision = ResponsibilityFactory(slug="vision", name="Vision", area=AreaFactory(slug="strategy"))
    AssignmentFactory(
        role_map=role_map, role=owner, responsibility=backlog, level="A", quotes=quotes[:2]
    )
    AssignmentFactory(
        role_map=role_map, role=manager, responsibility=backlog, level="C", note="Asked."
    )
    AssignmentFactory(
        role_map=role_map, role=manager, responsibility=vision, level="A", quotes=quotes[2:]
    )
    RoleVariantFactory(role=manager, slug="b2b-pm", quotes=quotes[:1])
    ContrastFactory(slug="horizon", roles=[owner, manager], quotes=quotes[1:2])
    return role_map
