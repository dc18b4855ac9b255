"""The team-map services: a copy keeps everything, review dates, and a team's level change."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from responsibilities import rules
from responsibilities.models import Assignment, Basis, Level, MapKind
from roles.map_compare import compare_maps
from roles.models import RoleMap
from roles.services import MapCopyRefused, copy_role_map, mark_reviewed
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


def _parts(role_map):
    return sorted(
        (
            a.role.slug,
            a.responsibility.slug,
            a.level,
            a.basis,
            a.rationale,
            a.note,
            a.decided_on,
            a.decided_by,
            tuple(sorted(q.key for q in a.quotes.all())),
        )
        for a in Assignment.objects.filter(role_map=role_map).select_related(
            "role", "responsibility"
        )
    )


def test_a_copy_keeps_every_part_and_own_entry_and_compares_equal(team_maps, evidence):
    """GIVEN the acme team map (own role and responsibility, agreed parts) and evidence
    WHEN it is copied
    THEN the copy is a team map based on it with the same parts (basis, rationale, quotes,
    the team's decision), its own copies of the own entries, and compares with 0 changes
    """
    acme = team_maps.acme
    Assignment.objects.filter(role_map=acme).update(
        decided_on=datetime.date(2026, 11, 5), note="Offsite"
    )
    copy = copy_role_map(source=acme, name="Acme 2027", slug="acme-2027", exact=True)
    assert (copy.kind, copy.based_on, copy.slug) == (MapKind.TEAM, acme, "acme-2027")
    assert _parts(copy) == _parts(acme)
    own = copy.own_roles.get()
    assert own.slug == "scrum-master" and own.pk != team_maps.acme_role.pk
    assert copy.own_responsibilities.get().slug == "run-ceremonies"
    assert compare_maps(acme, copy).total == 0


def test_a_copy_of_the_reference_map_is_a_team_map_with_every_basis(evidence):
    reference = RoleMap.objects.get(slug="reference")
    copy = copy_role_map(source=reference, name="Ours")
    assert copy.kind == MapKind.TEAM and reference.kind == MapKind.REFERENCE
    assert _parts(copy) == _parts(reference)
    assert compare_maps(reference, copy).total == 0


def test_copy_refuses_a_taken_slug_without_regard_to_case_and_writes_nothing(team_maps):
    with pytest.raises(MapCopyRefused) as refused:
        copy_role_map(source=team_maps.acme, name="New", slug="ACME", exact=True)
    assert refused.value.field == "slug" and "already exists" in refused.value.message
    assert RoleMap.objects.count() == 3


def test_copy_map_command_copies_and_refuses_bad_input(team_maps, capsys):
    call_command("copy_map", "acme", "acme-copy", name="Acme copy")
    assert "1 own roles" in capsys.readouterr().out
    assert RoleMap.objects.get(slug="acme-copy").kind == MapKind.TEAM
    with pytest.raises(CommandError, match="Unknown map “nope”"):
        call_command("copy_map", "nope", "x", name="X")
    with pytest.raises(CommandError, match="already exists"):
        call_command("copy_map", "acme", "acme-copy", name="Other name")


def test_mark_reviewed_records_the_date_in_history(team_maps, staff_editor):
    reviewed = mark_reviewed(
        role_map=team_maps.acme, on=datetime.date(2026, 12, 1), user=staff_editor
    )
    assert RoleMap.objects.get(pk=reviewed.pk).last_reviewed == datetime.date(2026, 12, 1)
    latest = team_maps.acme.history.first()
    assert latest.last_reviewed == datetime.date(2026, 12, 1)
    assert latest.history_user == staff_editor
    assert latest.history_change_reason == "Reviewed on 2026-12-01"


def _change(**given):
    values = dict(
        map_kind=MapKind.TEAM,
        before_level=Level.ACCOUNTABLE,
        before_basis=Basis.STATED,
        before_rationale="“owns the vision” (Doe)",
        before_quote_ids=[1],
        level=Level.RESPONSIBLE,
        basis=Basis.STATED,
        rationale="“owns the vision” (Doe)",
        quote_ids=[1],
    )
    values.update(given)
    return rules.team_change(**values)


def test_a_team_changing_a_copied_level_without_a_new_quote_has_decided():
    change = _change()
    assert change.basis == Basis.AGREED
    assert change.rationale == (
        "The team changed this part from Accountable (as read from the sources) to Responsible."
    )
    assert _change(rationale="We split the vision work.").rationale == "We split the vision work."


@pytest.mark.parametrize(
    "given",
    [
        {"quote_ids": [1, 2]},  # a new quote for the new level
        {"map_kind": MapKind.REFERENCE},  # a reference map records the sources
        {"level": Level.ACCOUNTABLE},  # the level did not change
        {"before_level": None},  # a new part
        {"before_basis": Basis.AGREED},  # already the team's decision
    ],
)
def test_a_change_stays_as_given_when_it_is_not_a_team_decision(given):
    assert _change(**given).basis == Basis.STATED


def test_the_admin_form_turns_a_changed_copied_level_into_agreed(evidence, staff_editor):
    from editing.admin_forms import AssignmentForm

    team = copy_role_map(source=RoleMap.objects.get(slug="reference"), name="Ours")
    part = Assignment.objects.get(
        role_map=team, role__slug="product-manager", responsibility__slug="product-vision"
    )
    assert (part.level, part.basis) == ("A", "stated")
    data = {
        "role_map": team.pk,
        "role": part.role_id,
        "responsibility": part.responsibility_id,
        "level": "R",
        "basis": "stated",
        "rationale": part.rationale,
        "note": "",
        "quotes": [q.pk for q in part.quotes.all()],
    }
    form = AssignmentForm(data=data, instance=part)
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.level, saved.basis, saved.decided_on) == ("R", "agreed", datetime.date.today())
    assert saved.rationale.startswith("The team changed this part from Accountable")
    # With a new quote for the new level it stays a reading of the sources.
    other = Assignment.objects.get(
        role_map=team, role__slug="product-owner", responsibility__slug="product-vision"
    )
    quote = QuoteFactory()
    data.update(
        role=other.role_id,
        level="R",
        basis="described",
        rationale="“helps” (Doe)",
        quotes=[quote.pk, *[q.pk for q in other.quotes.all()]],
    )
    form = AssignmentForm(data=data, instance=other)
    assert form.is_valid(), form.errors
    assert form.save().basis == "described"
