"""The grid editor's save (roles.grid_services.save_grid): all changed cells or nothing.

Every cell the grid showed comes back with the state it was loaded with; a save applies
the changed ones in one transaction with one change reason, after checking the rule book
across the whole grid and that nobody else changed a shown cell since.
"""

import pytest

from responsibilities.levels import Basis, Level
from responsibilities.models import Assignment
from responsibilities.rules import INFERRED_ACCOUNTABLE_MESSAGE
from roles.grid_services import CellEdit, GridConflict, GridRefused, save_grid
from roles.grid_window import ROWS_PER_PAGE, CellState, grid_window
from roles.models import RoleMap
from tests.factories import QuoteFactory, ResponsibilityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _loaded(role_map, area_slug="strategy"):
    """Every cell of one area's grid as loaded, keyed by (role slug, responsibility slug)."""
    window = grid_window(role_map=role_map, area_slug=area_slug)
    return {
        (role.slug, row.responsibility.slug): (role.pk, row.responsibility.pk, state)
        for row in window.rows
        for role, state in row.cells
    }


def _edits(loaded, changes):
    """The form sent back: every loaded cell, with `changes` {(role, duty): CellState}."""
    return [
        CellEdit(role_id, duty_id, state, changes.get(key, state))
        for key, (role_id, duty_id, state) in loaded.items()
    ]


def _levels(role_map):
    return {
        (a.role.slug, a.responsibility.slug): (a.level, a.basis, a.rationale)
        for a in Assignment.objects.filter(role_map=role_map).select_related(
            "role", "responsibility"
        )
    }


def test_changed_cells_are_saved_together_with_one_reason_in_history(sample):
    """GIVEN the strategy area's grid
    WHEN three cells change (one added, one changed, one removed) and the grid is saved
    THEN the three are written, each with one history row carrying the editor and the reason,
    and the other cells are untouched."""
    role_map = RoleMap.objects.get()
    user = UserFactory(username="grid-editor")
    loaded = _loaded(role_map)
    before = _levels(role_map)
    saved = save_grid(
        role_map=role_map,
        edits=_edits(
            loaded,
            {
                ("project-manager", "customer-research"): CellState("I", "", "kept informed"),
                ("product-owner", "product-vision"): CellState("I", "inferred", "hears of it"),
                ("product-manager", "launch-messaging"): CellState(),
            },
        ),
        user=user,
        reason="Workshop of 2 December",
    )

    assert (saved.created, saved.changed, saved.removed) == (1, 1, 1)
    after = _levels(role_map)
    assert after[("project-manager", "customer-research")] == ("I", "inferred", "kept informed")
    assert after[("product-owner", "product-vision")] == ("I", "inferred", "hears of it")
    assert ("product-manager", "launch-messaging") not in after
    untouched = set(before) - {
        ("product-owner", "product-vision"),
        ("product-manager", "launch-messaging"),
    }
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    history = Assignment.history.filter(history_change_reason="Workshop of 2 December")
    assert sorted(h.history_type for h in history) == ["+", "-", "~"]
    assert {h.history_user_id for h in history} == {user.pk}


def test_the_accountable_part_moves_within_one_save(sample):
    """Whoever stops being Accountable is written first, so moving A between two roles of one
    row in one save passes the database's one-Accountable constraint."""
    role_map = RoleMap.objects.get()
    vision = sample.responsibilities["product-vision"]
    po_vision = Assignment.objects.get(role=sample.roles["po"], responsibility=vision)
    po_vision.quotes.set([QuoteFactory(text="The product owner owns the vision here.")])
    po_vision.basis = Basis.STATED
    po_vision.save()
    loaded = _loaded(role_map)

    save_grid(
        role_map=role_map,
        edits=_edits(
            loaded,
            {
                ("product-manager", "product-vision"): CellState("R", "described", ""),
                ("product-owner", "product-vision"): CellState("A", "stated", ""),
            },
        ),
        reason="Move the vision",
    )

    after = _levels(role_map)
    assert after[("product-manager", "product-vision")][0] == Level.RESPONSIBLE
    assert after[("product-owner", "product-vision")][0] == Level.ACCOUNTABLE


