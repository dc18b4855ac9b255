"""Data versions: every kind of domain write advances what it changed; a read costs one query."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from responsibilities import version_writes, versioning
from responsibilities.models import Area, Assignment, DataVersion, Level
from responsibilities.versioning import Reads, current_version
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    DisputeFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    RoleVariantFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def _advances(write) -> bool:
    before = versioning.current()
    write()
    after = versioning.current()
    return after.number > before.number and after.changed_at >= before.changed_at


def test_saves_deletes_and_many_to_many_changes_advance_it():
    area = AreaFactory()
    assignment = AssignmentFactory(responsibility__area=area)
    quote = QuoteFactory()
    assert _advances(lambda: AreaFactory())
    assert _advances(lambda: Area.objects.filter(pk=area.pk).first().save())
    assert _advances(lambda: assignment.quotes.add(quote))
    assert _advances(lambda: assignment.quotes.clear())
    assert _advances(lambda: RoleVariantFactory(quotes=[quote]))
    assert _advances(lambda: Assignment.objects.filter(pk=assignment.pk).delete())
    assert _advances(lambda: RoleFactory())


def test_loaddata_and_generate_data_advance_it(reference_map, tmp_path):
    fixture = tmp_path / "one_area.json"
    fixture.write_text(
        json.dumps([{"model": "responsibilities.area", "fields": {"slug": "x", "name": "X"}}])
    )
    assert _advances(lambda: call_command("loaddata", str(fixture), verbosity=0))
    assert _advances(
        lambda: call_command(
            "generate_data", "--scale", "0.01", stdout=io.StringIO(), stderr=io.StringIO()
        )
    )


def test_a_rolled_back_write_leaves_it_where_it_was():
    before = versioning.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        AreaFactory()
        raise RuntimeError("abandon")
    assert versioning.current() == before


def test_reading_costs_one_query_every_time(django_assert_num_queries):
    # No worker keeps a copy: each read asks the database, so every worker sees a write on
    # its next request (tests/test_version_across_workers.py runs two real workers).
    AssignmentFactory()
    for reads in (
        Reads(map_slug="reference"),
        Reads(),
        Reads(evidence=False),
        versioning.EVERYTHING,
    ):
        with django_assert_num_queries(1):  # SELECT the rows read (map row by slug, a subquery)
            first = current_version(reads)
        with django_assert_num_queries(1):
            assert current_version(reads) == first


def test_historical_rows_do_not_count_twice():
    # One save writes the row and its history row: the version moves by exactly one.
    before = versioning.current().number
    AreaFactory()
    assert versioning.current().number == before + 1


def test_a_missing_row_starts_again():
    DataVersion.objects.all().delete()
    assert versioning.current().number == 0
    AssignmentFactory(level=Level.CONSULTED)
    assert versioning.current().number >= 1


def _moves(reads: Reads, write) -> bool:
    before = current_version(reads)
    write()
    return current_version(reads).token != before.token


def test_a_write_to_one_map_leaves_another_maps_version_alone():
    """GIVEN two maps with assignments
    WHEN an assignment of map `a` is written
    THEN map a's version moves, map b's does not, and readers of every map see it."""
    map_a, map_b = RoleMapFactory(slug="a"), RoleMapFactory(slug="b")
    in_a = AssignmentFactory(role_map=map_a, level=Level.CONSULTED)
    AssignmentFactory(role_map=map_b, level=Level.CONSULTED)
    a, b = Reads(map_slug="a"), Reads(map_slug="b")
    assert _moves(a, lambda: Assignment.objects.get(pk=in_a.pk).save())
    assert not _moves(b, lambda: Assignment.objects.get(pk=in_a.pk).save())
    assert _moves(versioning.EVERYTHING, lambda: Assignment.objects.get(pk=in_a.pk).save())
    assert not _moves(b, lambda: Assignment.objects.filter(pk=in_a.pk).delete())
    quote = QuoteFactory()
    in_b = AssignmentFactory(role_map=map_b, level=Level.CONSULTED)
    assert _moves(b, lambda: in_b.quotes.add(quote))
    assert not _moves(a, lambda: in_b.quotes.remove(quote))


def test_evidence_writes_move_every_map_but_not_the_maps_list():
    RoleMapFactory(slug="a")
    for write in (AreaFactory, SourceFactory, QuoteFactory, RoleFactory, DisputeFactory):
        assert _moves(Reads(map_slug="a"), write)
        assert _moves(Reads(), write)
        assert not _moves(Reads(evidence=False), write)


def test_assignment_writes_leave_evidence_only_answers_alone():
    role_map = RoleMapFactory(slug="a")
    first = AssignmentFactory(role_map=role_map, level=Level.CONSULTED)
    other = ResponsibilityFactory()  # evidence rows made before the assignment writes

    def write():
        Assignment.objects.filter(pk=first.pk).update(level=Level.INFORMED)
        Assignment.objects.get(pk=first.pk).save()
        AssignmentFactory(
            role_map=role_map, role=first.role, responsibility=other, level=Level.CONSULTED
        ).delete()

    assert not _moves(Reads(), write)
    assert not _moves(Reads(evidence=False), write)
    assert _moves(Reads(map_slug="a"), write)


def test_a_map_write_moves_everything():
    RoleMapFactory(slug="a")
    for reads in (Reads(map_slug="a"), Reads(), Reads(evidence=False), versioning.EVERYTHING):
        assert _moves(reads, lambda: RoleMapFactory(slug=f"new-{DataVersion.objects.count()}"))


def _set_level(pk: int, level: str) -> None:
    part = Assignment.objects.get(pk=pk)
    part.level = level
    part.save()


def test_a_map_without_its_own_row_is_keyed_by_every_map():
    """A map whose row is missing (made by a bulk insert, or rows deleted) falls back to
    `anymap`, which every assignment write moves; once written, it has its own row."""
    map_a, map_b = RoleMapFactory(slug="a"), RoleMapFactory(slug="b")
    DataVersion.objects.filter(scope=versioning.map_scope(map_a.pk)).delete()
    in_a = AssignmentFactory(role_map=map_a, level=Level.CONSULTED)
    in_b = AssignmentFactory(role_map=map_b, level=Level.CONSULTED)
    DataVersion.objects.filter(scope=versioning.map_scope(map_a.pk)).delete()
    a = Reads(map_slug="a")
    assert _moves(a, lambda: Assignment.objects.get(pk=in_b.pk).save())
    assert _moves(a, lambda: _set_level(in_a.pk, Level.RESPONSIBLE))
    assert DataVersion.objects.filter(scope=versioning.map_scope(map_a.pk)).exists()
    assert not _moves(a, lambda: Assignment.objects.get(pk=in_b.pk).save())
    # A slug no map has: keyed by every map too (its page is an error, never stored).
    assert _moves(Reads(map_slug="nowhere"), lambda: Assignment.objects.get(pk=in_b.pk).save())


def test_nothing_runs_after_the_commit(django_capture_on_commit_callbacks):
    # A committed write is never turned into an error by work after the commit.
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        AssignmentFactory()
        AreaFactory()
    assert callbacks == []


def test_a_write_to_one_roles_part_leaves_other_roles_reads_alone():
    """GIVEN roles a and b with parts in one map (each with its own row)
    WHEN a's part changes
    THEN reads of a (alone or with b) move, reads of b alone do not, the map's do."""
    role_map = RoleMapFactory(slug="m")
    part_a = AssignmentFactory(role_map=role_map, level=Level.CONSULTED)
    part_b = AssignmentFactory(role_map=role_map, level=Level.CONSULTED)
    a, b = part_a.role.slug, part_b.role.slug
    only_b, both = Reads(map_slug="m", role_slugs=(b,)), Reads(map_slug="m", role_slugs=(a, b))

    def write():
        Assignment.objects.get(pk=part_a.pk).save()

    assert not _moves(only_b, write)
    assert _moves(both, write)
    assert _moves(Reads(map_slug="m", role_slugs=(a,)), write)
    assert _moves(Reads(map_slug="m"), write)


