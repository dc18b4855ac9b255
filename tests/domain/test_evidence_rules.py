"""The evidence rules: written once in responsibilities/rules.py, held by the database too."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from responsibilities.evidence_audit import (
    AccountablePart,
    PositionView,
    disputed_attribute_problems,
    has_ownership_wording,
    ownership_wording_problems,
    shared_ownership_quote_problems,
)
from responsibilities.models import Assignment, Basis, Level
from responsibilities.rules import (
    HOLDING_LEVELS,
    NEEDS_EVIDENCE,
    QUESTION_ACCOUNTABLE_MESSAGE,
    assignment_evidence_problems,
    basis_quote_problem,
    is_question,
    question_problem,
)
from tests.factories import AssignmentFactory, ResponsibilityFactory, RoleFactory


def test_rule_sets():
    assert {"R", "A"} == HOLDING_LEVELS
    assert {"R", "A", "N"} == NEEDS_EVIDENCE


@pytest.mark.parametrize("level", ["R", "A", "N"])
def test_claims_need_a_quote(level):
    problems = assignment_evidence_problems(level=level, basis="described", quote_count=0)
    assert len(problems) == 1
    assert "needs at least one quote" in problems[0]
    assert assignment_evidence_problems(level=level, basis="stated", quote_count=1) == []


@pytest.mark.parametrize("level", ["C", "I"])
def test_consulted_and_informed_may_stand_without_a_quote(level):
    assert assignment_evidence_problems(level=level, basis="inferred", quote_count=0) == []


def test_inferred_is_never_accountable():
    problems = assignment_evidence_problems(level="A", basis="inferred", quote_count=3)
    assert problems == [
        "An assignment inferred from context cannot be Accountable: Accountable needs a "
        "source that states ownership in so many words."
    ]
    both = assignment_evidence_problems(level="A", basis="inferred", quote_count=0)
    assert len(both) == 2
    assert assignment_evidence_problems(level="R", basis="inferred", quote_count=1) == []


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("What makes sense to build versus buy?", True),
        ("  How do we price and package our product?\n", True),
        ("They decide what to build versus buy.", False),
        ("Is it? They decide.", False),  # a question inside a statement still states
        ("", False),
    ],
)
def test_a_question_is_text_ending_with_a_question_mark(text, asks):
    assert is_question(text) is asks


def test_questions_alone_never_make_an_accountable_part():
    questions = ["How do we determine value?", "What makes sense to build versus buy?"]
    problems = assignment_evidence_problems(
        level="A", basis="stated", quote_count=2, quote_texts=questions
    )
    assert problems == [QUESTION_ACCOUNTABLE_MESSAGE]
    assert "a question names no owner" in QUESTION_ACCOUNTABLE_MESSAGE


@pytest.mark.parametrize("level", ["R", "C", "I", "N"])
def test_questions_may_stand_beside_weaker_levels(level):
    assert question_problem(level=level, quote_texts=["How do we determine value?"]) is None


def test_a_statement_beside_a_question_carries_an_accountable_part():
    texts = ["How do we determine value?", "They are responsible for determining value."]
    assert question_problem(level="A", quote_texts=texts) is None


def test_the_question_rule_needs_the_texts():
    """Callers that only count quotes (the API) are not judged on texts they did not give."""
    assert question_problem(level="A", quote_texts=None) is None
    assert assignment_evidence_problems(level="A", basis="stated", quote_count=1) == []


@pytest.mark.parametrize(
    ("basis", "quote_count", "refused"),
    [
        ("stated", 0, True),
        ("described", 0, True),
        ("inferred", 0, False),
        ("stated", 1, False),
        ("described", 2, False),
    ],
)
def test_a_stated_or_described_basis_cites_its_wording(basis, quote_count, refused):
    problem = basis_quote_problem(basis=basis, quote_count=quote_count)
    assert (problem is not None) is refused
    if refused:
        assert f"The basis is “{basis}”" in problem and "cites no quote" in problem


def test_no_part_is_a_level_with_its_own_label():
    assert Level.NO_PART == "N"
    assert Level.NO_PART.label == "No part (stated)"


@pytest.mark.django_db
def test_database_refuses_an_inferred_accountable(reference_map):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(role_map=reference_map, level=Level.ACCOUNTABLE, basis=Basis.INFERRED)
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_database_refuses_an_update_to_inferred_accountable(reference_map):
    assignment = AssignmentFactory(role_map=reference_map, level="A", basis=Basis.STATED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(basis=Basis.INFERRED)
    assignment.refresh_from_db()
    assert assignment.basis == Basis.STATED


@pytest.mark.django_db
def test_database_accepts_no_part_and_refuses_unknown_levels(reference_map):
    AssignmentFactory(role_map=reference_map, level=Level.NO_PART, basis=Basis.STATED)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(role_map=reference_map, level="X")
    assert list(Assignment.objects.values_list("level", flat=True)) == ["N"]


@pytest.mark.django_db
def test_clean_explains_why_inferred_cannot_be_accountable(reference_map):
    assignment = Assignment(
        role_map=reference_map,
        role=RoleFactory(),
        responsibility=ResponsibilityFactory(),
        level=Level.ACCOUNTABLE,
        basis=Basis.INFERRED,
        rationale="read from context",
    )
    with pytest.raises(ValidationError) as excinfo:
        assignment.full_clean()
    message = " ".join(excinfo.value.message_dict["basis"])
    assert "inferred from context cannot be Accountable" in message
    assignment.level = Level.RESPONSIBLE
    assignment.full_clean()  # the same assignment as Responsible is fine


@pytest.mark.django_db
def test_the_constraint_has_a_readable_violation_message(reference_map):
    assignment = Assignment(
        role_map=reference_map,
        role=RoleFactory(),
        responsibility=ResponsibilityFactory(),
        level=Level.ACCOUNTABLE,
        basis=Basis.INFERRED,
    )
    constraint = next(
        c
        for c in Assignment._meta.constraints
        if c.name == "assignment_inferred_is_never_accountable"
    )
    with pytest.raises(ValidationError) as excinfo:
        constraint.validate(Assignment, assignment)
    assert "cannot be Accountable" in str(excinfo.value)


@pytest.mark.django_db
def test_new_assignments_default_to_described(reference_map):
    assert AssignmentFactory(role_map=reference_map).basis == Basis.DESCRIBED


# --- The method's mechanical parts, as pure functions (check_evidence applies them) --------


@pytest.mark.parametrize(
    "text",
    [
        "Project managers are responsible for the on-time delivery",
        "They ensure the engineers are building things that matter",
        "The job of a product manager is to focus the team",
        "Product Managers have two key responsibilities. First, they decide",
        "Overseeing the go-to-market strategy and product launch.",
        "providing tools and leading marketing programs",
    ],
)
def test_ownership_wording_is_recognised(text):
    assert has_ownership_wording(text)


@pytest.mark.parametrize(
    "text",
    [
        "They manage the backlog.",
        "Product owners help to execute that vision.",
        "Good product managers have leadership capabilities.",
        "Specific responsibilities vary depending on the size of the organization.",
    ],
)
def test_activity_and_help_are_not_ownership(text):
    assert not has_ownership_wording(text)


def test_an_accountable_part_needs_ownership_wording_in_rationale_and_quotes():
    lacking = ownership_wording_problems(
        level="A", rationale="“They manage the backlog” (X)", quote_texts=["They manage it."]
    )
    assert len(lacking) == 2
    assert "rationale names no ownership wording" in lacking[0]
    assert "none of its quotes states ownership" in lacking[1]
    held = ownership_wording_problems(
        level="A",
        rationale="“ensuring that it’s visible” (X)",
        quote_texts=["They manage the backlog.", "They ensure it is visible."],
    )
    assert held == []
    # Only Accountable parts are read for ownership wording.
    assert ownership_wording_problems(level="R", rationale="manages", quote_texts=["x"]) == []


def test_a_quote_may_back_one_role_s_ownership_only():
    shared = [
        AccountablePart("ref", "pm", "define-strategy", ("synergy", "roadmap")),
        AccountablePart("ref", "po", "execute-the-vision", ("synergy",)),
    ]
    problems = shared_ownership_quote_problems(shared)
    assert problems == [
        "ref: quote synergy backs Accountable parts of more than one role (pm on "
        "define-strategy; po on execute-the-vision). One sentence backs one role's ownership: "
        "cite it for one of them at most, or record the dispute and lower both."
    ]
    one_role = [
        AccountablePart("ref", "po", "define-backlog", ("scrum",)),
        AccountablePart("ref", "po", "groom-backlog", ("scrum",)),
    ]
    assert shared_ownership_quote_problems(one_role) == []
    # Two maps are two readings: the same quote may back different roles in each.
    two_maps = [
        AccountablePart("ref", "pm", "define-strategy", ("synergy",)),
        AccountablePart("team", "po", "define-strategy", ("synergy",)),
    ]
    assert shared_ownership_quote_problems(two_maps) == []


def _positions(first_roles, second_roles, first_text, second_text):
    return [
        PositionView("horizon", "one", frozenset(first_roles), (first_text,)),
        PositionView("horizon", "two", frozenset(second_roles), (second_text,)),
    ]


def test_an_attribute_on_a_point_disputed_about_the_role_is_a_problem():
    positions = _positions({"pm"}, {"pm"}, "more long-term and strategic", "sprint goal")
    problems = disputed_attribute_problems(
        role="pm", attributes={"focus": "strategic", "horizon": "long-term"}, positions=positions
    )
    assert len(problems) == 2
    assert "its focus is set to “strategic”" in problems[0] and "“strategic”" in problems[0]
    assert "its horizon is set to “long-term”" in problems[1]
    blank = disputed_attribute_problems(
        role="pm", attributes={"focus": "", "horizon": ""}, positions=positions
    )
    assert blank == []


def test_an_attribute_is_not_disputed_when_one_position_only_names_the_role():
    positions = _positions({"pm", "po"}, {"pm"}, "focused on the short to midterm", "sprint")
    assert (
        disputed_attribute_problems(
            role="po", attributes={"horizon": "short-to-mid-term"}, positions=positions
        )
        == []
    )
    # Disputed about the role, but the quotes do not use the value's wording.
    other = _positions({"po"}, {"po"}, "engage directly with customers", "internal")
    assert (
        disputed_attribute_problems(role="po", attributes={"focus": "tactical"}, positions=other)
        == []
    )
