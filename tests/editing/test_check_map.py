"""`manage.py check_map SLUG`: prints the findings, exits 1 on an error finding, else 0."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roles.health import PartFact
from tests.health_world import build_health_map

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("check_map", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_prints_counts_and_every_finding_and_exits_0_without_errors(settings):
    settings.PMROLES_HEALTH_MAX_A_SHARE, settings.PMROLES_HEALTH_MIN_QUOTES = 40, 3
    build_health_map()
    code, out, _ = _run("health-check")
    assert code == 0
    assert out.splitlines()[0] == (
        "Map 'health-check' (reference): 8 responsibilities, 4 roles, 10 parts. "
        "0 errors, 6 warnings, 4 notes."
    )
    assert "No Accountable role (3)" in out
    assert "  [warning] Lead is Accountable for 4 of 5 responsibilities (80%, above 40%)." in out
    assert out.count("      What to do: ") == 10


def test_options_change_the_thresholds():
    build_health_map()
    _, out, _ = _run("health-check", "--max-a-share", "90", "--min-quotes", "1")
    assert "Lead is Accountable" not in out


def test_exits_1_when_a_finding_is_an_error(monkeypatch):
    """GIVEN a map whose facts carry a second Accountable part (as imported data could)
    WHEN it is checked THEN the command exits 1 and says how many errors."""
    world = build_health_map()
    from roles import health

    original = health.load_facts

    def with_second_accountable(role_map):
        facts = original(role_map)
        lead, builder = world.roles["lead"], world.roles["builder"]
        facts.parts.append(PartFact(builder.pk, world.rows["plan-it"].pk, "A", "stated"))
        assert lead.pk in {p.role_id for p in facts.parts}
        return facts

    monkeypatch.setattr(health, "load_facts", with_second_accountable)
    code, out, err = _run("health-check")
    assert code == 1
    assert "[error] “Plan it” has 2 Accountable roles: Lead, Builder." in out
    assert err.strip() == "1 error finding(s) in map 'health-check'."


def test_an_unknown_map_is_refused_with_a_sentence():
    build_health_map()
    with pytest.raises(CommandError, match=r"There is no role map 'nope' \(maps: health-check\)"):
        call_command("check_map", "nope")


def test_a_bad_option_is_refused_with_a_sentence():
    build_health_map()
    with pytest.raises(CommandError, match="--max-a-share: max_a_share must be a whole number"):
        call_command("check_map", "health-check", "--max-a-share", "lots")
