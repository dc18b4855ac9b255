"""Export, empty the database, import: the same data comes back, and again changes nothing."""

import json

import pytest

from responsibilities.models import Area, Assignment, Quote, Responsibility, Source
from roles.models import Contrast, Role, RoleMap, RoleVariant
from tests.editing.interchange_helpers import export_text, run_import, snapshot, unstamped, write
from tests.factories import small_role_map
from tests.snapshot import load_reference

pytestmark = pytest.mark.django_db


def _empty_the_database():
    for model in (Assignment, Contrast, RoleVariant, Role, Responsibility, Area, Quote, Source):
        model.objects.all().delete()
    RoleMap.objects.all().delete()
    assert not Quote.objects.exists()


def _round_trip(tmp_path, fmt):
    text = export_text(fmt)
    before = unstamped(json.loads(export_text("json")))
    _empty_the_database()
    run_import(write(tmp_path, text, f"map.{fmt}"))
    assert unstamped(json.loads(export_text("json"))) == before
    # and a second import of the same file changes nothing, history included
    again = snapshot()
    out, _ = run_import(write(tmp_path, text, f"map.{fmt}"))
    assert snapshot() == again
    assert "created" not in out.replace("0 created", "")
    return before


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv"])
def test_round_trip_with_factories(reference_map, tmp_path, fmt):
    small_role_map(reference_map)
    before = _round_trip(tmp_path, fmt)
    assert len(before["assignments"]) == 3
    assert unstamped(export_text(fmt)) == unstamped(export_text(fmt))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip_with_the_reference_data(tmp_path, fmt):
    load_reference()
    before = _round_trip(tmp_path, fmt)
    assert before["assignments"]
