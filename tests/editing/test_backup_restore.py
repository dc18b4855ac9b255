"""`manage.py backup` and `restore`: a database with history comes back identical, on SQLite
and PostgreSQL, and a bad file changes nothing."""

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from editing.backup import BackupError, restore_backup, write_backup
from responsibilities.history import recording
from responsibilities.models import Area, Assignment, Level
from roles.models import Role
from roles.services import duplicate_role
from tests.factories import AreaFactory, UserFactory, small_role_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_with_history(reference_map):
    """A small map edited by a named user: additions, changes, a deletion, a token, a group."""
    editor = UserFactory(username="ana", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    Token.objects.create(user=editor)
    small_role_map(reference_map)
    with recording(user=editor, reason="Tidy up"):
        role = Role.objects.order_by("pk").first()
        role.summary = "Changed by Ana."
        role.save()
        duplicate_role(role=role, user=editor)
        doomed = AreaFactory(slug="doomed")
        doomed.delete()
    return editor


def _objects(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)["objects"]


def _without_version(objects):
    return [o for o in objects if o["model"] != "responsibilities.dataversion"]


def _version(path):
    # The row every stored answer's key reads (responsibilities.versioning).
    (row,) = [
        o
        for o in _objects(path)
        if o["model"] == "responsibilities.dataversion" and o["fields"]["scope"] == "all"
    ]
    return row["fields"]["number"]


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_restore_gives_back_the_database_as_it_was_backed_up(database_with_history, tmp_path, name):
    """GIVEN a backup of a database with history and a token, then changes made after it
    WHEN the backup is restored
    THEN a new backup equals the first except the data version (one past it), the changes
    are undone, no history rows were added, and new rows can still be saved
    """
    first, second = tmp_path / name, tmp_path / f"again-{name}"
    rows = write_backup(first)
    history_rows = Assignment.history.count()
    assert rows == len(_objects(first)) and history_rows > 0

    # Change things after the backup: all of it must be undone by the restore.
    AreaFactory(slug="after-the-backup")
    Assignment.objects.filter(level=Level.INFORMED).delete()
    Token.objects.all().delete()

    call_command("restore", str(first), "--yes")

    write_backup(second)
    # Everything comes back as it was, except the data version: it moves one past the
    # backed-up number (with a new timestamp), so no answer cached before the restore is used.
    before, after = _without_version(_objects(first)), _without_version(_objects(second))
    assert after == before
    assert _version(second) == _version(first) + 1
    assert Assignment.history.count() == history_rows  # no extra history rows from loading
    assert not Area.objects.filter(slug="after-the-backup").exists()
    assert Token.objects.get().user.username == "ana"

    # Sequences follow the restored ids: new rows (and their history) can be added.
    AreaFactory(slug="after-the-restore").delete()
    assert Area.history.filter(slug="after-the-restore").count() == 2


def _snapshot(tmp_path):
    path = tmp_path / "snapshot.json"
    write_backup(path)
    return _objects(path)


def test_a_file_that_breaks_a_foreign_key_changes_nothing(database_with_history, tmp_path):
    path = tmp_path / "backup.json"
    write_backup(path)
    document = json.loads(path.read_text())
    for row in document["objects"]:
        if row["model"] == "responsibilities.assignment":
            row["fields"]["role"] = 999_999
            break
    path.write_text(json.dumps(document))
    AreaFactory(slug="kept")
    before = _snapshot(tmp_path)

    with pytest.raises(BackupError, match="nothing was changed.*999999"):
        restore_backup(path, trust_unsigned=True)  # edited, so no longer signed

    assert _snapshot(tmp_path) == before
    assert Area.objects.filter(slug="kept").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "There is no file"),
        ("not json at all", "is not a readable pmroles backup"),
        ('[{"model": "roles.role"}]', "is not a pmroles backup"),
        ('{"format": "pmroles-backup", "version": 99, "objects": []}', "version 99 backup"),
        (
            '{"format": "pmroles-backup", "version": 1, "migrations": [["roles", "0099_x"]],'
            ' "objects": []}',
            "another migration state",
        ),
    ],
)
def test_files_that_are_not_restorable_are_refused_with_a_sentence(
    database_with_history, tmp_path, content, message
):
    path = tmp_path / "file.json"
    if content is not None:
        path.write_text(content)
    before = _snapshot(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--yes", "--trust-unsigned")
    assert _snapshot(tmp_path) == before


def test_restore_without_yes_and_without_a_terminal_asks_for_it(db, tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    write_backup(path)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(path))


def test_backup_into_a_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "backup.json"))


def test_times_come_back_to_the_microsecond(database_with_history, tmp_path):
    """GIVEN a history row stamped 12:00:00.000456 (Django's JSON encoder keeps milliseconds,
    which would write .000 and restore 12:00:00)
    WHEN the database is backed up and restored
    THEN the stamp is the same to the microsecond."""
    stamp = datetime(2026, 1, 2, 12, 0, 0, 456, tzinfo=UTC)
    row = Area.history.order_by("history_id").first()
    Area.history.filter(history_id=row.history_id).update(history_date=stamp)
    path = tmp_path / "backup.json"
    write_backup(path)
    call_command("restore", str(path), "--yes")
    assert Area.history.get(history_id=row.history_id).history_date == stamp
