"""`manage.py map_editors SLUG --add USER / --remove USER`: who edits a team map."""

import pytest
from django.core.management import CommandError, call_command

from roles.access import EDIT_MAP
from roles.models import RoleMap
from tests.factories import RoleMapFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(reference_map):
    return RoleMapFactory(slug="acme", name="Acme", kind="team", status="draft")


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("map_editors", *args, stdout=out)
    return out.getvalue()


def test_adding_and_removing_an_editor_changes_what_they_may_edit(acme):
    alice = UserFactory(username="alice")

    out = _run("acme", "--add", "alice", "--reason", "Alice runs the mapping")

    assert "alice is now an editor of acme." in out
    assert "Editors of acme: alice." in out
    alice = type(alice).objects.get(pk=alice.pk)  # permissions are cached per user object
    assert alice.is_staff  # to reach the grid in the admin
    assert alice.has_perm(EDIT_MAP, acme)
    assert not alice.has_perm(EDIT_MAP, RoleMap.objects.get(slug="reference"))
    assert acme.history.first().history_change_reason == "Alice runs the mapping"

    out = _run("acme", "--remove", "alice")

    assert "alice is no longer an editor of acme." in out
    alice = type(alice).objects.get(pk=alice.pk)
    assert not alice.has_perm(EDIT_MAP, acme)
    assert acme.history.first().history_change_reason == "Removed alice as an editor"


def test_adding_twice_says_so(acme):
    UserFactory(username="alice")
    _run("acme", "--add", "alice")
    assert "alice already was an editor of acme." in _run("acme", "--add", "alice")
    assert list(acme.editors.values_list("username", flat=True)) == ["alice"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["nope", "--add", "alice"], "There is no map “nope”; the maps are: acme, reference."),
        (["acme", "--add", "bob"], "There is no user “bob”; nothing was changed."),
        (["reference", "--add", "alice"], "is a reference map: it is edited by the Editors"),
    ],
)
def test_unknown_maps_and_users_and_reference_maps_are_refused(acme, args, message):
    """A CommandError: manage.py prints the sentence and exits with status 1."""
    UserFactory(username="alice")

    with pytest.raises(CommandError, match=message):
        _run(*args)

    assert not RoleMap.objects.filter(editors__isnull=False).exists()
