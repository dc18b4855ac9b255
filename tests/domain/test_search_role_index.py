"""The roles' search index (roles/0004) answers the query roles.search writes.

PostgreSQL uses an expression index only for the very expression it was made on; if
ROLE_FIELDS or the way roles.search builds the document changed without the index, every
search would quietly go back to making every role's document. With a few hundred roles
(the planner prefers reading a handful of rows to any index) the plan must name the index.
"""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from roles.search import CONFIG, role_matches
from tests.factories import RoleFactory, RoleMapFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the index exists on PostgreSQL only"
    ),
]


def test_the_role_search_uses_the_index():
    RoleFactory.create_batch(300)
    RoleFactory(name="Roadmap owner")
    role_map = RoleMapFactory()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE roles_role")
    query = SearchQuery("(roadmap)", search_type="raw", config=CONFIG)
    plan = role_matches(query, role_map).explain()
    assert "role_search_gin" in plan, plan
    assert [role.name for role in role_matches(query, role_map)] == ["Roadmap owner"]
