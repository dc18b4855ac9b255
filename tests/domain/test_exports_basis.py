"""CSV and Markdown exports carry each part's basis."""

import csv
import io

import pytest

from roles.comparison import compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.matrix import build_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def _rows(text):
    return {row["responsibility"]: row for row in csv.DictReader(io.StringIO(text))}


def test_comparison_csv_has_a_basis_column_per_role(sample):
    rows = _rows(comparison_csv(compare_slugs("product-manager,product-owner")))
    vision = rows["Set the product vision"]
    assert (vision["Product Manager"], vision["Product Manager basis"]) == ("A", "stated")
    assert (vision["Product Owner"], vision["Product Owner basis"]) == ("C", "inferred")


def test_matrix_csv_has_a_basis_column_per_role(sample):
    vision = _rows(matrix_csv(build_matrix()))["Set the product vision"]
    assert vision["Product Manager basis"] == "stated"
    assert vision["Product Owner basis"] == "inferred"


def test_comparison_markdown_names_the_basis(sample):
    text = comparison_markdown(compare_slugs("product-manager,product-owner"))
    [line] = [x for x in text.splitlines() if x.startswith("| Set the product vision |")]
    assert line == "| Set the product vision | Accountable · stated | Consulted · inferred |"
