"""The interchange CSV (export_roles --format csv, the admin's import) guards formula cells
and reads them back as they were."""

import csv
import io
import json

import pytest

from responsibilities.models import Area, Responsibility
from responsibilities.spreadsheet import FORMULA_STARTS
from roles.models import Role
from tests.editing.interchange_helpers import export_text, run_import, unstamped, write
from tests.factories import small_role_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_names(reference_map):
    small_role_map(reference_map)
    Role.objects.filter(pk=Role.objects.order_by("pk")[0].pk).update(name="=cmd|'/C calc'!A0")
    Area.objects.filter(pk=Area.objects.order_by("pk")[0].pk).update(description="- a bullet")
    work = Responsibility.objects.order_by("pk")[0]
    Responsibility.objects.filter(pk=work.pk).update(description="'already quoted")
    return reference_map


def test_export_guards_cells_and_import_reads_them_back(hostile_names, tmp_path):
    before = unstamped(json.loads(export_text()))
    text = export_text("csv")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=cmd|'/C calc'!A0" in cells and "'- a bullet" in cells
    assert "''already quoted" in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]

    # Change the values, then import the CSV: the original (unguarded) values come back.
    Area.objects.update(description="Changed")
    run_import(write(tmp_path, text, "map.csv"))
    assert unstamped(json.loads(export_text())) == before