def test_a_role_without_its_own_row_is_keyed_by_the_map():
    role_map = RoleMapFactory(slug="m")
    part_a = AssignmentFactory(role_map=role_map, level=Level.CONSULTED)
    silent = RoleFactory()  # no part yet: no row of its own
    reads = Reads(map_slug="m", role_slugs=(silent.slug,))
    assert _moves(reads, lambda: Assignment.objects.get(pk=part_a.pk).save())
    version_writes.ensure_rows()
    assert not _moves(reads, lambda: Assignment.objects.get(pk=part_a.pk).save())


@pytest.mark.parametrize("how", ["read", "built"])
def test_moving_a_part_to_another_role_or_map_moves_both_sides(how):
    """An assignment given to another role (or moved to another map) leaves the old role's
    and map's answers stale unless their keys move too: both sides move, whether the object
    was read from the database or built another way (a history revert builds it)."""
    map_a, map_b = RoleMapFactory(slug="a"), RoleMapFactory(slug="b")
    part = AssignmentFactory(role_map=map_a, level=Level.CONSULTED)
    other = AssignmentFactory(role_map=map_a, level=Level.CONSULTED).role
    old_role = Reads(map_slug="a", role_slugs=(part.role.slug,))

    def moved(**changes):
        def write():
            if how == "read":
                instance = Assignment.objects.get(pk=part.pk)
            else:
                fields = Assignment.objects.filter(pk=part.pk).values(
                    "id", "role_map_id", "role_id", "responsibility_id", "level", "basis"
                )[0]
                instance = Assignment(**fields)
            for name, value in changes.items():
                setattr(instance, name, value)
            instance.save()

        return write

    assert _moves(old_role, moved(role=other))
    part.refresh_from_db()
    assert _moves(Reads(map_slug="a"), moved(role_map=map_b))


