"""import_roles applies a valid file, and a file with any problem changes nothing."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from responsibilities.models import Assignment, Quote
from roles.models import Role
from tests.editing.interchange_helpers import export_text, run_import, snapshot, write
from tests.factories import UserFactory, small_role_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(reference_map):
    small_role_map(reference_map)
    return json.loads(export_text())


def test_valid_file_creates_and_changes(document, tmp_path):
    document["roles"][0]["summary"] = "Owns the why."
    document["roles"].append({**document["roles"][1], "slug": "new-role", "name": "New role"})
    document["assignments"].append(
        {"role": "new-role", "responsibility": "vision", "level": "I", "note": "", "quotes": []}
    )
    staff_editor = UserFactory(username="staff_editor")
    out, _ = run_import(write(tmp_path, document), "--user", "staff_editor", "--reason", "Spring")
    assert Role.objects.get(slug="product-manager").summary == "Owns the why."
    assert Assignment.objects.get(role__slug="new-role").level == "I"
    assert "created roles 'new-role'" in out
    assert "changed roles 'product-manager' (summary)" in out
    record = Role.history.filter(slug="product-manager").latest("history_date")
    assert (record.history_user, record.history_change_reason) == (staff_editor, "Spring")


def _refused(path, match="nothing was changed") -> str:
    """Run an import that must fail; return what it wrote to stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError, match=match):
        call_command("import_roles", path, stderr=err, stdout=io.StringIO())
    return err.getvalue()


def _broken(document, kind):
    doc = copy.deepcopy(document)
    if kind == "format":
        doc["format"] = "something-else"
    elif kind == "level":
        doc["assignments"][0]["level"] = "X"
    elif kind == "second-accountable":
        doc["assignments"][0]["level"] = "A"  # product-owner is Accountable for backlog
    elif kind == "quote-without-source":
        doc["quotes"][0]["source"] = ""
    elif kind == "empty-quote":
        doc["quotes"][0]["text"] = "   "
    elif kind == "missing-reference":
        doc["assignments"][0]["quotes"].append("no-such-quote")
    elif kind == "unknown-field":
        doc["roles"][0]["colour"] = "blue"
    return doc


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("format", "format: must be 'pmroles-rolemap'"),
        ("level", "assignments[0].level: unknown level 'X'; use one of R, A, C, I, N."),
        ("second-accountable", "assignments[2].level: a second Accountable for 'backlog'"),
        ("quote-without-source", "quotes[0].source: needs a source"),
        ("empty-quote", "quotes[0].text: cannot be blank."),
        ("missing-reference", "refers to quotes 'no-such-quote', which is neither"),
        ("unknown-field", "roles[0].colour: unknown field for roles."),
    ],
)
def test_bad_file_changes_nothing_and_says_where(document, tmp_path, kind, expected):
    doc = _broken(document, kind)
    doc["roles"][1]["summary"] = "A valid change that must not be applied."
    before = snapshot()
    err = _refused(write(tmp_path, doc), match="nothing was changed")
    assert snapshot() == before
    assert expected in err


def test_every_problem_is_listed_at_once(document, tmp_path):
    doc = _broken(_broken(document, "level"), "quote-without-source")
    doc["assignments"][2]["responsibility"] = "nowhere"
    err = _refused(write(tmp_path, doc), match="3 problem")
    assert err.count("map.json: ") == 3


def test_csv_problems_give_the_line(document, tmp_path):
    text = export_text("csv").replace(
        "product-owner/backlog,level,A", "product-owner/backlog,level,Z"
    )
    line = next(n for n, row in enumerate(text.splitlines(), 1) if ",level,Z" in row)
    before = snapshot()
    err = _refused(write(tmp_path, text, "m.csv"))
    assert snapshot() == before
    assert "level: unknown level 'Z'" in err
    first_row_of_record = (
        text.splitlines().index(
            next(r for r in text.splitlines() if r.startswith("assignments,product-owner/backlog"))
        )
        + 1
    )
    assert f"(line {first_row_of_record})" in err
    assert first_row_of_record <= line


def test_unreadable_files_are_refused_with_a_sentence(reference_map, tmp_path):
    with pytest.raises(CommandError, match=r"line 1, column 2"):
        run_import(write(tmp_path, "{oops"))
    with pytest.raises(CommandError, match="Cannot tell the format"):
        run_import(write(tmp_path, "{}", "map.txt"))
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(str(tmp_path / "missing.json"))


def test_dry_run_reports_and_writes_nothing(document, tmp_path):
    document["quotes"][0]["text"] = "A corrected quote."
    before = snapshot()
    out, _ = run_import(write(tmp_path, document), "--dry-run")
    assert snapshot() == before
    assert "Dry run: nothing was changed." in out
    assert "would change quotes 'handbook-0' (text)" in out
    assert "quotes: 0 would be created, 1 would be changed, 2 would be left alone" in out


def test_importing_the_same_file_twice_changes_nothing(document, tmp_path):
    document["quotes"][0]["text"] = "A corrected quote."
    path = write(tmp_path, document)
    run_import(path)
    assert Quote.objects.get(key="handbook-0").text == "A corrected quote."
    before = snapshot()
    out, _ = run_import(path)
    assert snapshot() == before  # history counts included: no new versions either
    assert "changed" not in out.replace("0 changed", "")
