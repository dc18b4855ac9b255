"""An index on the roles' search document (PostgreSQL), so a search reads only matching roles.

Roles have no stored vector: roles.search builds each role's document from six fields
(ROLE_FIELDS, weighted) in the query. Without an index PostgreSQL made that document for
every role the map shows before it could tell which match (7 ms of a 25 ms search at scale
1); a GIN index on the same expression answers the match, and only matching roles are
ranked. The expression must stay the one roles.search writes (the planner matches the
expression, not a name): tests/domain/test_search_role_index.py holds the two together.
On other databases nothing is made (search there works on the text itself).
"""

from django.db import migrations

FIELDS = (
    ("name", "A"),
    ("abbreviation", "A"),
    ("summary", "B"),
    ("description", "C"),
    ("focus_note", "C"),
    ("methodology", "C"),
)
DOCUMENT = " || ".join(
    f"setweight(to_tsvector('english'::regconfig, COALESCE({field}, '')), '{weight}')"
    for field, weight in FIELDS
)
FORWARD = f"CREATE INDEX IF NOT EXISTS role_search_gin ON roles_role USING gin (({DOCUMENT}))"
BACKWARD = "DROP INDEX IF EXISTS role_search_gin"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_team_maps"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False),
    ]
