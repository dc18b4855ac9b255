"""Every migration of the domain apps can be undone with data in the tables, one step at a
time down to zero, and applied again, on SQLite and PostgreSQL.

Transactional (migrations cannot run inside the test's transaction). Like every transactional
test, without serialized rollback: the flush after it re-creates content types and permissions,
and a serialized reload after another module's flush would clash with those (tests/conftest.py).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ("roles", "responsibilities")


def _steps_back():
    """(app, target) pairs undoing the applied domain migrations, latest first."""
    loader = MigrationLoader(connection)
    ordered = []
    for leaf in [node for app in APPS for node in loader.graph.leaf_nodes(app)]:
        for key in loader.graph.forwards_plan(leaf):
            if key[0] in APPS and key not in ordered:
                ordered.append(key)
    steps = []
    for app, name in reversed(ordered):
        earlier = [n for a, n in ordered if a == app]
        index = earlier.index(name)
        steps.append((app, earlier[index - 1] if index else "zero"))
    return steps


def _load_data_using_every_feature():
    from responsibilities.models import Assignment, Dispute, DisputePosition, Level, Responsibility
    from roles.models import Role, RoleMap

    call_command("loaddata", "reference", verbosity=0)
    role_map = RoleMap.objects.get(slug="reference")
    taken = Assignment.objects.filter(role_map=role_map).values_list("role", "responsibility")
    role, work = next(
        (r, w)
        for r in Role.objects.all()
        for w in Responsibility.objects.all()
        if (r.pk, w.pk) not in set(taken)
    )
    Assignment.objects.create(
        role_map=role_map, role=role, responsibility=work, level=Level.NO_PART
    )
    dispute = Dispute.objects.create(slug="who-is-closer", topic="Who is closer to customers?")
    dispute.roles.add(role)
    position = DisputePosition.objects.create(dispute=dispute, key="pm-closer", statement="PM.")
    position.roles.add(role)


def test_every_domain_migration_undoes_with_data_and_applies_again():
    _load_data_using_every_feature()
    steps = _steps_back()
    assert len(steps) >= 5
    for app, target in steps:
        call_command("migrate", app, target, verbosity=0)
    assert "roles_role" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)
    call_command("loaddata", "reference", verbosity=0)
    from roles.models import Role

    assert Role.objects.filter(slug="product-owner").exists()
