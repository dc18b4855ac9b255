"""XLSX import (editing/interchange/xlsx.py, `import_roles FILE.xlsx --map SLUG`): the Matrix
sheet's letters are the truth, problems name their cell and change nothing, an export imported
into a new map compares equal, and hostile files are refused within bounds."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from responsibilities.models import Assignment
from roles.models import RoleMap
from tests.health_world import build_health_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path):
    world = build_health_map()
    path = tmp_path / "map.xlsx"
    call_command(
        "export_roles", "--map", "health-check", "--output", str(path), stderr=io.StringIO()
    )
    return world, path


def _import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_roles", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return str(exc), out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


def _edit(path, changes, sheet="Matrix"):
    wb = openpyxl.load_workbook(path)
    for cell, value in changes.items():
        wb[sheet][cell] = value
    wb.save(path)


def test_export_then_import_into_a_new_map_compares_equal(exported, api_client):
    """GIVEN the hand-built map exported as XLSX WHEN it is imported into a new map THEN the
    map comparison finds 0 changes, and basis, rationale and quotes came along."""
    world, path = exported
    error, out, _ = _import(path, "--map", "acme", "--name", "Acme")
    assert error is None
    assert "assignments: 10 created, 0 changed, 0 left alone" in out
    body = api_client.get("/api/v1/maps/compare/", {"a": "health-check", "b": "acme"}).json()
    assert body["count"] == 0
    copied = Assignment.objects.get(
        role_map__slug="acme", responsibility__slug="set-direction", level="A"
    )
    original = Assignment.objects.get(
        role_map=world.role_map, responsibility__slug="set-direction", level="A"
    )
    assert copied.basis == "stated"
    assert sorted(q.key for q in copied.quotes.all()) == sorted(
        q.key for q in original.quotes.all()
    )
    assert RoleMap.objects.get(slug="acme").name == "Acme"
    assert RoleMap.objects.get(slug="acme").kind == "team"  # created as a team map


def test_the_letters_are_the_truth_empty_cells_remove_parts(exported):
    """GIVEN the export imported into `acme` WHEN the sheet's Builder I in “Review it” is
    emptied and its Advisor C becomes I THEN re-importing removes one part and changes one,
    recorded in history with the importer's reason; a dry run first changes nothing."""
    _, path = exported
    _import(path, "--map", "acme")
    _edit(path, {"E4": None, "F4": "I"})
    error, out, _ = _import(path, "--map", "acme", "--dry-run")
    assert error is None
    assert "would remove assignments 'builder/review-it'" in out
    assert "would change assignments 'advisor/review-it' (level, basis, rationale)" in out
    assert Assignment.objects.filter(role_map__slug="acme").count() == 10
    error, out, _ = _import(path, "--map", "acme", "--reason", "Workshop of 2 December")
    assert error is None
    assert "assignments: 0 created, 1 changed, 1 removed, 8 left alone" in out
    part = Assignment.objects.get(role_map__slug="acme", role__slug="advisor")
    # A team map: the letter changed in the sheet is the team's decision.
    assert (part.level, part.basis) == ("I", "agreed")
    assert part.rationale == "Changed from C to I in a spreadsheet import."
    assert part.history.first().history_change_reason == "Workshop of 2 December"
    assert not Assignment.objects.filter(
        role_map__slug="acme", role__slug="builder", responsibility__slug="review-it"
    ).exists()


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"D14": None, "D3": "X"}, "Matrix!D3: “X” is not a level; use A, R, C, I or N."),
        (
            {"E2": "A"},
            "Matrix!E2: a second A in “Set direction” (D2 is already A); a responsibility "
            "has one Accountable role.",
        ),
        (
            {"H1": "Scrum master", "H2": "R"},
            "Matrix!H1: “Scrum master” is not a role this map shows (the shared ones and its own); "
            "use the exported names.",
        ),
        (
            {"A11": "Invented work", "D11": "C"},
            "Matrix!A11: “Invented work” is not a responsibility this map shows (the shared "
            "ones and its own); use the names of the exported sheet.",
        ),
    ],
)
def test_a_bad_sheet_is_refused_with_its_cell_and_nothing_changes(exported, changes, problem):
    _, path = exported
    _edit(path, changes)
    error, _, err = _import(path, "--map", "acme")
    assert error == f"{path}: 1 problem(s); nothing was changed."
    assert err.strip() == f"{path}: {problem}"
    assert not RoleMap.objects.filter(slug="acme").exists()


def test_r_without_evidence_in_a_reference_map_is_refused_at_its_cell(exported):
    """Advisor's C in “Review it” (F4) typed as R: the letter has no quote behind it."""
    world, path = exported
    before = Assignment.objects.filter(role_map=world.role_map).count()
    _edit(path, {"F4": "R"})
    error, _, err = _import(path, "--map", "health-check")
    assert error.endswith("problem(s); nothing was changed.")
    assert err.startswith(f"{path}: Matrix!F4: ")
    assert "quote" in err
    assert Assignment.objects.filter(role_map=world.role_map).count() == before
    assert Assignment.objects.get(role_map=world.role_map, role__slug="advisor").level == "C"


