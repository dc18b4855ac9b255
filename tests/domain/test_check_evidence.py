"""check_evidence: one readable sentence per broken rule, a summary line when all hold."""

import pytest
from django.core.management import CommandError, call_command

from responsibilities.models import Dispute, DisputePosition
from tests.factories import (
    AssignmentFactory,
    DisputePositionFactory,
    QuoteFactory,
    RoleFactory,
)
from tests.snapshot import load_reference

pytestmark = pytest.mark.django_db


def test_passes_on_the_reference_data(capsys):
    load_reference()
    call_command("check_evidence")
    out = capsys.readouterr().out
    # 81 in the reference map and 26 in the no-product-manager map (the counts per map are
    # pinned in test_reference_data.py); 16 positions: 8 disputes of two positions each.
    assert out.startswith("Evidence holds: 107 assignments (33 stated, 66 described, 8 inferred)")
    assert "16 dispute positions and the attributes of 2 role(s) in disputes" in out


def test_map_option_checks_one_map(capsys):
    load_reference()
    call_command("check_evidence", "--map", "no-product-manager")
    assert "Evidence holds: 26 assignments" in capsys.readouterr().out


def test_fails_on_an_accountable_part_resting_only_on_questions(reference_map, capsys):
    # The question uses ownership wording, so only the question rule speaks.
    questions = [QuoteFactory(text="Who decides what to build versus buy?")]
    AssignmentFactory(
        role_map=reference_map,
        level="A",
        basis="stated",
        rationale="“Who decides” (X)",
        quotes=questions,
    )
    with pytest.raises(CommandError, match="1 evidence problem"):
        call_command("check_evidence")
    assert "whose only quotes are questions cannot be Accountable" in capsys.readouterr().err


def test_fails_on_a_described_part_without_its_quote(reference_map, capsys):
    AssignmentFactory(role_map=reference_map, level="C", basis="described", rationale="helps")
    with pytest.raises(CommandError, match="1 evidence problem"):
        call_command("check_evidence")
    err = capsys.readouterr().err
    assert "The basis is “described”" in err and "cites no quote" in err


def test_an_inferred_consulted_part_may_rest_on_its_rationale(reference_map, capsys):
    AssignmentFactory(role_map=reference_map, level="C", basis="inferred", rationale="read so")
    call_command("check_evidence")
    assert "1 assignments (0 stated, 0 described, 1 inferred)" in capsys.readouterr().out


def test_fails_on_an_unquoted_responsible_assignment(reference_map, capsys):
    AssignmentFactory(role_map=reference_map, level="R", rationale="“they do it” (X)")
    with pytest.raises(CommandError, match="1 evidence problem"):
        call_command("check_evidence")
    err = capsys.readouterr().err
    assert "needs at least one quote from a source; it has none." in err


def test_fails_on_a_missing_rationale(reference_map, capsys):
    AssignmentFactory(role_map=reference_map, level="C", rationale="")
    with pytest.raises(CommandError):
        call_command("check_evidence")
    assert "has no rationale naming the wording it rests on" in capsys.readouterr().err


def test_fails_on_a_stated_no_part_without_a_quote(reference_map, capsys):
    AssignmentFactory(role_map=reference_map, level="N", basis="stated", rationale="said so")
    with pytest.raises(CommandError):
        call_command("check_evidence")
    assert "No part (stated) needs at least one quote" in capsys.readouterr().err


def test_fails_on_a_position_without_quotes(capsys):
    dispute = Dispute.objects.create(slug="who-decides", topic="Who decides?")
    quoted = DisputePosition.objects.create(dispute=dispute, key="quoted", statement="PM.")
    quoted.quotes.set([QuoteFactory()])
    DisputePosition.objects.create(dispute=dispute, key="unquoted", statement="PO.")
    with pytest.raises(CommandError, match="1 evidence problem"):
        call_command("check_evidence")
    err = capsys.readouterr().err
    assert "Dispute who-decides, position unquoted: the position cites no quote" in err
    assert "quoted:" not in err.replace("unquoted", "")


def test_quoted_assignment_with_rationale_passes(reference_map, capsys):
    AssignmentFactory(
        role_map=reference_map, level="R", rationale="“they do it” (X)", quotes=[QuoteFactory()]
    )
    call_command("check_evidence")
    assert "1 assignments (0 stated, 1 described, 0 inferred)" in capsys.readouterr().out


# --- The method's mechanical parts (docs/evidence.md, "What the machines check") -----------


