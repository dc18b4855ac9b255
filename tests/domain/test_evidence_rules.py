"""The evidence rules: written once in responsibilities/rules.py, held by the database too."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

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