def test_saving_twice_moves_the_role_it_was_saved_with():
    role_map = RoleMapFactory(slug="m")
    part = AssignmentFactory(role_map=role_map, level=Level.CONSULTED)
    second = AssignmentFactory(role_map=role_map, level=Level.CONSULTED).role
    third = AssignmentFactory(role_map=role_map, level=Level.CONSULTED).role
    instance = Assignment.objects.get(pk=part.pk)
    instance.role = second
    instance.save()
    instance.role = third
    assert _moves(Reads(map_slug="m", role_slugs=(second.slug,)), instance.save)


def test_a_map_based_on_another_moves_with_its_base():
    """A team map shows where it departs from its base, so a write to the base's parts
    moves its reads too (it is keyed by every map)."""
    base = RoleMapFactory(slug="base")
    team = RoleMapFactory(slug="derived", based_on=base)
    in_base = AssignmentFactory(role_map=base, level=Level.CONSULTED)
    AssignmentFactory(role_map=team, level=Level.CONSULTED)
    for reads in (
        Reads(map_slug="derived"),
        Reads(map_slug="derived", role_slugs=(in_base.role.slug,)),
    ):
        assert _moves(reads, lambda: Assignment.objects.get(pk=in_base.pk).save())


def _as_another_worker(write) -> None:
    """Run `write` as a write in another process would look to this one: the names this
    process resolved before it are kept (a write here forgets them)."""
    resolved = dict(versioning._resolved)
    write()
    versioning._resolved.update(resolved)


def test_names_resolved_before_another_workers_map_swap_are_not_reused():
    """GIVEN maps m and n, each with a role's part, and the version of m's role read once
    (its rows' names resolved from the slugs and remembered)
    WHEN another worker swaps the two maps' slugs
    THEN the next read of "m" reads the other map's rows (as a fresh process would), still in
    one query, and a write to the map now called "m" moves it."""
    m, n = RoleMapFactory(slug="m"), RoleMapFactory(slug="n")
    part_m = AssignmentFactory(role_map=m, level=Level.CONSULTED)
    part_n = AssignmentFactory(role_map=n, role=part_m.role, level=Level.CONSULTED)
    Assignment.objects.get(pk=part_n.pk).save()  # n's rows now differ from m's
    reads = Reads(map_slug="m", role_slugs=(part_m.role.slug,))
    current_version(reads)
    assert versioning._resolved  # remembered

    def swap():
        with transaction.atomic():
            m.slug = "swapping"
            m.save()
            n.slug = "m"
            n.save()

    _as_another_worker(swap)
    seen = current_version(reads)
    versioning.forget_resolved()
    assert current_version(reads) == seen  # what a fresh process reads
    assert _moves(reads, lambda: Assignment.objects.get(pk=part_n.pk).save())
    assert not _moves(reads, lambda: Assignment.objects.get(pk=part_m.pk).save())


def test_reading_by_remembered_names_costs_one_query(django_assert_num_queries):
    part = AssignmentFactory(role_map=RoleMapFactory(slug="m"), level=Level.CONSULTED)
    reads = Reads(map_slug="m", role_slugs=(part.role.slug,))
    with django_assert_num_queries(1):  # the rows, and the ids the slugs name (UNION ALL)
        first = current_version(reads)
    with django_assert_num_queries(1):  # the rows by name
        assert current_version(reads) == first
    _as_another_worker(lambda: Assignment.objects.get(pk=part.pk).save())
    with django_assert_num_queries(1):  # an assignment write leaves the names valid
        assert current_version(reads) != first
