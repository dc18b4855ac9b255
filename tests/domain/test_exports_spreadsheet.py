"""The comparison and matrix CSVs for spreadsheet users: a kind column, plain-word status, the
disputed flag, and each role's basis, rationale and quotes with their citations."""

import csv
import io

import pytest

from responsibilities.models import Assignment
from roles.comparison import compare_slugs
from roles.exports import BOM, comparison_csv, matrix_csv
from roles.matrix import build_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes", "evidence")]


def _rows(text):
    return {row["responsibility"]: row for row in csv.DictReader(io.StringIO(text))}


def test_comparison_csv_carries_evidence_per_role(sample):
    """GIVEN the sample (the PM owns the vision, stated, on a quote; a dispute on the vision
    between the PM and the PO) WHEN the PM–PO comparison is downloaded THEN its row says so in
    words a spreadsheet user reads, with the quote and its citation."""
    rows = _rows(comparison_csv(compare_slugs("product-manager,product-owner")))
    vision = rows["Set the product vision"]
    assert vision["kind"] == "responsibility"
    assert vision["status"] == "one role holds it"
    assert vision["disputed"] == "yes"
    assert vision["Product Manager"] == "A"
    part = Assignment.objects.get(
        role__slug="product-manager", responsibility__slug="product-vision"
    )
    assert vision["Product Manager basis"] == part.basis
    assert vision["Product Manager rationale"] == part.rationale
    assert vision["Product Manager quotes"] == (
        "“The product manager owns the product vision.” — Jane Doe, “Product manager vs "
        "product owner”, Example Press. https://example.org/pm-vs-po"
    )
    assert vision["Product Owner quotes"] == ""
    assert rows["Understand customer needs"]["status"] == "shared: two or more roles hold it"
    assert rows["Understand customer needs"]["disputed"] == "no"
    assert rows["Customer focus"]["kind"] == "shared quality"
    assert "quote ids" not in vision


def test_matrix_csv_has_the_same_columns_for_every_role(sample):
    text = matrix_csv(build_matrix())
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["area", "responsibility", "kind"]
    assert header[7:9] == ["warnings", "disputed"]
    assert header[-1] == "Product Marketing Manager quotes"
    rows = _rows(text)
    assert rows["Set the product vision"]["disputed"] == "yes"
    assert rows["Customer focus"]["kind"] == "shared quality"


def test_the_bom_is_the_utf8_byte_order_mark():
    assert BOM.encode("utf-8") == b"\xef\xbb\xbf"
