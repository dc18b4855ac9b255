"""The roles' search document stored in a generated column (PostgreSQL), indexed with GIN.

Before this, roles.search built each role's document from six fields (weighted) in the
query, and a GIN index on that expression (0004) found the matches: PostgreSQL still made
the document twice for every matching role (to recheck the match and to rank it), 2 ms of a
search's SQL at scale 1, and planning the long expression cost another millisecond. A
generated column holds the same document (0004's DOCUMENT, read from that migration so the
two cannot differ and undoing this restores 0004's index exactly), kept true by the
database on every write (admin, API, import, revert, loaddata, bulk inserts) with no
trigger and nothing in Python.

The column is not a model field: Django never reads it except where roles.search names it,
so listing roles does not carry every role's vector. A later migration that changes the
type of one of these six columns must drop this column first and add it again (PostgreSQL
refuses to change a column a generated column reads); renaming one is fine.
tests/domain/test_search_role_index.py holds this document to roles.search.ROLE_FIELDS.
On other databases nothing is made (search there works on the text itself).
"""

from importlib import import_module

from django.db import migrations

# Migrations are history: 0004 never changes, so its document and runner are this one's.
_0004 = import_module("roles.migrations.0004_role_search_index")

FORWARD = (
    "DROP INDEX IF EXISTS role_search_gin;"
    "ALTER TABLE roles_role ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({_0004.DOCUMENT}) STORED;"
    "CREATE INDEX role_search_gin ON roles_role USING gin (search_document);"
)
BACKWARD = (
    "DROP INDEX IF EXISTS role_search_gin;"
    "ALTER TABLE roles_role DROP COLUMN IF EXISTS search_document;"
    f"{_0004.FORWARD};"
)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_prepared_downloads"),
    ]

    operations = [
        migrations.RunPython(
            _0004._on_postgresql(FORWARD), _0004._on_postgresql(BACKWARD), elidable=False
        ),
    ]
