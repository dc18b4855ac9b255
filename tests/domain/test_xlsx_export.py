"""The XLSX writer (roles/xlsx.py), read back with openpyxl: five sheets, the letters with their
colours and basis fonts, frozen header, filter, the list of letters, evidence, health, and the
formula guard; streamed a chunk of rows at a time, in a fixed number of queries per chunk."""

import io

import openpyxl
import pytest

from responsibilities.levels import Basis, Level
from roles import xlsx
from roles.health import map_health
from tests.factories import AssignmentFactory, DisputeFactory, QuoteFactory, RoleFactory
from tests.health_world import build_health_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PMROLES_HEALTH_MAX_A_SHARE, settings.PMROLES_HEALTH_MIN_QUOTES = 40, 3
    return build_health_map()


def _workbook(world):
    out = io.BytesIO()
    count = xlsx.write_map(
        out,
        role_map=world.role_map,
        health=map_health(world.role_map),
        address="https://example.org/matrix/?map=health-check",
    )
    out.seek(0)
    return count, openpyxl.load_workbook(out)


def test_five_sheets_and_a_matrix_row_per_responsibility(world):
    count, wb = _workbook(world)
    assert count == 9  # 8 responsibilities and a shared quality
    assert wb.sheetnames == ["Matrix", "Evidence", "Health", "Legend", "About"]
    rows = list(wb["Matrix"].iter_rows(values_only=True))
    assert rows[0] == ("Responsibility", "Area", "Kind", "Lead", "Builder", "Advisor", "Idle")
    assert rows[1] == ("Set direction", "Work", "responsibility", "A", "R", None, None)
    assert rows[3] == ("Review it", "Work", "responsibility", None, "I", "C", None)
    assert rows[9] == ("Team spirit", "Work", "shared quality", None, None, None, None)
    assert len(rows) == 10


def test_matrix_sheet_is_a_workshop_sheet(world):
    """Frozen header and first column, a filter on the header, the list of letters on every
    level cell, column widths, a fill per level and the basis in the font."""
    _, wb = _workbook(world)
    ws = wb["Matrix"]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:G10"
    (validation,) = ws.data_validations.dataValidation
    assert (validation.type, validation.formula1) == ("list", '"A,R,C,I,N"')
    assert str(validation.sqref) == "D2:G10"
    assert ws.column_dimensions["A"].width == 48 and ws.column_dimensions["D"].width == 12
    lead_a, builder_r = ws["D2"], ws["E2"]
    assert lead_a.fill.fgColor.rgb == xlsx.LEVEL_FILLS[Level.ACCOUNTABLE]
    assert builder_r.fill.fgColor.rgb == xlsx.LEVEL_FILLS[Level.RESPONSIBLE]
    assert (lead_a.font.b, lead_a.font.i) == (True, False)  # stated
    assert (builder_r.font.b, builder_r.font.i) == (False, False)  # described
    inferred = ws["E9"]  # Builder, Check quality
    assert (inferred.value, inferred.font.i) == ("R", True)


def test_evidence_sheet_has_one_row_per_part_with_quotes_and_citations(world):
    DisputeFactory(roles=[world.roles["builder"]], responsibilities=[world.rows["hire"]])
    _, wb = _workbook(world)
    rows = list(wb["Evidence"].iter_rows(values_only=True))
    assert rows[0] == (
        "Role",
        "Responsibility",
        "Area",
        "Level",
        "Basis",
        "Rationale",
        "Quotes",
        "Sources",
        "Disputed",
        "Departs from the sources",
        "Quote keys",
        "Decided on",
        "Decided by",
    )
    assert len(rows) == 1 + 10
    lead = rows[1]
    assert lead[:5] == ("Lead", "Set direction", "Work", "A", "stated")
    assert lead[6].count("“") == 2 and lead[7].count("Source title") == 2
    assert len(lead[10].split()) == 2  # the two quotes' keys, for the import
    hire = next(r for r in rows if r[1] == "Hire")
    assert (hire[0], hire[8], hire[9]) == ("Builder", "yes", "no")
    assert {r[8] for r in rows[1:] if r[1] != "Hire"} == {"no"}


def test_health_legend_and_about_sheets(world):
    _, wb = _workbook(world)
    health = list(wb["Health"].iter_rows(values_only=True))
    assert health[0] == ("Severity", "Kind", "Finding", "What to do", "Rows", "Roles")
    assert len(health) == 1 + 10
    assert health[3][:3] == (
        "warning",
        "Only Consulted or Informed: nobody does the work",
        "Only Consulted or Informed roles touch “Review it” (Builder, Advisor): "
        "nobody does the work.",
    )
    assert health[3][4:] == ("Review it", "Builder; Advisor")
    legend = [r[0] for r in wb["Legend"].iter_rows(values_only=True)]
    assert legend[1:6] == ["R", "A", "C", "I", "N"] and "inferred" in legend
    about = dict(wb["About"].iter_rows(values_only=True))
    assert about["Map"] == "Health check map (health-check)"
    assert about["Kind"] == "Reference (what the sources say)"
    assert about["Status"] == "Published"
    assert about["Address"] == "https://example.org/matrix/?map=health-check"
    assert about["Exported"].endswith(" UTC")


