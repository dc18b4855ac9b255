"""The reference data holds the evidence method (docs/evidence.md) and issue 18's re-read:
levels and bases, rationales, disputes, and the reviewer's findings, each held by the data."""

import pytest
from django.db.models import Count

from responsibilities.evidence_audit import has_ownership_wording
from responsibilities.models import (
    Assignment,
    Basis,
    Dispute,
    DisputePosition,
    Kind,
    Level,
    Quote,
    Responsibility,
)
from responsibilities.rules import is_question
from roles.models import Contrast, RoleMap

pytestmark = pytest.mark.django_db

MAP = "reference"

PM = "product-manager"
PO = "product-owner"

NO_PM_MAP = "no-product-manager"


@pytest.fixture
def reference(reference_data_once):
    """Loaded once for this module (tests/conftest.py): every test here only reads it."""


# --- The evidence method (docs/evidence.md) held by the data --------------------------------


def test_level_and_basis_counts(reference):
    """The re-read's result, as README states it; a change here is a change of reading.

    Issue 18's re-read (docs/evidence-changes.md) took 77 parts to 81: four product-owner
    parts from Rathke's sentences (aligning with the business goals, articulating the vision,
    improving the product, translating needs into tasks), and five A's lowered to R (three
    disputed, one shared by "both roles", one on "manage"), one of them to described.
    """
    assignments = Assignment.objects.filter(role_map__slug=MAP)
    by_level = dict(assignments.values_list("level").annotate(n=Count("pk")))
    by_basis = dict(assignments.values_list("basis").annotate(n=Count("pk")))
    assert by_level == {"A": 17, "R": 56, "C": 7, "N": 1}
    assert by_basis == {"stated": 27, "described": 48, "inferred": 6}


def test_every_assignment_has_a_short_rationale_naming_a_source(reference):
    names = ("(Perri", "(What is PM", "(Racki", "(Intro", "(Rathke")
    for assignment in Assignment.objects.select_related("role", "responsibility"):
        rationale = assignment.rationale
        assert rationale.strip() and len(rationale) <= 300, str(assignment)
        assert any(name in rationale for name in names), str(assignment)
        assert "“" in rationale, f"{assignment}: the rationale quotes no wording"


def test_accountable_rests_on_ownership_wording_never_on_inference_or_questions(reference):
    accountable = Assignment.objects.filter(level=Level.ACCOUNTABLE).prefetch_related("quotes")
    assert accountable.exists()
    for assignment in accountable:
        assert assignment.basis == Basis.STATED, str(assignment)
        assert has_ownership_wording(assignment.rationale), str(assignment)
        texts = [quote.text for quote in assignment.quotes.all()]
        assert texts and not all(is_question(text) for text in texts), str(assignment)
        # the ownership wording is in the cited quotes themselves, not only the rationale
        assert any(has_ownership_wording(text) for text in texts), str(assignment)


def test_no_assignment_cites_a_question(reference):
    """Perri's questions name no role: they describe responsibilities, never a role's part."""
    questions = [q.pk for q in Quote.objects.all() if is_question(q.text)]
    assert len(questions) == 7
    assert not Assignment.objects.filter(quotes__in=questions).exists()


def test_stated_and_described_parts_cite_quotes(reference):
    unquoted = (
        Assignment.objects.exclude(basis=Basis.INFERRED).annotate(n=Count("quotes")).filter(n=0)
    )
    assert not unquoted.exists(), [str(a) for a in unquoted]


def test_explicit_no_part_is_quoted(reference):
    no_part = Assignment.objects.get(role_map__slug=MAP, level=Level.NO_PART)
    assert (no_part.role.slug, no_part.responsibility.slug) == (PM, "manage-people")
    assert no_part.basis == Basis.STATED
    assert "don't have people in charge" in " ".join(no_part.quotes.values_list("text", flat=True))


def test_skills_are_shared_qualities_held_not_owned(reference):
    for slug in ("understand-implementation-trade-offs", "marry-business-and-customer-goals"):
        quality = Responsibility.objects.get(slug=slug)
        assert quality.kind == Kind.SHARED_QUALITY and quality.area.slug == "shared-qualities"
        levels = set(quality.assignments.values_list("level", flat=True))
        assert levels == {Level.RESPONSIBLE}, slug


def test_at_least_five_disputes_each_with_quoted_positions(reference):
    disputes = Dispute.objects.prefetch_related("positions__quotes", "positions__roles", "roles")
    assert disputes.count() >= 5
    for dispute in disputes:
        positions = list(dispute.positions.all())
        assert len(positions) >= 2, dispute.slug
        assert dispute.topic.endswith("?") and dispute.summary, dispute.slug
        dispute_roles = {role.slug for role in dispute.roles.all()}
        quoted = []
        for position in positions:
            quotes = {quote.pk for quote in position.quotes.all()}
            assert quotes, position.key
            assert {role.slug for role in position.roles.all()} <= dispute_roles, position.key
            quoted.append(quotes)
        # positions are taken by different quotes, not one sentence read two ways
        assert not set.intersection(*quoted), dispute.slug


