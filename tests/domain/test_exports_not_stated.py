"""CSV and Markdown tell a silence from a stated "no part"."""

import csv
import io

import pytest

from roles.comparison import compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.matrix import build_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]

ROLES = "project-manager,product-marketing-manager"


def _vision(text):
    rows = csv.DictReader(io.StringIO(text))
    return next(row for row in rows if row["responsibility"] == "Set the product vision")


def test_csv_leaves_silence_empty_and_writes_n_for_a_stated_no_part(sample):
    for text in (comparison_csv(compare_slugs(ROLES)), matrix_csv(build_matrix())):
        vision = _vision(text)
        assert (vision["Project Manager"], vision["Project Manager basis"]) == ("N", "stated")
        assert vision["Product Marketing Manager"] == ""
        assert vision["Product Marketing Manager basis"] == ""


def test_markdown_writes_not_stated_and_no_part_stated_differently(sample):
    text = comparison_markdown(compare_slugs(ROLES))
    [line] = [x for x in text.splitlines() if x.startswith("| Set the product vision |")]
    assert line == "| Set the product vision | N — no part (stated) · stated | not stated |"
    assert "Not stated: the sources say nothing about the role's part." in text
