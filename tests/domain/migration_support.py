"""What the tests of one migration share: an empty database to start from, and migrating to
a set of targets with the models as of there.

A test of one migration needs the database as it was just before that migration. Undoing
every later migration to get there is the dearest way: Django works out the state before
each migration it undoes with every model rendered, and each relation it touches renders
again every model linked to it (through the history tables' users, that is every model).
From an empty database the same state is reached by applying the earlier migrations only,
most of them before the domain's models exist: the evidence migration's test went from
11.5 s to about 4 s, the team maps' from 10.1 s to about 5.5 s. Undoing every migration is
test_migrations_reversible.py's own subject.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def empty_database() -> None:
    """Drop every table, view and (PostgreSQL) function of the test database. The caller
    puts it back afterwards (the `back_to_migrated` fixture, tests/conftest.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master "
            "WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%' ORDER BY type DESC"
        )
        found = cursor.fetchall()
        cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            for kind, name in found:  # views first: they name the tables
                cursor.execute(f"DROP {kind.upper()} {connection.ops.quote_name(name)}")
        finally:
            cursor.execute("PRAGMA foreign_keys = ON")


def migrate(targets):
    """The models as of `targets`, after migrating there. The executor's own graph is fresh:
    its loader reads the graph and what is applied when it is made. The state it returns is
    the one it migrated with, already rendered."""
    return MigrationExecutor(connection).migrate(targets).apps


def migrate_from_empty(targets):
    """The database emptied, then migrated forward to `targets`; their models."""
    empty_database()
    return migrate(targets)
