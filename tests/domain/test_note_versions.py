"""A note edited alone moves the versions of what shows notes, and nothing else.

Pages that read the whole map but show no note (matrix, search, finder, home, API matrix)
read `Reads(notes=False)`: an editor annotating parts must not make them be built again.
Everything that shows notes (a role's parts, a comparison, the map as a file) still moves.
"""

import pytest

from responsibilities import revisions
from responsibilities.models import Assignment, Level
from responsibilities.versioning import EVERYTHING, Reads, current_version
from tests.factories import AssignmentFactory, RoleMapFactory

pytestmark = pytest.mark.django_db

WITH_NOTES = Reads(map_slug="a")
WITHOUT_NOTES = Reads(map_slug="a", notes=False)


@pytest.fixture
def part():
    return AssignmentFactory(role_map=RoleMapFactory(slug="a"), level=Level.CONSULTED, note="One.")


def _tokens(*reads: Reads) -> list[str]:
    return [current_version(r).token for r in reads]


def test_a_note_edited_alone_moves_only_what_shows_notes(part):
    """GIVEN the versions of the map with and without notes, of the part's role, of
    everything, and the map's revision (what an exported file records)
    WHEN only the part's note is edited
    THEN every one of them moves but the map read without notes."""
    own_role = Reads(map_slug="a", role_slugs=(part.role.slug,))
    before = _tokens(WITH_NOTES, WITHOUT_NOTES, own_role, EVERYTHING)
    revision = revisions.map_revision(part.role_map_id)
    edit = Assignment.objects.get(pk=part.pk)
    edit.note = "Two."
    edit.save()
    after = _tokens(WITH_NOTES, WITHOUT_NOTES, own_role, EVERYTHING)
    assert [b != a for b, a in zip(before, after, strict=True)] == [True, False, True, True]
    assert revisions.map_revision(part.role_map_id) != revision


@pytest.mark.parametrize(
    "changes",
    [
        {"level": Level.RESPONSIBLE},
        {"rationale": "Other wording."},
        {"level": Level.INFORMED, "note": "And a note."},
    ],
)
def test_any_other_change_moves_the_map_read_without_notes(part, changes):
    before = _tokens(WITH_NOTES, WITHOUT_NOTES)
    edit = Assignment.objects.get(pk=part.pk)
    for name, value in changes.items():
        setattr(edit, name, value)
    edit.save()
    assert all(b != a for b, a in zip(before, _tokens(WITH_NOTES, WITHOUT_NOTES), strict=True))


def test_a_save_that_puts_back_what_another_writer_changed_is_no_note_edit(part):
    """GIVEN a part read by two writers
    WHEN the first changes its level and the second, still holding the old level, saves
    a new note (writing the old level back)
    THEN the map read without notes moves: the second save changed a level in the table."""
    mine = Assignment.objects.get(pk=part.pk)
    theirs = Assignment.objects.get(pk=part.pk)
    theirs.level = Level.RESPONSIBLE
    theirs.save()
    before = current_version(WITHOUT_NOTES).token
    mine.note = "Mine."
    mine.save()
    assert Assignment.objects.get(pk=part.pk).level == Level.CONSULTED
    assert current_version(WITHOUT_NOTES).token != before


def test_a_second_save_is_compared_with_the_first(part):
    """A level changed and saved, then put back with a note: both saves change the grid."""
    edit = Assignment.objects.get(pk=part.pk)
    edit.level = Level.RESPONSIBLE
    edit.save()
    before = current_version(WITHOUT_NOTES).token
    edit.level = Level.CONSULTED
    edit.note = "Back again."
    edit.save()
    assert current_version(WITHOUT_NOTES).token != before


def test_a_part_built_without_reading_is_compared_with_the_table(part):
    """A part built from its values (a revert does this) is compared with the stored row."""
    values = {f.attname: getattr(part, f.attname) for f in Assignment._meta.concrete_fields}
    before = current_version(WITHOUT_NOTES).token
    Assignment(**{**values, "note": "Built, not read."}).save()
    assert current_version(WITHOUT_NOTES).token == before
    Assignment(**{**values, "level": Level.INFORMED}).save()
    assert current_version(WITHOUT_NOTES).token != before


def test_a_save_of_the_note_field_alone_is_a_note_edit(part):
    """A part read without some fields, saved with `update_fields=["note"]`: only the note
    is written, so only what shows notes moves."""
    edit = Assignment.objects.only("id", "note", "role_map_id", "role_id").get(pk=part.pk)
    before = current_version(WITHOUT_NOTES).token
    edit.note = "Deferred read."
    edit.save(update_fields=["note"])
    assert current_version(WITHOUT_NOTES).token == before
    assert current_version(WITH_NOTES).token != before


def test_a_deferred_read_is_compared_with_the_table(part):
    """A part read with its level deferred: Django writes the loaded fields only, and the
    stored row settles whether they changed."""
    edit = Assignment.objects.defer("level").get(pk=part.pk)
    before = current_version(WITHOUT_NOTES).token
    edit.note = "Deferred level."
    edit.save()
    assert current_version(WITHOUT_NOTES).token == before
    edit.rationale = "A new wording."
    edit.save()
    assert current_version(WITHOUT_NOTES).token != before


def test_a_part_read_without_its_map_saves_a_level(part):
    """A part read with its role but its map deferred, its level saved alone: the stored row
    says where it is, and the level's change moves the map read without notes."""
    edit = Assignment.objects.only("id", "level", "role").get(pk=part.pk)
    before = current_version(WITHOUT_NOTES).token
    edit.level = Level.RESPONSIBLE
    edit.save(update_fields=["level"])
    assert current_version(WITHOUT_NOTES).token != before