def test_an_xlsx_import_needs_a_map(exported):
    _, path = exported
    error, _, _ = _import(path)
    assert error == "An XLSX import needs --map SLUG: the map to import into."


# --- Hostile files ----------------------------------------------------------------------------


def test_a_file_over_the_cap_is_refused_before_it_is_read(exported, settings):
    _, path = exported
    settings.PMROLES_XLSX_MAX_BYTES = 1024
    error, _, _ = _import(path, "--map", "acme")
    size = round(path.stat().st_size / 1024)
    assert error == f"{path}: the file is {size} KiB; an XLSX import takes at most 1 KiB."
    assert not RoleMap.objects.filter(slug="acme").exists()


def test_a_text_file_is_not_a_workbook(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("role,responsibility\npm,vision\n")
    error, _, err = _import(path, "--map", "acme")
    assert (
        err.strip()
        == f"{path}: file: this is not an XLSX workbook (an .xlsx file is a zip archive)."
    )
    assert not RoleMap.objects.filter(slug="acme").exists()


def test_a_zip_bomb_disguised_as_xlsx_is_refused_in_bounded_memory(tmp_path):
    """GIVEN a 200 KiB file whose worksheet unpacks to 300 MiB of zeros WHEN it is imported
    THEN the declared sizes refuse it before anything is inflated: the peak of Python's
    memory stays under 20 MiB."""
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                entry.write(block)
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        error, _, err = _import(path, "--map", "acme")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "the workbook would unpack to 300 MiB; at most 200 MiB are read." in err
    assert peak < 20 * 1024 * 1024
    assert not RoleMap.objects.filter(slug="acme").exists()


def test_too_many_zip_entries_are_refused(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(150):
            archive.writestr(f"xl/part{i}.xml", "<x/>")
    _, _, err = _import(path, "--map", "acme")
    assert "the workbook holds 150 parts; at most 100 are read." in err


# --- The admin import page ---------------------------------------------------------------------


def test_admin_import_page_takes_a_workbook(exported, staff_editor_client):
    """GIVEN the export WHEN an editor uploads it on the admin import page for a new map, first
    as a dry run THEN the dry run lists the parts and writes nothing; the import creates the map;
    a broken letter is listed with its cell and changes nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    _, path = exported
    url = reverse("admin:roles_rolemap_import")

    def upload(dry_run, **extra):
        data = {"file": SimpleUploadedFile("map.xlsx", path.read_bytes()), "map": "acme", **extra}
        if dry_run:
            data["dry_run"] = "on"
        return staff_editor_client.post(url, data).content.decode()

    html = upload(dry_run=True)
    assert "would create assignments &#x27;lead/set-direction&#x27;" in html
    assert not RoleMap.objects.filter(slug="acme").exists()
    assert "Imported." in upload(dry_run=False)
    assert Assignment.objects.filter(role_map__slug="acme").count() == 10
    _edit(path, {"D2": "Z"})
    html = upload(dry_run=False)
    assert "Matrix!D2: “Z” is not a level; use A, R, C, I or N." in html
    assert (
        Assignment.objects.get(
            role_map__slug="acme", responsibility__slug="set-direction", role__slug="lead"
        ).level
        == "A"
    )
    assert "an XLSX import needs the map to import into." in upload(dry_run=False, map="")


def test_a_team_maps_workbook_reimports_with_no_change(tmp_path):
    """GIVEN the team map (its own Coach, agreed parts) exported WHEN the file is imported
    back into it unchanged THEN nothing changes; a new Coach letter is the team's decision."""
    from tests.health_world import build_team_map

    world = build_health_map()
    build_team_map(world)
    path = tmp_path / "team.xlsx"
    call_command(
        "export_roles", "--map", "health-team", "--output", str(path), stderr=io.StringIO()
    )
    error, out, err = _import(path, "--map", "health-team")
    assert error is None, err
    assert "map: 0 created, 0 changed, 1 left alone" in out  # still based on health-check
    assert "assignments: 0 created, 0 changed, 5 left alone" in out
    _edit(path, {"H2": "C"})  # Coach, Set direction
    error, out, _ = _import(path, "--map", "health-team")
    assert "assignments: 1 created, 0 changed, 5 left alone" in out
    part = Assignment.objects.get(
        role_map__slug="health-team", role__slug="coach", responsibility__slug="set-direction"
    )
    assert (part.level, part.basis, part.rationale) == (
        "C",
        "agreed",
        "Set to C in a spreadsheet import.",
    )
