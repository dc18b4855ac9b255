"""A role page's kept order of parts (roles/role_page.py) follows every write that changes it.

The ids are kept under the role's version in the map (its row, `all`, `evidence`): after
each write below, the kept order is the database's sort of the role's parts, and reading it
again costs the version query only; a write to another role's parts keeps it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities import version_writes
from responsibilities.models import Area, Assignment, Level, Responsibility
from roles.models import Role, RoleMap
from roles.role_page import part_ids
from tests.factories import AssignmentFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(sample):
    return RoleMap.objects.resolve(), Role.objects.get(slug="product-manager")


def _database_order(role_map, role) -> list[int]:
    rows = Assignment.objects.filter(role_map=role_map, role=role).order_by(
        "responsibility__area__order", "responsibility__order", "responsibility__name", "pk"
    )
    return list(rows.values_list("pk", flat=True))


def _check(role_map, role) -> list[int]:
    """The kept order, checked against the database; then read again, kept."""
    kept = list(part_ids(role_map, role.pk))
    assert kept == _database_order(role_map, role) and kept
    _read_kept(role_map, role, kept)
    return kept


def _read_kept(role_map, role, kept) -> None:
    """Read again: the version rows only (one query, and not of the parts)."""
    with CaptureQueriesContext(connection) as again:
        assert list(part_ids(role_map, role.pk)) == kept
    assert len(again.captured_queries) == 1
    assert "dataversion" in again.captured_queries[0]["sql"]


def test_the_kept_order_follows_every_write(pm):
    role_map, role = pm
    first = _check(role_map, role)

    new = ResponsibilityFactory(name="Aaa first", area=Area.objects.order_by("order")[0])
    part = AssignmentFactory(role_map=role_map, role=role, responsibility=new)
    assert part.pk in _check(role_map, role)

    new.name = "Zzz last"  # a rename moves it within its area (an evidence write)
    new.save()
    renamed = _check(role_map, role)
    new.area = Area.objects.order_by("-order")[0]  # another area moves it further
    new.save()
    moved = _check(role_map, role)
    assert moved.index(part.pk) > renamed.index(part.pk) or moved == renamed

    before = _check(role_map, role)
    area = Assignment.objects.get(pk=before[0]).responsibility.area
    area.order = Area.objects.order_by("-order")[0].order + 1  # an evidence write: last
    area.save()
    after = _check(role_map, role)
    assert after[0] != before[0] and sorted(after) == sorted(before)

    Assignment.objects.get(pk=part.pk).delete()
    assert sorted(_check(role_map, role)) == sorted(first)


def test_a_write_to_another_roles_part_keeps_the_order(pm):
    role_map, role = pm
    version_writes.ensure_rows()  # every (map, role) row: a part's write moves its role's only
    kept = _check(role_map, role)
    other = Role.objects.exclude(pk=role.pk).first()
    free = Responsibility.objects.exclude(assignments__role=other).first()
    Assignment.objects.create(
        role_map=role_map, role=other, responsibility=free, level=Level.INFORMED
    )
    _read_kept(role_map, role, kept)


def test_the_order_is_kept_per_map(pm, team_maps):
    """A team map's parts of the same role are another piece: neither map sees the other's."""
    role_map, role = pm
    acme = RoleMap.objects.get(slug="acme")
    reference = _check(role_map, role)
    theirs = list(part_ids(acme, role.pk))
    assert theirs == _database_order(acme, role)
    assert not set(theirs) & set(reference)
