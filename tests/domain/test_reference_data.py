"""The reference fixture: loads idempotently, covers what the sources state, quotes verbatim."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q

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
from responsibilities.rules import is_question
from roles.models import Contrast, Role, RoleMap, RoleVariant

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference.yaml"
MAP = "reference"

PM = "product-manager"
PO = "product-owner"
PJM = "project-manager"
PMM = "product-marketing-manager"

# Every model the fixture fills, with the fields (m2m as sorted natural keys) to compare.
MODELS = [
    RoleMap,
    Source,
    Quote,
    Area,
    Role,
    RoleVariant,
    Responsibility,
    Contrast,
    Assignment,
    Dispute,
    DisputePosition,
]


def _seeds_folder() -> Path | None:
    """The source documents: PMROLES_SEEDS, else ../shared/seeds beside the checkout.

    CI sets PMROLES_SEEDS (.ci/run), so there a missing folder fails rather than skips; a
    developer without the documents beside the checkout gets None (the quote check skips).
    """
    configured = os.environ.get("PMROLES_SEEDS")
    if configured:
        seeds = Path(configured)
        if not seeds.is_dir():
            pytest.fail(f"PMROLES_SEEDS={configured} is not a folder of source documents.")
        return seeds
    default = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    return default if default.is_dir() else None


def _load():
    call_command("loaddata", str(FIXTURE), verbosity=0)


def _snapshot() -> dict[str, list]:
    """Every row of every reference model, with its many-to-many links, in a stable order."""
    snapshot = {}
    for model in MODELS:
        concrete = [f.attname for f in model._meta.concrete_fields]
        rows = []
        for obj in model.objects.order_by("pk"):
            row = [getattr(obj, name) for name in concrete]
            for m2m in model._meta.many_to_many:
                row.append(sorted(getattr(obj, m2m.name).values_list("pk", flat=True)))
            rows.append(row)
        snapshot[model._meta.label] = rows
    return snapshot


@pytest.fixture
def reference(reference_data_once):
    """Loaded once for this module (tests/conftest.py): every test here only reads it."""


def _accountable(responsibility: str) -> list[str]:
    return list(
        Assignment.objects.filter(
            role_map__slug=MAP, responsibility__slug=responsibility, level=Level.ACCOUNTABLE
        ).values_list("role__slug", flat=True)
    )


def test_fixture_exists_and_is_utf8():
    text = FIXTURE.read_text(encoding="utf-8")
    assert "’" in text  # curly apostrophes survive as themselves
    assert "\npk:" not in text and "  pk:" not in text  # natural keys only


def test_loading_twice_changes_nothing():
    _load()
    first = _snapshot()
    assert all(first[model._meta.label] for model in MODELS), "every model gets rows"
    _load()
    second = _snapshot()
    for label, rows in first.items():
        assert len(second[label]) == len(rows), f"{label}: row count changed"
        assert second[label] == rows, f"{label}: contents changed"


def test_reference_map(reference):
    role_map = RoleMap.objects.get(slug=MAP)
    assert role_map.name == "Reference mapping"
    assert "five" in role_map.description and "differently" in role_map.description


def test_four_roles_and_their_attributes(reference):
    roles = {role.slug: role for role in Role.objects.all()}
    assert set(roles) >= {PM, PO, PJM, PMM}
    assert [roles[s].order for s in (PM, PO, PJM, PMM)] == [1, 2, 3, 4]
    for role in roles.values():
        assert role.name and role.abbreviation and role.summary and role.description
        assert role.quotes.exists(), f"{role.slug} has no evidence"
    # Disputed or merely comparative attributes stay blank ("not stated"), with the note
    # where the role has one: the product manager's focus and horizon (Rathke's "long-term
    # and strategic" vs Racki's sprint-level decisions), both roles' stakeholders (What is PM
    # vs Rathke), and the project manager's focus (one comparative clause, "be more
    # operations-focused", inside a list of abilities).
    assert (roles[PM].focus, roles[PM].horizon, roles[PM].stakeholders) == ("", "", "")
    assert (roles[PO].horizon, roles[PO].stakeholders) == ("short-to-mid-term", "")
    assert roles[PO].methodology == "Scrum"
    assert roles[PJM].focus == ""
    assert roles[PM].focus_note.startswith("Not stated") and "Racki" in roles[PM].focus_note
    assert roles[PJM].focus_note.startswith("Not stated")
    assert "comparative" in roles[PJM].focus_note
    # The role's evidence no longer includes the quotes that only backed the blanked values.
    assert not roles[PM].quotes.filter(key="pm-external-stakeholders").exists()
    assert not roles[PO].quotes.filter(key="po-internal-stakeholders").exists()
    assert not roles[PM].quotes.filter(key="pm-long-term-strategic").exists()


def test_product_manager_variants(reference):
    variants = RoleVariant.objects.filter(role__slug=PM)
    assert set(variants.values_list("slug", flat=True)) >= {
        "internal-product-manager",
        "business-to-business-product-manager",
        "business-to-consumer-product-manager",
    }
    for variant in variants:
        assert variant.summary and variant.quotes.exists()


def test_every_responsible_or_accountable_assignment_has_a_quote(reference):
    strong = Assignment.objects.filter(level__in=[Level.RESPONSIBLE, Level.ACCOUNTABLE])
    assert strong.exists()
    unquoted = strong.annotate(n=Count("quotes")).filter(n=0)
    assert not unquoted.exists(), [str(a) for a in unquoted]


def test_no_responsibility_has_two_accountable_roles(reference):
    doubled = (
        Assignment.objects.filter(level=Level.ACCOUNTABLE)
        .values("role_map", "responsibility")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists(), list(doubled)


def test_every_responsibility_is_quoted_and_unassigned_only_when_no_role_is_named(reference):
    """No assignment means "not stated in the sources": only where all its quotes are questions."""
    unquoted = Responsibility.objects.annotate(n=Count("quotes")).filter(n=0)
    assert not unquoted.exists(), list(unquoted.values_list("slug", flat=True))
    unassigned = Responsibility.objects.exclude(assignments__role_map__slug=MAP).distinct()
    assert set(unassigned.values_list("slug", flat=True)) == {
        "decide-build-versus-buy",
        "integrate-third-party-software",
    }
    for responsibility in unassigned:
        texts = list(responsibility.quotes.values_list("text", flat=True))
        assert texts and all(is_question(text) for text in texts), responsibility.slug


def test_shared_qualities_have_no_accountable_role(reference):
    qualities = Responsibility.objects.filter(kind=Kind.SHARED_QUALITY)
    assert set(qualities.values_list("slug", flat=True)) >= {
        "customer-focus",
        "communication-skills",
        "alignment-with-company-goals",
    }
    assert not Assignment.objects.filter(
        responsibility__kind=Kind.SHARED_QUALITY, level=Level.ACCOUNTABLE
    ).exists()
    for slug in ("customer-focus", "communication-skills", "alignment-with-company-goals"):
        holders = set(
            Assignment.objects.filter(
                responsibility__slug=slug, level=Level.RESPONSIBLE
            ).values_list("role__slug", flat=True)
        )
        assert holders >= {PM, PO}, slug


def test_sources_have_titles_and_quotes_have_text(reference):
    sources = Source.objects.all()
    assert sources.count() == 5
    for source in sources:
        assert source.title.strip(), source.slug
        assert source.document, source.slug
        assert source.quotes.exists(), source.slug
    assert not Quote.objects.filter(Q(text="") | Q(text__regex=r"^\s*$")).exists()
    assert not Quote.objects.filter(locator="").exists()


def test_areas_are_ordered(reference):
    orders = list(Area.objects.values_list("order", flat=True))
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


@pytest.mark.parametrize(
    ("responsibility", "role"),
    [
        # The Scrum product owner's three responsibilities (Perri).
        ("define-backlog-and-user-stories", PO),
        ("groom-and-prioritize-backlog", PO),
        ("accept-completed-user-stories", PO),
        # "the PO ensures that the development team executes this vision" (Rathke).
        ("execute-the-vision", PO),
        # The project manager is "responsible for" the project.
        ("accomplish-project-timeline-scope-budget", PJM),
        ("deliver-and-track-project-on-time", PJM),
        # The product marketing manager is "responsible for telling the world".
        ("tell-the-world-about-the-product", PMM),
        ("lead-marketing-programs", PMM),
        # A few of the product manager's.
        ("define-product-vision", PM),
        ("decide-opportunities-to-pursue", PM),
        ("own-product-success", PM),
        ("validate-with-customers", PM),
    ],
)
def test_expected_role_is_accountable(reference, responsibility, role):
    assert Responsibility.objects.filter(slug=responsibility).exists(), responsibility
    assert _accountable(responsibility) == [role]


def test_contrasts_name_roles_and_quotes(reference):
    contrasts = Contrast.objects.all()
    assert {c.kind for c in contrasts} == {"difference", "similarity"}
    for contrast in contrasts:
        assert contrast.roles.count() >= 2, contrast.slug
        assert contrast.quotes.exists(), contrast.slug
    pairs = {frozenset(c.roles.values_list("slug", flat=True)) for c in contrasts}
    assert {frozenset({PM, PO}), frozenset({PM, PJM}), frozenset({PM, PMM})} <= pairs


def test_quotes_are_verbatim_in_the_sources(reference, capsys):
    seeds = _seeds_folder()
    if seeds is None:
        pytest.skip("No source documents: set PMROLES_SEEDS to the folder of seed texts.")
    call_command("verify_quotes", "--sources", str(seeds))
    assert "quotes found verbatim" in capsys.readouterr().out


def test_sources_give_kind_and_only_what_their_text_gives(reference):
    seeds = _seeds_folder()
    for source in Source.objects.all():
        assert source.kind, source.slug
        if seeds is None:
            continue
        text = (seeds / source.document).read_text(encoding="utf-8")
        for value in (source.author, source.url):
            assert not value or value in text, f"{source.slug}: {value!r} is not in the text"
        if source.published:
            assert source.published.isoformat() in text, source.slug
    post = Source.objects.get(document__startswith="000_")
    assert (post.kind, post.title, post.author, post.url) == (
        "blog-post",
        "The work of product management",
        "",
        "",
    )
    assert post.published.isoformat() == "2019-01-23"
    assert "Escaping the Build Trap" in post.note and "web.archive.org" in post.note