def test_disputed_responsibilities_have_no_accountable_role(reference):
    disputed = Responsibility.objects.filter(disputes__isnull=False).distinct()
    assert disputed.exists()
    assert not Assignment.objects.filter(
        responsibility__in=disputed, level=Level.ACCOUNTABLE
    ).exists()


def test_no_contrast_presents_one_side_of_a_dispute_as_fact(reference):
    taking_sides = set(DisputePosition.objects.values_list("quotes", flat=True))
    for contrast in Contrast.objects.prefetch_related("quotes"):
        used = {quote.pk for quote in contrast.quotes.all()}
        assert not used & taking_sides, contrast.slug
    # the two contrasts that contradicted each other are now one dispute
    assert not Contrast.objects.filter(
        slug__in=["pm-po-stakeholders", "pm-po-customer-interaction"]
    ).exists()
    assert Dispute.objects.filter(slug="closer-to-customer").exists()


def test_second_map_the_product_owner_fills_the_gap(reference):
    no_pm = RoleMap.objects.get(slug=NO_PM_MAP)
    assert no_pm.based_on.slug == MAP
    assignments = Assignment.objects.filter(role_map=no_pm).prefetch_related("quotes")
    assert set(assignments.values_list("role__slug", flat=True)) == {PO}
    # the product owner's own parts are those of the reference map, unchanged
    reference_parts = set(
        Assignment.objects.filter(role_map__slug=MAP, role__slug=PO).values_list(
            "responsibility__slug", "level", "basis"
        )
    )
    parts = set(assignments.values_list("responsibility__slug", "level", "basis"))
    assert reference_parts < parts
    # what it adds is the product manager's input, read from Rathke's "probably": inferred R
    # (aligning with the business goals is not among them: Rathke gives it to both roles,
    # so it is the product owner's part in the reference map already)
    gap = parts - reference_parts
    assert {slug for slug, _, _ in gap} == {
        "define-product-vision",
        "define-product-strategy-and-roadmap",
    }
    assert {(level, basis) for _, level, basis in gap} == {(Level.RESPONSIBLE, Basis.INFERRED)}
    for assignment in assignments.filter(responsibility__slug__in=[s for s, _, _ in gap]):
        keys = {quote.key for quote in assignment.quotes.all()}
        assert "po-generates-input-without-pm" in keys, assignment.responsibility.slug
    # 24 parts of the product owner's own in the reference map, plus the two read into the gap
    assert assignments.count() == 26


def test_second_map_says_which_product_manager_parts_it_leaves_silent(reference):
    """Its description (shown on its page) names the product manager's parts it does not
    give the product owner, and why: no source says who takes them on."""
    no_pm = RoleMap.objects.get(slug=NO_PM_MAP)
    description = " ".join(no_pm.description.split())
    assert "left silent here" in description
    assert "no source says who takes these parts on" in description
    for part in (
        "deciding which opportunities to pursue",
        "researching the market",
        "validating the product with customers",
        "deciding when to go live",
        "answering for the product's success",
    ):
        assert part in description, part
    # and it names none of the parts the map does give the product owner as silent
    silent = description.split("left silent here")[1].split("Rathke's")[0]
    assert "vision" not in silent and "defining what to build" not in silent


# --- Issue 18's re-read: the reviewer's findings, each held by the data ----------------------


def _levels(slug: str) -> dict[str, str]:
    return dict(
        Assignment.objects.filter(role_map__slug=MAP, responsibility__slug=slug).values_list(
            "role__slug", "level"
        )
    )


def test_near_identical_ownership_of_two_roles_is_a_dispute_not_two_accountables(reference):
    """Racki's "The job of a product manager is to focus the team on solving the most
    valuable customer problems" and Rathke's "Ensuring the development team works on the most
    valuable tasks" (product owner): one dispute, both roles Responsible, nobody Accountable."""
    dispute = Dispute.objects.get(slug="who-keeps-team-on-valuable-work")
    assert set(dispute.responsibilities.values_list("slug", flat=True)) == {
        "focus-on-valuable-customer-problems",
        "keep-team-on-most-valuable-tasks",
        "build-the-right-thing",
    }
    assert _levels("focus-on-valuable-customer-problems") == {PM: Level.RESPONSIBLE}
    assert _levels("keep-team-on-most-valuable-tasks") == {PO: Level.RESPONSIBLE}
    assert _levels("build-the-right-thing") == {PM: Level.RESPONSIBLE}
    sides = {
        position.key: set(position.quotes.values_list("key", flat=True))
        for position in dispute.positions.all()
    }
    assert sides == {
        "pm-keeps-team-on-valuable-work": {
            "pm-focus-team-valuable-problems",
            "pm-engineers-build-what-matters",
        },
        "po-keeps-team-on-valuable-work": {"po-most-valuable-tasks"},
    }


