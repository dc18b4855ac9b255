"""The roles' stored search document (roles/0006) is what roles.search means by a role.

The document is a generated column written by a migration, not a model field: if
ROLE_FIELDS changed without it, roles would quietly be found by the old fields. These tests
hold the column to ROLE_FIELDS, show every write keeps it (the database computes it), and
that the search reads it through its GIN index.
"""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection

from roles.models import Role
from roles.search import CONFIG, ROLE_DOCUMENT, ROLE_FIELDS, role_matches, search
from tests.factories import RoleFactory, RoleMapFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stored document exists on PostgreSQL only"
    ),
]


def stored_document(role: Role) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_document::text FROM roles_role WHERE id = %s", [role.pk])
        return cursor.fetchone()[0]


def test_the_stored_document_is_role_fields_weighted():
    role = RoleFactory(
        name="Growth Lead",
        abbreviation="GL",
        summary="Owns the acquisition funnel.",
        description="Runs pricing experiments.",
        focus_note="Outward facing.",
        methodology="Lean",
    )
    vectors = [SearchVector(name, weight=weight, config=CONFIG) for name, weight in ROLE_FIELDS]
    expected = (
        Role.objects.filter(pk=role.pk)
        .annotate(document=sum(vectors[1:], vectors[0]))
        .values_list("document", flat=True)
        .get()
    )
    assert stored_document(role) == str(expected)
    assert "'pricing':" not in stored_document(role)  # stems, as the search's words are
    assert "'price':" in stored_document(role)


def test_every_write_keeps_the_document():
    role = RoleFactory(summary="Writes release notes.")
    assert [r.pk for r in search("zeppelin").roles] == []
    Role.objects.filter(pk=role.pk).update(summary="Negotiates zeppelin contracts.")
    assert "'zeppelin':" in stored_document(role)
    assert [r.pk for r in search("zeppelin").roles] == [role.pk]
    role.refresh_from_db()
    role.methodology = "Kanban"
    role.save()
    assert [r.pk for r in search("kanban").roles] == [role.pk]


def test_the_role_search_can_use_the_index():
    """A few hundred stored documents are read faster than an index (the planner rightly
    scans them); told not to scan, it must find the index answers the search's match."""
    RoleFactory.create_batch(20)
    RoleFactory(name="Roadmap owner")
    role_map = RoleMapFactory()
    query = SearchQuery("(roadmap)", search_type="raw", config=CONFIG)
    assert [role.name for role in role_matches(query, role_map)] == ["Roadmap owner"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE roles_role")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM roles_role WHERE {ROLE_DOCUMENT} @@ "
            "to_tsquery('english', 'roadmap')"
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "role_search_gin" in plan, plan


def test_listing_roles_does_not_read_the_document():
    """The column is not a model field: only the search names it."""
    RoleFactory()
    sql = str(Role.objects.all().query)
    assert "search_document" not in sql
    assert "search_document" not in {f.column for f in Role._meta.concrete_fields}
