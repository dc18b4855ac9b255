"""check_evidence: one readable sentence per broken rule, a summary line when all hold."""

import pytest
from django.core.management import CommandError, call_command

from responsibilities.models import Dispute, DisputePosition
from tests.factories import AssignmentFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def test_passes_on_the_reference_data(capsys):
    call_command("loaddata", "reference", verbosity=0)
    call_command("check_evidence")
    out = capsys.readouterr().out
    assert out.startswith("Evidence holds: 100 assignments (33 stated, 58 described, 9 inferred)")
    assert "and 12 dispute positions all meet the rules" in out


def test_map_option_checks_one_map(capsys):
    call_command("loaddata", "reference", verbosity=0)
    call_command("check_evidence", "--map", "no-product-manager")
    assert "Evidence holds: 23 assignments" in capsys.readouterr().out


def test_fails_on_an_accountable_part_resting_only_on_questions(reference_map, capsys):
    questions = [QuoteFactory(text="What makes sense to build versus buy?")]
    AssignmentFactory(
        role_map=reference_map, level="A", basis="stated", rationale="asked", quotes=questions
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
