"""generate_data: the shape of a large organisation's data at a small scale, refusal, --replace."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from pmroles.benchdata import Plan, generate
from responsibilities.models import Area, Assignment, Level, Quote, Responsibility, Source
from roles.models import Role, RoleMap
from tests.factories import AssignmentFactory, RoleFactory, RoleMapFactory

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("generate_data", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_scale_one_plan_is_the_issue_shape():
    plan = Plan.for_scale(1)
    assert (plan.roles, plan.areas, plan.responsibilities) == (100, 50, 10_000)
    assert (plan.assignments, plan.quotes, plan.sources) == (100_000, 20_000, 50)
    small = Plan.for_scale(0.001)
    assert small.roles == 4 and small.areas == small.sources == 1
    assert small.assignments <= small.roles * small.responsibilities


def test_counts_at_a_small_scale_and_at_most_one_accountable():
    output = _run("--scale", "0.02")
    plan = Plan.for_scale(0.02)
    assert output.startswith("Generated 4 roles")  # 0.02 × 100 roles is 2, raised to 4
    assert Role.objects.filter(slug__startswith="gen-").count() == plan.roles == 4
    assert Area.objects.count() == plan.areas == 1
    assert Responsibility.objects.count() == plan.responsibilities == 200
    assert Source.objects.count() == plan.sources
    assert Quote.objects.count() == plan.quotes == 400
    generated = Assignment.objects.filter(role_map__slug="generated")
    assert generated.count() == plan.assignments == 800
    most = (
        generated.filter(level=Level.ACCOUNTABLE)
        .values("responsibility")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert most["n"] == 1
    # Every responsible or accountable part has evidence, as the admin asks of editors.
    strong = generated.filter(level__in=[Level.ACCOUNTABLE, Level.RESPONSIBLE])
    assert not strong.filter(quotes=None).exists()


def test_same_seed_same_data():
    generate(scale=0.01)
    first = list(
        Assignment.objects.order_by("responsibility__slug", "role__slug").values_list(
            "role__slug", "responsibility__slug", "level"
        )
    )
    generate(scale=0.01, replace=True)
    again = list(
        Assignment.objects.order_by("responsibility__slug", "role__slug").values_list(
            "role__slug", "responsibility__slug", "level"
        )
    )
    assert first == again


def test_refuses_when_generated_data_exists_and_replace_replaces_it_only():
    RoleMapFactory()  # the reference map, with an assignment that must survive
    kept = AssignmentFactory(role=RoleFactory(slug="product-owner"))
    _run("--scale", "0.01")
    # CommandError: manage.py prints the sentence and exits with status 1.
    with pytest.raises(CommandError, match="already exists .* run again with --replace"):
        _run("--scale", "0.01")
    # A hand-made link from reference data to a generated quote is removed with the quote.
    kept.quotes.add(Quote.objects.filter(key__startswith="gen-").first())
    output = _run("--scale", "0.01", "--replace")
    assert "Generated" in output
    assert RoleMap.objects.filter(slug="generated").count() == 1
    assert Role.objects.filter(slug__startswith="gen-").count() == Plan.for_scale(0.01).roles
    assert Assignment.objects.filter(role_map__slug="generated").count() == (
        Plan.for_scale(0.01).assignments
    )
    kept.refresh_from_db()
    assert kept.quotes.count() == 0
    assert Role.objects.filter(slug="product-owner").exists()


def test_scale_must_be_positive():
    with pytest.raises(CommandError, match="--scale must be above zero"):
        _run("--scale", "0")


def test_the_statistics_of_what_it_wrote_are_refreshed():
    """PostgreSQL plans from table statistics a bulk load leaves stale: generate_data runs
    ANALYZE on what it wrote (the planner then knows the assignments are there); SQLite keeps
    none to refresh, and the command says so."""
    output = _run("--scale", "0.01")
    if connection.vendor != "postgresql":
        assert "Statistics: nothing to refresh on sqlite." in output
        return
    assert "Statistics: ANALYZE of the" in output
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [Assignment._meta.db_table]
        )
        (estimate,) = cursor.fetchone()
    assert estimate >= Assignment.objects.count() > 0
