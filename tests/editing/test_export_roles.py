"""export_roles writes the whole map in the documented format, in a fixed number of queries."""

import csv
import io
import json

import pytest
import yaml
from django.core.management import CommandError, call_command

from editing.interchange import build_document
from roles.models import RoleMap
from tests.factories import (
    AssignmentFactory,
    ContrastFactory,
    QuoteFactory,
    RoleVariantFactory,
    small_role_map,
)

pytestmark = pytest.mark.django_db


def _export(*args) -> str:
    out = io.StringIO()
    call_command("export_roles", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_export_holds_every_section(reference_map):
    small_role_map(reference_map)
    document = json.loads(_export())
    assert (document["format"], document["version"]) == ("pmroles-rolemap", 2)
    assert document["map"]["slug"] == "reference"
    assert [r["slug"] for r in document["roles"]] == ["product-manager", "product-owner"]
    owner_backlog = next(a for a in document["assignments"] if a["role"] == "product-owner")
    assert owner_backlog == {
        "role": "product-owner",
        "responsibility": "backlog",
        "level": "A",
        "basis": "described",
        "rationale": "",
        "decided_on": None,
        "decided_by": "",
        "note": "",
        "quotes": ["handbook-0", "handbook-1"],
    }
    assert document["sources"][0]["published"] == "2024-05-01"
    assert {q["source"] for q in document["quotes"]} == {"handbook"}
    assert document["role_variants"][0]["role"] == "product-manager"
    assert document["contrasts"][0]["roles"] == ["product-manager", "product-owner"]


def test_yaml_and_csv_exports_to_files(reference_map, tmp_path):
    small_role_map(reference_map)
    call_command("export_roles", "--output", str(tmp_path / "map.yaml"), stderr=io.StringIO())
    assert yaml.safe_load((tmp_path / "map.yaml").read_text())["map"]["slug"] == "reference"
    call_command(
        "export_roles", "--format", "csv", "--output", str(tmp_path / "m.txt"), stderr=io.StringIO()
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "m.txt").read_text())))
    assert rows[0] == ["section", "key", "field", "value"]
    assert ["assignments", "product-owner/backlog", "level", "A"] in rows
    assert ["assignments", "product-owner/backlog", "quotes", "handbook-0 handbook-1"] in rows


def test_only_the_chosen_map_assignments_are_exported(reference_map):
    small_role_map(reference_map)
    other = RoleMap.objects.create(slug="team", name="Team")
    AssignmentFactory(role_map=other, level="I")
    document = json.loads(_export("--map", "team"))
    assert len(document["assignments"]) == 1
    assert document["assignments"][0]["level"] == "I"


def test_unknown_map_is_a_clear_error(reference_map):
    with pytest.raises(CommandError, match="There is no role map 'nope'"):
        _export("--map", "nope")


def test_export_query_count_does_not_grow(reference_map, django_assert_num_queries):
    small_role_map(reference_map)
    # 1 sources, 1 quotes (+source), 1 areas, 1 responsibilities (+area) + 1 quotes prefetch,
    # 1 roles + 1 quotes, 1 variants (+role) + 1 quotes, 1 contrasts + 1 roles + 1 quotes,
    # 1 assignments (+role, responsibility) + 1 quotes, 1 the map's revision = 15
    with django_assert_num_queries(15):
        small = build_document(reference_map)
    for _ in range(30):
        assignment = AssignmentFactory(role_map=reference_map, quotes=[QuoteFactory()])
        RoleVariantFactory(role=assignment.role, quotes=[QuoteFactory()])
        ContrastFactory(roles=[assignment.role], quotes=[QuoteFactory()])
    with django_assert_num_queries(15):
        build_document(reference_map)
    assert len(small["assignments"]) == 3