def test_who_plays_the_product_owner_is_framed_by_the_quotes_own_words(reference):
    """Racki calls the product owner "just a role within a specific context", not a career:
    both sources call it a role, and disagree only on who plays it."""
    dispute = Dispute.objects.get(slug="po-role-or-separate-job")
    assert dispute.topic.startswith("Who plays the product owner role")
    assert "separate job" not in dispute.topic and "separate job" not in dispute.summary
    racki = dispute.positions.get(key="po-is-a-separate-job")
    assert "po-note-taker-analogy" in set(racki.quotes.values_list("key", flat=True))
    assert "not a career" in racki.statement and "separate job" not in racki.statement


def test_whether_a_product_owner_can_fill_the_gap_is_a_dispute(reference):
    dispute = Dispute.objects.get(slug="po-without-pm-skills")
    sources = {
        position.key: set(position.quotes.values_list("source__slug", flat=True))
        for position in dispute.positions.all()
    }
    assert sources == {
        "po-without-pm-falls-short": {"intro-to-product-management", "what-is-product-management"},
        "po-fills-the-pm-gap": {"racki-po-isnt-pm", "rathke-po-vs-pm"},
    }
    # the contrasts that stated one side as fact are gone
    assert not Contrast.objects.filter(slug__in=["pm-po-skills", "po-fills-pm-gap"]).exists()
    assert Dispute.objects.count() == 8


def test_ownership_for_both_roles_or_on_activity_wording_is_not_accountable(reference):
    # "Both roles … ensure that the product … supports the company's business goals" (Rathke)
    assert _levels("align-product-with-company-goals") == {
        PM: Level.RESPONSIBLE,
        PO: Level.RESPONSIBLE,
    }
    # "They manage the backlog" (Racki): manage is doing the work
    assert _levels("manage-product-backlog") == {PO: Level.RESPONSIBLE}
    # "help to execute" (What is PM) is not cited for the product owner's A; Rathke's
    # "ensures" is
    execute = Assignment.objects.get(
        role_map__slug=MAP, role__slug=PO, responsibility__slug="execute-the-vision"
    )
    assert execute.level == Level.ACCOUNTABLE
    assert set(execute.quotes.values_list("key", flat=True)) == {"pm-direction-po-executes-vision"}


def test_rathkes_both_roles_sentences_give_the_product_owner_its_parts(reference):
    expected = {
        "align-product-with-company-goals": "supports the company's business goals",
        "evangelize-the-vision": "articulate the product vision",
        "measure-success-and-iterate": "improve the product continuously",
        "translate-needs-into-tasks": "translate their needs into actionable tasks",
    }
    for slug, wording in expected.items():
        part = Assignment.objects.get(role_map__slug=MAP, role__slug=PO, responsibility__slug=slug)
        assert part.level == Level.RESPONSIBLE, slug
        quoted = " ".join(" ".join(part.quotes.values_list("text", flat=True)).split())
        assert wording in quoted, slug


def test_definitions_keep_to_the_sources_words(reference):
    descriptions = dict(Responsibility.objects.values_list("slug", "description"))
    assert descriptions["manage-product-backlog"].startswith("Manage the backlog")
    assert "done" not in descriptions["set-acceptance-criteria"]
    assert descriptions["motivate-teams"] == "Help motivate the teams."
    everything = " ".join(descriptions.values()).lower()
    for added in ("own the backlog", "count as done", "keep the team motivated"):
        assert added not in everything, added


def test_consulted_only_rows_are_those_the_method_explains(reference):
    """Rows where a role helps and nobody is said to do or own the work: the method says a
    reader should read them as "who leads is not stated" (docs/evidence.md)."""
    levels_by_row: dict[str, set[str]] = {}
    for slug, level in Assignment.objects.filter(role_map__slug=MAP).values_list(
        "responsibility__slug", "level"
    ):
        levels_by_row.setdefault(slug, set()).add(level)
    consulted_only = {slug for slug, levels in levels_by_row.items() if levels == {Level.CONSULTED}}
    assert consulted_only == {
        "break-down-work",
        "motivate-teams",
        "plan-to-achieve-success",
        "take-part-in-agile-ceremonies",
    }
