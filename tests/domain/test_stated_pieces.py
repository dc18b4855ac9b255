"""The comparison's stated responsibilities (roles.stated) from kept pieces follow every
write that changes them.

The roles' parts are kept per role (its version), the catalogue's order per map (`all` and
`evidence`), the picker's roles per map: after each write below, what the kept pieces give
is what the database gives when nothing is kept (the counts those of the SQL summary, the
order the database's), and reading it again costs the version query only.
"""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities import version_writes
from responsibilities.models import Area, Assignment, Kind, Level, Responsibility
from roles.holder_masks import masks_by_responsibility
from roles.models import Role, RoleMap
from roles.picker import picker_roles
from roles.pieces import tokens_for
from roles.stated import stated
from tests.factories import AssignmentFactory, QuoteFactory, ResponsibilityFactory
from tests.world import ROLE_SLUGS

pytestmark = pytest.mark.django_db


@pytest.fixture
def chosen(sample):
    role_map = RoleMap.objects.resolve()
    return role_map, [Role.objects.get(slug=slug) for slug in ROLE_SLUGS[:3]]


def _check(role_map, roles, settings):
    """What the kept pieces give, checked against the database; then read again, kept."""
    kept = stated(role_map, roles)
    settings.PMROLES_READ_CACHE = False  # nothing kept: built from the database
    assert kept == stated(role_map, roles)
    settings.PMROLES_READ_CACHE = True
    assert kept.counts() == Counter(masks_by_responsibility(role_map, roles))
    ids = [pk for pk, _, _ in kept.rows]
    ordered = Responsibility.objects.filter(pk__in=ids).order_by(
        "area__order", "area__name", "order", "name", "pk"
    )
    assert ids == list(ordered.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as again:
        assert stated(role_map, roles) == kept
    assert len(again.captured_queries) == 1  # the version rows: every piece was kept
    return kept


def test_kept_pieces_follow_every_write(chosen, settings):
    role_map, roles = chosen
    pm, po = roles[0], roles[1]
    first = _check(role_map, roles, settings)
    part = Assignment.objects.filter(role_map=role_map, role=pm, level=Level.RESPONSIBLE)[0]
    held = next(mask for pk, _, mask in first.rows if pk == part.responsibility_id)
    assert held & 1

    part.level = Level.CONSULTED  # no longer held: the mask loses pm's bit
    part.save()
    after = _check(role_map, roles, settings)
    assert not next(mask for pk, _, mask in after.rows if pk == part.responsibility_id) & 1

    new = ResponsibilityFactory(name="Aaa first", area=part.responsibility.area)
    AssignmentFactory(
        role_map=role_map,
        role=po,
        responsibility=new,
        level=Level.ACCOUNTABLE,
        quotes=[QuoteFactory()],
    )
    assert (new.pk, new.area_id, 2) in _check(role_map, roles, settings).rows

    new.name = "Zzz last"  # the order moves with a rename (an evidence write)
    new.save()
    _check(role_map, roles, settings)
    new.area = Area.objects.exclude(pk=new.area_id).order_by("order")[0]
    new.save()
    assert (new.pk, new.area_id, 2) in _check(role_map, roles, settings).rows

    quality = ResponsibilityFactory(kind=Kind.SHARED_QUALITY)
    AssignmentFactory(
        role_map=role_map,
        role=pm,
        responsibility=quality,
        level=Level.RESPONSIBLE,
        quotes=[QuoteFactory()],
    )
    assert quality.pk in _check(role_map, roles, settings).qualities

    Assignment.objects.get(pk=part.pk).delete()
    shown = {pk for pk, _, _ in _check(role_map, roles, settings).rows}
    still = Assignment.objects.filter(
        role_map=role_map, role__in=roles, responsibility_id=part.responsibility_id
    )
    assert (part.responsibility_id in shown) == still.exists()


def test_a_write_to_another_roles_part_keeps_these_roles_pieces(chosen):
    role_map, roles = chosen
    version_writes.ensure_rows()  # every (map, role) row: a part's write moves its role's only
    stated(role_map, roles)
    other = Role.objects.exclude(pk__in=[r.pk for r in roles]).first()
    free = Responsibility.objects.exclude(assignments__role=other).first()
    Assignment.objects.create(
        role_map=role_map, role=other, responsibility=free, level=Level.INFORMED
    )
    with CaptureQueriesContext(connection) as again:
        stated(role_map, roles)
    assert len(again.captured_queries) == 1  # the version rows only


def test_the_picker_follows_a_role_renamed(chosen):
    role_map, roles = chosen
    before = picker_roles(role_map, tokens_for(role_map, []))
    assert [r.slug for r in before] == list(
        Role.objects.in_order(role_map).values_list("slug", flat=True)
    )
    roles[0].name = "Renamed manager"
    roles[0].save()
    after = picker_roles(role_map, tokens_for(role_map, []))
    assert ("Renamed manager" in [r.name for r in after]) and after != before
