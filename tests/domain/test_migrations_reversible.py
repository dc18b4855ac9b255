"""Every migration of the domain apps can be undone with data in the tables, one at a time
down to zero, and applied again, on SQLite and PostgreSQL.

Transactional (migrations cannot run inside the test's transaction). Like every transactional
test, without serialized rollback: the flush after it re-creates content types and permissions,
and a serialized reload after another module's flush would clash with those (tests/conftest.py).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from tests.snapshot import load_reference

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ("roles", "responsibilities")


def _domain_migrations() -> set[tuple[str, str]]:
    """Every migration of the domain apps."""
    loader = MigrationLoader(connection)
    return {key for key in loader.graph.nodes if key[0] in APPS}


def _schema() -> dict[str, tuple]:
    """Every domain table's columns and constraints, as the database describes them."""
    introspection = connection.introspection
    with connection.cursor() as cursor:
        return {
            table: (
                [
                    (c.name, c.type_code, c.null_ok)
                    for c in introspection.get_table_description(cursor, table)
                ],
                sorted(
                    (name, tuple(found["columns"]), found["unique"], found["foreign_key"])
                    for name, found in introspection.get_constraints(cursor, table).items()
                ),
            )
            for table in introspection.table_names(cursor)
            if table.startswith(tuple(f"{app}_" for app in APPS))
        }


def _load_data_using_every_feature():
    from responsibilities.models import Assignment, Dispute, DisputePosition, Level, Responsibility
    from roles.models import Role, RoleMap

    load_reference()
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
    """All the way down in one plan: the executor undoes one migration at a time (each in
    its own transaction, latest first), and the states it works from are computed once,
    where a command per step would compute them again for every step."""
    _load_data_using_every_feature()
    schema = _schema()
    assert len(schema) >= 10
    executor = MigrationExecutor(connection)
    targets = [(app, None) for app in APPS]
    plan = executor.migration_plan(targets)
    undone = [(migration.app_label, migration.name) for migration, _ in plan]
    assert all(backwards for _, backwards in plan)
    assert set(undone) == _domain_migrations() and len(undone) >= 5
    # Latest first: nothing is undone before what depends on it.
    graph = executor.loader.graph
    for at, key in enumerate(undone):
        assert not set(graph.node_map[key].children) & set(undone[at + 1 :]), key
    executor.migrate(targets, plan=plan)
    assert "roles_role" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)
    assert _schema() == schema
    from django.contrib.auth.models import Group

    # The groups' data migration ran again, with the permissions of every content model.
    editors = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    assert {"change_role", "change_assignment", "delete_quote"} <= set(editors)