def test_two_accountable_roles_in_a_row_are_refused_on_their_cells_and_nothing_is_written(sample):
    role_map = RoleMap.objects.get()
    loaded = _loaded(role_map)
    before = _levels(role_map)

    with pytest.raises(GridRefused) as refused:
        save_grid(
            role_map=role_map,
            edits=_edits(
                loaded,
                {
                    # allowed on its own: a quote supports it
                    ("product-manager", "customer-research"): CellState("A", "stated", ""),
                    ("product-owner", "customer-research"): CellState("A", "stated", ""),
                    # a valid change elsewhere is not written either
                    ("project-manager", "product-vision"): CellState("I", "inferred", ""),
                },
            ),
        )

    research = sample.responsibilities["customer-research"].pk
    assert set(refused.value.problems) == {
        (sample.roles["pm"].pk, research),
        (sample.roles["po"].pk, research),
    }
    sentence = refused.value.problems[(sample.roles["pm"].pk, research)][0]
    assert "at most one Accountable role" in sentence
    assert _levels(role_map) == before


def test_the_evidence_rules_are_the_rule_books(sample):
    """R without a quote and an inferred A are refused with the rule book's own sentences."""
    role_map = RoleMap.objects.get()
    loaded = _loaded(role_map)

    with pytest.raises(GridRefused) as refused:
        save_grid(
            role_map=role_map,
            edits=_edits(
                loaded,
                {
                    ("project-manager", "customer-research"): CellState("R", "", ""),
                    ("product-manager", "product-vision"): CellState("A", "inferred", ""),
                },
            ),
        )

    problems = refused.value.problems
    pm, prj = sample.roles["pm"].pk, sample.roles["prj"].pk
    research = sample.responsibilities["customer-research"].pk
    vision = sample.responsibilities["product-vision"].pk
    assert "needs at least one quote" in problems[(prj, research)][0]
    assert problems[(pm, vision)] == [INFERRED_ACCOUNTABLE_MESSAGE]


def test_a_cell_changed_by_someone_else_since_loading_refuses_the_save(sample):
    """GIVEN a grid loaded by editor 1
    WHEN editor 2 changes a cell, and editor 1 then saves a change to another cell
    THEN nothing of editor 1's is written and the conflict names editor 2's cell with its
    state now."""
    role_map = RoleMap.objects.get()
    loaded = _loaded(role_map)
    pm_launch = Assignment.objects.get(
        role=sample.roles["pm"], responsibility=sample.responsibilities["launch-messaging"]
    )
    pm_launch.level = Level.INFORMED
    pm_launch.rationale = "Editor 2 says so"
    pm_launch.save()
    before = _levels(role_map)

    with pytest.raises(GridConflict) as conflict:
        save_grid(
            role_map=role_map,
            edits=_edits(
                loaded, {("project-manager", "product-vision"): CellState("I", "inferred", "")}
            ),
        )

    key = (sample.roles["pm"].pk, sample.responsibilities["launch-messaging"].pk)
    assert conflict.value.current == {key: CellState("I", "described", "Editor 2 says so")}
    assert _levels(role_map) == before


def test_an_unchanged_grid_writes_nothing(sample):
    role_map = RoleMap.objects.get()
    history_rows = Assignment.history.count()

    saved = save_grid(role_map=role_map, edits=_edits(_loaded(role_map), {}))

    assert saved.count == 0
    assert Assignment.history.count() == history_rows


def test_the_window_is_one_area_at_most_a_page_of_rows(sample):
    role_map = RoleMap.objects.get()
    area = sample.areas["delivery"]
    for i in range(ROWS_PER_PAGE + 5):
        ResponsibilityFactory(area=area, order=100 + i)

    first = grid_window(role_map=role_map, area_slug="delivery")
    second = grid_window(role_map=role_map, area_slug="delivery", page=2)

    assert len(first.rows) == ROWS_PER_PAGE
    assert (first.first, first.last, first.total, first.pages) == (1, 60, 68, 2)
    assert len(second.rows) == 8
    assert {row.responsibility.area_id for row in first.rows + second.rows} == {area.pk}
    assert len({row.responsibility.pk for row in first.rows + second.rows}) == 68
    assert [role.slug for role in first.roles] == [
        "product-manager",
        "product-owner",
        "project-manager",
        "product-marketing-manager",
    ]


def _team_copy(sample):
    from roles.services import copy_role_map

    return copy_role_map(source=RoleMap.objects.get(slug="reference"), name="Acme", slug="acme")


