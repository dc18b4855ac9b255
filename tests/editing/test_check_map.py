"""`manage.py check_map SLUG`: prints the findings, exits 1 on an error finding, else 0."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.health_world import build_health_map, build_team_map

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


def test_exits_1_when_a_finding_is_an_error():
    """GIVEN a team map where five responsibilities have no Accountable role (errors in a
    team map) WHEN it is checked THEN the command exits 1 and says how many errors."""
    world = build_health_map()
    build_team_map(world)
    code, out, err = _run("health-team")
    assert code == 1
    assert "[error] Nobody is Accountable for “Review it”." in out
    assert err.strip() == "5 error finding(s) in map 'health-team'."


def test_an_unknown_map_is_refused_with_a_sentence():
    build_health_map()
    with pytest.raises(CommandError, match=r"There is no role map 'nope' \(maps: health-check\)"):
        call_command("check_map", "nope")


def test_a_bad_option_is_refused_with_a_sentence():
    build_health_map()
    with pytest.raises(CommandError, match="--max-a-share: max_a_share must be a whole number"):
        call_command("check_map", "health-check", "--max-a-share", "lots")
