"""The matrix page's plain grid (`cells=letters`): role letters only, as CSV and as a
workbook, offered beside the evidence downloads; a `cells` the page does not know is a 400
that says what to send; the memory and queries of the download do not grow with the map."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import letters
from roles.xlsx import LEVEL_FILLS
from tests.stream_memory import steady_interpreter, stream_peak
from tests.world_scale import build_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

NAMES = ["Product Manager", "Product Owner", "Project Manager", "Product Marketing Manager"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _body(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    return b"".join(response.streaming_content)


def test_the_plain_grid_as_csv_is_one_row_per_responsibility_one_column_per_role(client, sample):
    response = client.get("/matrix/?format=csv&cells=letters")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="raci-matrix-letters.csv"'
    rows = list(csv.reader(io.StringIO(_body(response).decode())))
    assert rows[0] == ["area", "responsibility", "kind", *NAMES]
    assert len(rows) == 1 + 7  # six responsibilities and the shared quality
    vision = next(row for row in rows if row[1] == "Set the product vision")
    assert vision == ["Strategy and vision", "Set the product vision", "responsibility"] + [
        "A",
        "C",
        "",
        "",
    ]
    evidence = list(csv.reader(io.StringIO(_body(client.get("/matrix/?format=csv")).decode())))
    assert rows == [row[: 3 + len(NAMES)] for row in evidence]


def test_bom_1_starts_the_plain_grid_with_a_byte_order_mark(client, sample):
    body = _body(client.get("/matrix/?format=csv&cells=letters&bom=1"))
    assert body.startswith(b"\xef\xbb\xbfarea,responsibility,kind,Product Manager,")


def test_cells_evidence_is_the_evidence_download(client, sample):
    assert _body(client.get("/matrix/?format=csv&cells=evidence")) == _body(
        client.get("/matrix/?format=csv")
    )


def test_the_plain_grid_as_xlsx_is_the_matrix_sheet_with_letters_only(client, sample):
    response = client.get("/matrix/?format=xlsx&cells=letters")
    assert response["Content-Type"] == XLSX
    assert 'filename="raci-matrix-reference-letters.xlsx"' in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(_body(response)))
    assert wb.sheetnames == ["Matrix", "Legend", "About"]
    ws = wb["Matrix"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Responsibility", "Area", "Kind", *NAMES)
    assert len(rows) == 1 + 7
    assert rows[3] == ("Set the product vision", "Strategy and vision", "responsibility") + (
        "A",
        "C",
        None,
        None,
    )
    # As the evidence workbook's Matrix sheet: frozen, filtered, the letters' list, the fills.
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:G8"
    (validation,) = ws.data_validations.dataValidation
    assert (validation.formula1, str(validation.sqref)) == ('"A,R,C,I,N"', "D2:G8")
    assert ws["D4"].fill.fgColor.rgb == LEVEL_FILLS["A"]
    assert (ws["D4"].font.b, ws["D4"].font.i) == (False, False)  # no basis read, none shown
    about = dict(wb["About"].iter_rows(values_only=True))
    assert about["Address"] == "http://testserver/matrix/?format=xlsx&cells=letters"
    assert about["Cells"].startswith("Role letters only")
    evidence = openpyxl.load_workbook(io.BytesIO(_body(client.get("/matrix/?format=xlsx"))))
    assert list(evidence["Matrix"].iter_rows(values_only=True)) == rows


@pytest.mark.parametrize("query", ["", "?format=csv", "?format=xlsx", "?format=csv&bom=1"])
def test_an_unknown_cells_value_is_a_400_that_says_what_to_send(client, sample, query):
    url = "/matrix/" + query + ("&" if query else "?") + "cells=plain"
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "cells &ldquo;plain&rdquo; must be letters (each role&#x27;s letter only" in html or (
        "cells “plain” must be letters (each role&#x27;s letter only" in html
    ), html[:3000]


def test_the_page_offers_the_plain_grid_in_plain_words(client, sample):
    html = client.get("/matrix/?map=reference").content.decode()
    assert (
        '<a href="?format=csv&amp;cells=letters&amp;map=reference">'
        "Download the plain grid as CSV</a>"
    ) in html
    assert '<a href="?format=xlsx&amp;cells=letters&amp;map=reference">' in html
    assert "one row per responsibility, one column per role, each cell the role" in html
    default = client.get("/matrix/").content.decode()
    assert '<a href="?format=csv&amp;cells=letters">' in default


def _download(client) -> tuple[int, int, int]:
    """Queries, bytes and the most memory Python held while the page's plain grid streamed."""
    with steady_interpreter():
        client.get("/matrix/?format=csv&cells=letters")  # Django's first-use caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/matrix/?format=csv&cells=letters")
            size, peak = stream_peak(response.streaming_content)
    return len(ctx.captured_queries), size, peak


def test_the_pages_plain_grid_costs_the_same_queries_and_memory_at_25_times_the_cells(
    client, reference_map, monkeypatch
):
    """GIVEN at most 1,200 cells read and written at a time
    WHEN the page's plain grid is downloaded at 60 responsibilities × 40 roles, then at
    300 × 200
    THEN the same queries, a body about 25 times larger, and no more memory held."""
    monkeypatch.setattr(letters, "GRID_CELLS", 1_200)
    build_dataset(10)
    small_queries, small_size, small_peak = _download(client)
    build_dataset(40, prefix="x")
    large_queries, large_size, large_peak = _download(client)
    assert large_queries == small_queries
    assert large_size > 10 * small_size
    assert large_peak < 2 * small_peak, (small_peak, large_peak)