def test_in_a_team_map_a_level_change_and_a_new_part_are_the_teams_decision(sample):
    """GIVEN a team map copied from the reference
    WHEN the grid raises the product owner from Consulted to Responsible on the vision (the
    copied part has no quote for it) and adds the project manager as Informed, with the
    grid's rationale for agreed parts
    THEN both are saved as agreed, dated today, with that rationale (or the rule book's
    sentence for the change); nothing changes in the reference map."""
    acme = _team_copy(sample)
    reference_before = _levels(RoleMap.objects.get(slug="reference"))
    loaded = _loaded(acme)

    save_grid(
        role_map=acme,
        edits=_edits(
            loaded,
            {
                ("product-owner", "product-vision"): CellState("R", "described", ""),
                ("project-manager", "product-vision"): CellState("I", "", ""),
            },
        ),
        agreed_rationale="Agreed at the December offsite",
    )

    after = _levels(acme)
    assert after[("product-owner", "product-vision")] == (
        "R",
        "agreed",
        "The team changed this part from Consulted (as read from the sources) to Responsible.",
    )
    assert after[("project-manager", "product-vision")] == (
        "I",
        "agreed",
        "Agreed at the December offsite",
    )
    assert (
        Assignment.objects.get(
            role_map=acme,
            role=sample.roles["prj"],
            responsibility=sample.responsibilities["product-vision"],
        ).decided_on
        is not None
    )
    assert _levels(RoleMap.objects.get(slug="reference")) == reference_before


def test_agreed_is_refused_in_a_reference_map_and_needs_a_rationale_in_a_team_map(sample):
    from responsibilities.rules import AGREED_IN_REFERENCE_MESSAGE, AGREED_NEEDS_RATIONALE_MESSAGE

    reference = RoleMap.objects.get(slug="reference")
    with pytest.raises(GridRefused) as refused:
        save_grid(
            role_map=reference,
            edits=_edits(
                _loaded(reference),
                {("project-manager", "product-vision"): CellState("I", "agreed", "we say so")},
            ),
        )
    assert list(refused.value.problems.values()) == [[AGREED_IN_REFERENCE_MESSAGE]]

    acme = _team_copy(sample)
    with pytest.raises(GridRefused) as refused:
        save_grid(
            role_map=acme,
            edits=_edits(
                _loaded(acme), {("project-manager", "product-vision"): CellState("I", "", "")}
            ),
        )
    assert list(refused.value.problems.values()) == [[AGREED_NEEDS_RATIONALE_MESSAGE]]


def test_own_roles_and_responsibilities_are_columns_and_rows_of_their_map_only(sample):
    from roles.map_entries import EntryRefused, add_own_responsibility, add_own_role

    acme = _team_copy(sample)
    scrum = add_own_role(role_map=acme, name="Scrum Master")
    ceremonies = add_own_responsibility(
        role_map=acme, name="Run the sprint ceremonies", area=sample.areas["delivery"]
    )

    team = grid_window(role_map=acme, area_slug="delivery")
    reference = grid_window(role_map=RoleMap.objects.get(slug="reference"), area_slug="delivery")

    assert (scrum.map, scrum.slug, scrum.abbreviation) == (acme, "scrum-master", "SM")
    assert [role.slug for role in team.roles][-1] == "scrum-master"
    assert ceremonies.pk in [row.responsibility.pk for row in team.rows]
    assert "scrum-master" not in [role.slug for role in reference.roles]
    assert ceremonies.pk not in [row.responsibility.pk for row in reference.rows]
    with pytest.raises(EntryRefused, match="slug"):
        add_own_role(role_map=acme, name="Product Owner")  # the map sees the shared one


def test_the_window_shows_at_most_12_roles_at_a_time(sample):
    from roles.grid_window import ROLES_PER_PAGE
    from tests.factories import RoleFactory

    role_map = RoleMap.objects.get()
    for i in range(10):
        RoleFactory(slug=f"extra-{i}", name=f"Extra role {i}", order=100 + i)

    first = grid_window(role_map=role_map, area_slug="delivery")
    second = grid_window(role_map=role_map, area_slug="delivery", cols=2)

    assert ROLES_PER_PAGE == 12
    assert (len(first.roles), len(second.roles), first.col_pages, first.role_total) == (
        12,
        2,
        2,
        14,
    )
    assert {r.pk for r in first.roles}.isdisjoint({r.pk for r in second.roles})
    assert all(len(row.cells) == 2 for row in second.rows)
