"""The plain grid (roles/letters.py): the whole map as role letters only, the evidence CSV's
first columns line for line; one query whatever the map's size, read a bounded number of
rows at a time, and the memory it holds does not grow with the map."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import letters
from roles.csv_rows import matrix_csv_stream
from roles.inputs import InputError
from roles.models import RoleMap
from tests.factories import AssignmentFactory, RoleFactory, RoleMapFactory
from tests.stream_memory import steady_interpreter, stream_peak
from tests.world_scale import build_dataset

pytestmark = pytest.mark.django_db


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("raw", "cells"),
    [(None, "evidence"), ("", "evidence"), ("evidence", "evidence"), ("letters", "letters")],
)
def test_cells_names_what_each_role_column_holds(raw, cells):
    assert letters.parse_cells(raw) == cells


@pytest.mark.parametrize("raw", ["letter", "LETTERS", "evidence,letters", " letters", "0"])
def test_any_other_cells_value_is_an_input_error_that_says_what_to_send(raw):
    with pytest.raises(InputError) as caught:
        letters.parse_cells(raw)
    assert caught.value.field == "cells"
    assert caught.value.message == (
        f"cells “{raw}” must be letters (each role's letter only: a plain grid) or evidence "
        "(the letters with each part's basis, rationale and quotes; the default)."
    )


def test_the_plain_grid_is_the_evidence_csvs_first_columns(reference_map):
    """GIVEN 60 responsibilities, 40 roles and their parts (warnings, gaps, empty rows)
    WHEN the map is written as the plain grid and as the evidence CSV
    THEN every line of the grid is the evidence line's area, responsibility, kind and role
    letters, in the same order, and nothing else."""
    build_dataset(10)
    role_map = RoleMap.objects.resolve()
    grid = _rows("".join(letters.letters_csv_stream(role_map)))
    evidence = _rows("".join(matrix_csv_stream(role_map)))
    width = 3 + len(letters.grid_roles(role_map))
    assert grid[0][:4] == ["area", "responsibility", "kind", "Product Manager"]
    assert [len(row) for row in grid] == [width] * len(evidence)
    assert grid == [row[:width] for row in evidence]
    assert {cell for row in grid[1:] for cell in row[3:]} == {"", "A", "R", "C", "I"}


def test_a_team_map_shows_its_own_roles_and_parts_and_no_other_maps(sample):
    """A team map's grid has its own role as a column and its own parts; the reference
    map's grid shows neither."""
    acme = RoleMapFactory(slug="acme", name="Acme", kind="team")
    own = RoleFactory(slug="scrum-master", name="Scrum Master", map=acme, order=99)
    backlog = sample.responsibilities["product-backlog"]
    AssignmentFactory(role_map=acme, role=own, responsibility=backlog, level="R")
    team = _rows("".join(letters.letters_csv_stream(acme)))
    assert team[0][-1] == "Scrum Master"
    row = next(r for r in team if r[1] == backlog.name)
    assert row[3:] == ["", "", "", "", "R"]  # the copy has no other part here
    reference = _rows("".join(letters.letters_csv_stream(RoleMap.objects.resolve())))
    assert "Scrum Master" not in reference[0]
    assert next(r for r in reference if r[1] == backlog.name)[3:] == ["C", "A", "", ""]


def _queries(role_map) -> int:
    with CaptureQueriesContext(connection) as ctx:
        for _ in letters.letters_csv_stream(role_map):
            pass
    return len(ctx.captured_queries)


def test_two_queries_whatever_the_size(reference_map):
    """The roles, then every row with its letters (gathered by the database)."""
    build_dataset(2)
    role_map = RoleMap.objects.resolve()
    small = _queries(role_map)
    build_dataset(10, prefix="x")
    assert small == _queries(role_map) == 2


def _streamed(role_map) -> tuple[int, int, list[int]]:
    """Bytes of the whole grid, the most memory Python held while it streamed, and each
    piece's lines."""
    lines: list[int] = []
    with steady_interpreter():
        for _ in letters.letters_csv_stream(role_map):
            pass  # once before: Django's own first-use caches are not the stream's
        size, peak = stream_peak(
            letters.letters_csv_stream(role_map), each=lambda piece: lines.append(piece.count("\n"))
        )
    return size, peak, lines


def test_the_grid_holds_a_bounded_number_of_cells_whatever_the_map_size(reference_map, monkeypatch):
    """GIVEN at most 1,200 cells (rows × roles) read and written at a time
    WHEN the grid streams at 60 responsibilities × 40 roles, then at 300 × 200
    THEN the pieces have 30 lines, then 6 (fewer rows where there are more roles); the body
    grows about 25 times and the memory held while it streams does not grow with it."""
    monkeypatch.setattr(letters, "GRID_CELLS", 1_200)
    build_dataset(10)
    role_map = RoleMap.objects.resolve()
    small_size, small_peak, small_lines = _streamed(role_map)
    build_dataset(40, prefix="x")
    large_size, large_peak, large_lines = _streamed(role_map)
    assert small_lines == [1, 30, 30]
    assert large_lines == [1] + [6] * 50
    assert large_size > 10 * small_size
    assert large_peak < 2 * small_peak, (small_peak, large_peak)
