"""Migrations 0003_team_maps (roles), 0009_team_maps and 0010_generated_own_entries
(responsibilities) forward and backward with data, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.domain.migration_support import migrate, migrate_from_empty

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("responsibilities", "0008_no_part_reversible"),
    ("roles", "0002_editor_and_reader_groups"),
]
AFTER = [("responsibilities", "0010_generated_own_entries"), ("roles", "0003_team_maps")]


def _old_world(apps):
    """A reference map with a shared role, and the generated map with a role and a
    responsibility only it uses, plus a shared responsibility nobody holds."""
    RoleMap = apps.get_model("roles", "RoleMap")
    Role = apps.get_model("roles", "Role")
    Area = apps.get_model("responsibilities", "Area")
    Responsibility = apps.get_model("responsibilities", "Responsibility")
    Assignment = apps.get_model("responsibilities", "Assignment")
    reference = RoleMap.objects.create(name="Reference", slug="reference")
    generated = RoleMap.objects.create(name="Generated", slug="generated")
    pm = Role.objects.create(name="Product manager", slug="product-manager", summary="s")
    gen_role = Role.objects.create(name="Generated 001", slug="gen-role-001", summary="s")
    area = Area.objects.create(name="Area", slug="area")
    shared = Responsibility.objects.create(name="Roadmap", slug="roadmap", area=area)
    gen_work = Responsibility.objects.create(name="Gen work", slug="gen-resp-00001", area=area)
    Responsibility.objects.create(name="Not stated", slug="not-stated", area=area)
    Assignment.objects.create(
        role_map=reference, role=pm, responsibility=shared, level="A", basis="stated", rationale="r"
    )
    # The shared role also has a part in the generated map: it stays shared.
    Assignment.objects.create(role_map=generated, role=pm, responsibility=gen_work, level="C")
    Assignment.objects.create(
        role_map=generated,
        role=gen_role,
        responsibility=gen_work,
        level="A",
        basis="stated",
        rationale="r",
    )


def test_forward_makes_generated_only_entries_own_and_backward_shares_them_again(
    back_to_migrated,
):
    """GIVEN a database before team maps with the reference and the generated map
    WHEN the team-map migrations run forward, then backward
    THEN forward: maps are published reference maps, entries only the generated map uses are
    its own, everything else stays shared, agreed parts need a rationale (database);
    backward: every entry is shared again with its parts, and the new fields are gone
    """
    try:
        _old_world(migrate_from_empty(BEFORE))

        new = migrate(AFTER)
        RoleMap = new.get_model("roles", "RoleMap")
        Role = new.get_model("roles", "Role")
        Responsibility = new.get_model("responsibilities", "Responsibility")
        Assignment = new.get_model("responsibilities", "Assignment")
        assert set(RoleMap.objects.values_list("slug", "kind", "status")) == {
            ("reference", "reference", "published"),
            ("generated", "reference", "published"),
        }
        owned = {r.slug: (r.map.slug if r.map else None) for r in Role.objects.all()}
        assert owned == {"product-manager": None, "gen-role-001": "generated"}
        owned = {r.slug: (r.map.slug if r.map else None) for r in Responsibility.objects.all()}
        assert owned == {"roadmap": None, "gen-resp-00001": "generated", "not-stated": None}
        assert Assignment.objects.count() == 3
        team = RoleMap.objects.create(name="Acme", slug="acme", kind="team")
        pm = Role.objects.get(slug="product-manager")
        with transaction.atomic(), pytest.raises(IntegrityError):
            Assignment.objects.create(
                role_map=team,
                role=pm,
                level="R",
                basis="agreed",
                decided_on=datetime.date(2026, 1, 2),
                responsibility=Responsibility.objects.get(slug="roadmap"),
            )
        # An own role of the team map with a shared role's name, and one in another map with
        # the same slug as the generated map's own: backward must keep them all.
        Role.objects.create(name="Product manager", slug="team-pm", summary="s", map=team)
        Role.objects.create(name="Generated 001", slug="gen-role-001", summary="s", map=team)

        back = migrate(BEFORE)
        Role = back.get_model("roles", "Role")
        Assignment = back.get_model("responsibilities", "Assignment")
        assert "map" not in {f.name for f in Role._meta.get_fields()}
        assert "decided_on" not in {f.name for f in Assignment._meta.get_fields()}
        assert set(Role.objects.values_list("slug", "name")) == {
            ("product-manager", "Product manager"),
            ("gen-role-001", "Generated 001"),
            ("team-pm-acme", "Product manager (acme)"),
            ("gen-role-001-acme", "Generated 001 (acme)"),
        }
        assert Assignment.objects.count() == 3
    finally:
        back_to_migrated()