def test_fails_on_an_accountable_part_without_ownership_wording(reference_map, capsys):
    managed = QuoteFactory(text="They manage the backlog and write user stories.")
    AssignmentFactory(
        role_map=reference_map,
        level="A",
        basis="stated",
        rationale="“They manage the backlog” (X)",
        quotes=[managed],
    )
    with pytest.raises(CommandError, match="2 evidence problem"):
        call_command("check_evidence")
    err = capsys.readouterr().err
    assert "its rationale names no ownership wording" in err
    assert "none of its quotes states ownership" in err


def test_an_accountable_part_whose_rationale_names_wording_its_quote_lacks_fails(
    reference_map, capsys
):
    helped = QuoteFactory(text="Product owners help to execute that vision.")
    AssignmentFactory(
        role_map=reference_map,
        level="A",
        basis="stated",
        rationale="“ensures the team executes” (X)",
        quotes=[helped],
    )
    with pytest.raises(CommandError, match="1 evidence problem"):
        call_command("check_evidence")
    assert "none of its quotes states ownership" in capsys.readouterr().err


def test_an_accountable_part_on_ownership_wording_passes(reference_map, capsys):
    owned = QuoteFactory(text="Project managers are responsible for the on-time delivery.")
    AssignmentFactory(
        role_map=reference_map,
        level="A",
        basis="stated",
        rationale="“responsible for the on-time delivery” (X)",
        quotes=[owned],
    )
    call_command("check_evidence")
    assert "1 assignments (1 stated, 0 described, 0 inferred)" in capsys.readouterr().out


def test_fails_on_one_quote_backing_accountable_parts_of_two_roles(reference_map, capsys):
    """GIVEN one sentence that hands ownership to two roles, cited for an A of each
    WHEN the evidence is checked THEN it fails once, naming the quote and both parts."""
    both = QuoteFactory(
        key="sets-and-ensures",
        text="The PM sets the direction, while the PO ensures the team executes it.",
    )
    pm, po = RoleFactory(slug="pm"), RoleFactory(slug="po")
    for role in (pm, po):
        AssignmentFactory(
            role_map=reference_map,
            role=role,
            level="A",
            basis="stated",
            rationale="“ensures” (X)",
            quotes=[both],
        )
    with pytest.raises(CommandError, match="1 evidence problem"):
        call_command("check_evidence")
    err = capsys.readouterr().err
    assert "quote sets-and-ensures backs Accountable parts of more than one role" in err
    assert "(pm on " in err and "; po on " in err


def test_one_quote_may_back_accountable_parts_of_one_role(reference_map, capsys):
    scrum = QuoteFactory(text="The three responsibilities of the position include the following:")
    po = RoleFactory(slug="po")
    for _ in range(2):
        AssignmentFactory(
            role_map=reference_map,
            role=po,
            level="A",
            basis="stated",
            rationale="“the three responsibilities of the position” (X)",
            quotes=[scrum],
        )
    call_command("check_evidence")
    assert "2 assignments (2 stated" in capsys.readouterr().out


def _dispute_about(role, *, other_role=None, texts=("long-term and strategic", "tactically")):
    """A dispute with two positions; the first names `role`, the second `other_role` or it."""
    first = DisputePositionFactory(roles=[role], quotes=[QuoteFactory(text=texts[0])])
    DisputePositionFactory(
        dispute=first.dispute,
        roles=[other_role or role],
        quotes=[QuoteFactory(text=texts[1])],
    )
    return first.dispute


def test_fails_on_an_attribute_set_on_a_disputed_point(capsys):
    pm = RoleFactory(slug="pm", focus="strategic", horizon="", stakeholders="")
    dispute = _dispute_about(pm)
    with pytest.raises(CommandError, match="1 evidence problem"):
        call_command("check_evidence")
    err = capsys.readouterr().err
    assert (
        "Role pm: its focus is set to “strategic”, but the sources disagree about this role "
        f"in the dispute {dispute.slug}"
    ) in err
    assert "stays blank (not stated)" in err


def test_a_blank_attribute_on_a_disputed_point_passes(capsys):
    _dispute_about(RoleFactory(slug="pm", focus="", horizon="", stakeholders=""))
    call_command("check_evidence")
    assert "2 dispute positions and the attributes of 1 role(s) in disputes" in (
        capsys.readouterr().out
    )


def test_an_attribute_the_sources_do_not_dispute_about_that_role_passes(capsys):
    """GIVEN a role named by only one position of a dispute whose quotes use its wording
    WHEN the evidence is checked THEN it passes: the sources disagree about the other role."""
    po = RoleFactory(slug="po", focus="", horizon="short-to-mid-term", stakeholders="")
    pm = RoleFactory(slug="pm", focus="", horizon="", stakeholders="")
    _dispute_about(po, other_role=pm, texts=("focused on the short to midterm", "sprint goal"))
    call_command("check_evidence")
    assert "the attributes of 2 role(s) in disputes all meet the rules" in (capsys.readouterr().out)
