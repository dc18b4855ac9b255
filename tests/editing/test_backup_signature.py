"""Backups are signed; a modified or unsigned one is refused unless the operator says
`--trust-unsigned` (issue 17, finding 8: a backup edited to make a Reader a superuser was
restored without complaint)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from editing.backup import SIGNATURE_KEY, write_backup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def backup(db, tmp_path):
    UserFactory(username="reader")
    path = tmp_path / "backup.json"
    write_backup(path)
    return path


def _make_reader_superuser(path) -> None:
    text = path.read_text()
    at = text.index('"username": "reader"')
    start = text.rindex('"is_superuser": false', 0, at)
    path.write_text(text[:start] + '"is_superuser": true' + text[start + 21 :])


def _reader_is_superuser() -> bool:
    return get_user_model().objects.get(username="reader").is_superuser


def test_a_signed_backup_restores(backup):
    call_command("restore", str(backup), "--yes")
    assert not _reader_is_superuser()


def test_a_backup_edited_to_make_a_reader_superuser_is_refused(backup):
    _make_reader_superuser(backup)
    with pytest.raises(CommandError, match="signature does not match its content"):
        call_command("restore", str(backup), "--yes")
    assert not _reader_is_superuser()


def test_an_unsigned_backup_is_refused_unless_trusted(backup):
    text = backup.read_text()
    backup.write_text(text[: text.rindex(SIGNATURE_KEY)] + "}\n")
    with pytest.raises(CommandError, match="it is not signed.*--trust-unsigned"):
        call_command("restore", str(backup), "--yes")
    _make_reader_superuser(backup)
    call_command("restore", str(backup), "--yes", "--trust-unsigned")
    assert _reader_is_superuser()  # the operator vouched for it


def test_a_backup_signed_with_another_key_is_refused(backup, settings):
    settings.PMROLES_BACKUP_KEY = "another key"
    with pytest.raises(CommandError, match="signed with another key"):
        call_command("restore", str(backup), "--yes")


def test_the_key_comes_from_the_environment_setting(db, tmp_path, settings):
    settings.PMROLES_BACKUP_KEY = "operators key"
    path = tmp_path / "backup.json.gz"
    write_backup(path)
    call_command("restore", str(path), "--yes")
    settings.PMROLES_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("restore", str(path), "--yes")
