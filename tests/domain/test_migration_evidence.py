"""Migration 0003_evidence forward and backward, with a row in the table."""

import pytest
from django.db import connection

from tests.domain.migration_support import migrate, migrate_from_empty

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("responsibilities", "0002_initial"), ("roles", "0002_editor_and_reader_groups")]
AFTER = [("responsibilities", "0003_evidence")]


def test_forward_gives_existing_rows_described_and_backward_drops_the_fields(back_to_migrated):
    """GIVEN an assignment written with the schema before the evidence migrations
    WHEN the migrations run forward, then backward
    THEN forward the old row is `described` with no rationale and disputes can be stored;
    backward the level survives while the basis, rationale and dispute tables are gone
    """
    try:
        old = migrate_from_empty(BEFORE)
        RoleMap = old.get_model("roles", "RoleMap")
        Role = old.get_model("roles", "Role")
        Area = old.get_model("responsibilities", "Area")
        Responsibility = old.get_model("responsibilities", "Responsibility")
        Assignment = old.get_model("responsibilities", "Assignment")
        role_map = RoleMap.objects.create(name="Old map", slug="old-map")
        role = Role.objects.create(name="Old role", slug="old-role", abbreviation="OR", summary="s")
        area = Area.objects.create(name="Old area", slug="old-area")
        work = Responsibility.objects.create(name="Old work", slug="old-work", area=area)
        Assignment.objects.create(role_map=role_map, role=role, responsibility=work, level="A")

        new = migrate(AFTER)
        migrated = new.get_model("responsibilities", "Assignment").objects.get()
        assert (migrated.level, migrated.basis, migrated.rationale) == ("A", "described", "")
        Dispute = new.get_model("responsibilities", "Dispute")
        Dispute.objects.create(slug="d", topic="Who?")
        assert new.get_model("responsibilities", "Source")._meta.get_field("kind").blank

        back = migrate(BEFORE)
        Assignment = back.get_model("responsibilities", "Assignment")
        assert Assignment.objects.get().level == "A"
        fields = {f.name for f in Assignment._meta.get_fields()}
        assert "basis" not in fields and "rationale" not in fields
        tables = connection.introspection.table_names()
        assert "responsibilities_dispute" not in tables
        assert "responsibilities_disputeposition" not in tables
    finally:
        back_to_migrated()
