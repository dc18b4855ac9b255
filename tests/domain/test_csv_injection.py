"""No CSV pmroles writes can make a spreadsheet run a formula, and the Markdown export
carries no HTML and no stray table cells."""

import csv
import io
import re
from pathlib import Path

import pytest

from responsibilities.spreadsheet import (
    FORMULA_STARTS,
    csv_cell,
    csv_line,
    csv_writer,
    guard_cell,
    unguard_cell,
)
from roles.comparison import compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.letters import letters_csv_stream
from roles.matrix import build_matrix
from roles.models import RoleMap
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("http://x.example","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'quoted", "''quoted"),
        ("Product Owner", "Product Owner"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (3, "3"),
    ],
)
def test_guard_cell(value, cell):
    assert guard_cell(value) == cell


@pytest.mark.parametrize("value", [*HOSTILE, "'", "''x", "plain", ""])
def test_unguard_gives_back_the_value(value):
    assert unguard_cell(guard_cell(value)) == value


@pytest.mark.parametrize(
    "row",
    [
        ["plain", "", "words", "“a quote” — a source"],  # written as it is
        ["plain", "=1+1", "", "-1"],  # one risky cell among safe ones
        ["a\x1f=b", "c"],  # the separator inside a cell: a false alarm, same text
        ["x\x1f", "=y"],
        ("tuple", "'quoted"),
        ["text", None, 3, 2.5],  # not text: cell by cell
        iter(["from", "=an iterator"]),
        [],
    ],
)
def test_the_writer_writes_each_cell_as_guard_cell_makes_it(row):
    """Whole rows that cannot start a formula skip the cell-by-cell path; the text written is
    the same as guarding every cell."""
    cells = list(row)  # an iterator is used up here: the writer gets a fresh one
    out = io.StringIO()
    csv_writer(out).writerow(row if isinstance(row, (list, tuple)) else iter(cells))
    expected = io.StringIO()
    csv.writer(expected).writerow([guard_cell(cell) for cell in cells])
    assert out.getvalue() == expected.getvalue()


TRICKY = [
    "",
    "plain words",
    "a, b",
    'say "this"',
    '"',
    "two\nlines",
    "carriage\rreturn",
    "“a quote” — a source",
    " leading and trailing ",
    "'already guarded",
    "\x1f",
    "é ü ß 中",
    *HOSTILE,
    None,
    3,
]


@pytest.mark.parametrize(
    "row",
    [
        [value]
        for value in TRICKY  # each alone: a line of one empty cell included
    ]
    + [TRICKY, ["", ""], ["", "x", ""], list(reversed(TRICKY))],
)
def test_a_line_made_of_csv_cells_is_what_the_writer_writes(row):
    """roles/csv_rows.py joins cells made by csv_cell instead of asking the csv module's
    writer: the text must be the writer's, byte for byte, and read back as the guarded
    cells."""
    expected = io.StringIO()
    csv_writer(expected).writerow(row)
    line = csv_line([csv_cell(cell) for cell in row])
    assert line == expected.getvalue()
    assert next(csv.reader(io.StringIO(line))) == [guard_cell(cell) for cell in row]


def _cells(text):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.fixture
def hostile_map(reference_map):
    """Names, areas and kinds that a spreadsheet would run as formulas."""
    first = RoleFactory(slug="first", name=HOSTILE[0], abbreviation="=A", order=1)
    second = RoleFactory(slug="second", name="@SUM(1)", abbreviation="+B", order=2)
    area = AreaFactory(name="+cmd|' /C calc'!A0")
    work = ResponsibilityFactory(slug="w", name="-2+3 <script>alert(1)</script> | x", area=area)
    AssignmentFactory(role=first, responsibility=work, level="A", quotes=[QuoteFactory()])
    AssignmentFactory(role=second, responsibility=work, level="C")
    return reference_map


def test_comparison_and_matrix_csv_have_no_formula_cells(hostile_map):
    plain_grid = "".join(letters_csv_stream(RoleMap.objects.resolve()))
    for text in (
        comparison_csv(compare_slugs("first,second")),
        matrix_csv(build_matrix()),
        plain_grid,
    ):
        cells = _cells(text)
        assert "'" + HOSTILE[0] in cells and "'@SUM(1)" in cells
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_markdown_escapes_html_and_pipes(hostile_map):
    text = comparison_markdown(compare_slugs("first,second"))
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    row = next(line for line in text.splitlines() if "alert(1)" in line)
    cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert cells == [
        "-2+3 &lt;script&gt;alert(1)&lt;/script&gt; \\| x",
        "Accountable · described",
        "Consulted · described",
    ]


def test_nothing_writes_csv_without_the_guard():
    """Every csv writer in the app goes through responsibilities.spreadsheet.csv_writer."""
    pattern = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("roles", "responsibilities", "web", "api", "editing", "pmroles")
        for path in (ROOT / package).rglob("*.py")
        if pattern.search(path.read_text()) and path.name != "spreadsheet.py"
    ]
    assert offenders == []