def test_text_that_looks_like_a_formula_stays_text(world):
    """GIVEN a role named like a formula WHEN the map is written THEN its header cell is a
    guarded string (the CSV guard's leading apostrophe), never a formula."""
    evil = RoleFactory(name='=HYPERLINK("http://evil.example","x")', order=99)
    AssignmentFactory(
        role_map=world.role_map,
        role=evil,
        responsibility=world.rows["build-it"],
        level=Level.CONSULTED,
        basis=Basis.DESCRIBED,
        rationale="+cmd|' /C calc'!A0",
        quotes=[QuoteFactory(text="@SUM(1+1)")],
    )
    _, wb = _workbook(world)
    header = wb["Matrix"]["H1"]
    assert header.value == '\'=HYPERLINK("http://evil.example","x")'
    assert header.data_type == "s"
    row = next(r for r in wb["Evidence"].iter_rows() if r[0].value.startswith("'="))
    assert row[5].value == "'+cmd|' /C calc'!A0" and row[6].value == "“@SUM(1+1)”"
    assert all(c.data_type == "s" for c in row if c.value is not None)


def test_rows_are_read_a_chunk_at_a_time_in_fixed_queries(world, django_assert_num_queries):
    """Two queries before the rows (dispute roles, ordered ids), then per chunk of rows:
    disputed parts, responsibilities, their parts, the parts' quotes with sources."""
    roles = xlsx.map_roles(world.role_map)
    with django_assert_num_queries(2 + 4 * 3):  # 9 rows in chunks of 3
        rows = list(xlsx.map_rows(world.role_map, roles, chunk=3))
    assert [r.responsibility for r in rows][:2] == ["Set direction", "Build it"]
    with django_assert_num_queries(2 + 4):
        assert len(list(xlsx.map_rows(world.role_map, roles, chunk=500))) == 9


def test_a_team_map_marks_agreed_parts_and_departures(world):
    """GIVEN the team map of tests/health_world WHEN it is written THEN its own role is a
    column, the agreed A carries the agreed font (bold, double underline) and the Evidence
    row says it departs from the sources; About says it is a team map with its review date."""
    from roles.models import RoleMap
    from tests.health_world import build_team_map

    team, _ = build_team_map(world)
    team = RoleMap.objects.get(pk=team.pk)
    out = io.BytesIO()
    xlsx.write_map(out, role_map=team, health=map_health(team), address="/matrix/?map=t")
    out.seek(0)
    wb = openpyxl.load_workbook(out)
    ws = wb["Matrix"]
    assert [c.value for c in ws[1]] == [
        "Responsibility",
        "Area",
        "Kind",
        "Lead",
        "Builder",
        "Advisor",
        "Idle",
        "Coach",
    ]
    agreed = ws["E3"]  # Builder, Build it
    assert (agreed.value, agreed.font.b, agreed.font.u) == ("A", True, "double")
    evidence = {(r[0], r[1]): r for r in wb["Evidence"].iter_rows(min_row=2, values_only=True)}
    assert evidence[("Builder", "Build it")][4] == "agreed"
    assert evidence[("Builder", "Build it")][9] == "yes"  # the sources say R
    assert evidence[("Builder", "Build it")][11:] == ("2026-01-10", "Product leadership")
    assert evidence[("Lead", "Set direction")][9] == "no"
    assert evidence[("Coach", "Review it")][9] == "no"  # the team's own role
    assert evidence[("Builder", "Hire")][8] == "yes"  # disputed
    about = dict(wb["About"].iter_rows(values_only=True))
    assert about["Kind"] == "Team (what the team agreed)"
    assert about["Last reviewed"] == "2026-01-01 (next review due 2026-01-31)"


def test_texts_round_trip_through_the_streamed_rows(world):
    """GIVEN a part whose texts carry XML's special characters, surrounding spaces, a
    carriage return and a control character WHEN the map is written (rows serialised by
    roles/xlsx_stream.py, not openpyxl) THEN openpyxl reads the same texts back, with the
    control character (which XML cannot carry) removed."""
    AssignmentFactory(
        role_map=world.role_map,
        role=world.roles["idle"],
        responsibility=world.rows["build-it"],
        level=Level.INFORMED,
        basis=Basis.DESCRIBED,
        rationale=' <b>"Tom & Jerry"</b>\r\nsecond line\x07 ',
        quotes=[QuoteFactory(text="a < b && c > d")],
    )
    _, wb = _workbook(world)
    row = next(r for r in wb["Evidence"].iter_rows(values_only=True) if r[0] == "Idle")
    assert row[5] == ' <b>"Tom & Jerry"</b>\r\nsecond line '
    assert row[6] == "“a < b && c > d”"
    assert wb["Matrix"]["G3"].value == "I"
