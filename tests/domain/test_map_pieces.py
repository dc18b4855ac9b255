"""The matrix's whole-map counts (rows, rows with a gap) are kept per map version.

Every page of the matrix shows them, so they are counted once a version (roles.pieces.per_map)
instead of once a page: a note edited alone keeps them, a change of a level that makes or
closes a gap counts them again, and another map's write leaves them alone.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities import version_writes
from responsibilities.models import Assignment, Kind, Level
from roles.matrix import matrix_window
from roles.models import RoleMap
from tests.factories import AssignmentFactory, ResponsibilityFactory, RoleMapFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_map():
    """Map m: one responsibility with an Accountable role, one with a Responsible one only."""
    role_map = RoleMapFactory(slug="m")
    held = AssignmentFactory(
        role_map=role_map,
        level=Level.ACCOUNTABLE,
        responsibility=ResponsibilityFactory(kind=Kind.RESPONSIBILITY),
    )
    AssignmentFactory(
        role_map=role_map,
        level=Level.RESPONSIBLE,
        responsibility=ResponsibilityFactory(kind=Kind.RESPONSIBILITY),
    )
    version_writes.ensure_rows()
    return role_map, held


def _window():
    role_map = RoleMap.objects.get(slug="m")
    with CaptureQueriesContext(connection) as queries:
        window = matrix_window(role_map=role_map, offset=0, limit=50, role_offset=0, role_limit=12)
    counted = any("COUNT(" in q["sql"] for q in queries.captured_queries)
    return window, counted


def test_the_counts_are_counted_once_a_version(the_map):
    _, held = the_map
    first, counted = _window()
    assert counted and first.warning_count == 1
    assert not _window()[1]  # kept: every other page reads them from the piece
    edit = Assignment.objects.get(pk=held.pk)
    edit.note = "A note changes no count."
    edit.save()
    assert not _window()[1]
    other = RoleMapFactory(slug="other")
    assert _window()[1]  # a new map moves `all` (the list of maps), so once more...
    AssignmentFactory(
        role_map=other, role=held.role, responsibility=held.responsibility, level=Level.INFORMED
    )
    assert not _window()[1]  # ...but another map's part leaves m's counts alone


def test_a_level_that_opens_a_gap_is_counted_again(the_map):
    _, held = the_map
    assert _window()[0].warning_count == 1
    edit = Assignment.objects.get(pk=held.pk)
    edit.level = Level.RESPONSIBLE
    edit.save()
    window, counted = _window()
    assert counted and window.warning_count == 2 and window.total_rows == 2
