"""The API's matrix is bounded like the page: one page of rows × one page of role columns,
the same size and the same queries at 5× the data; the whole-map CSV streams in chunks of a
fixed size, three queries each, and its cells are the same as a built matrix's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import csv_rows
from roles.exports import matrix_csv
from roles.matrix import WINDOW_COLUMNS, build_matrix
from roles.models import RoleMap
from tests.stream_memory import steady_interpreter, stream_peak
from tests.world_scale import build_dataset

# Count what each request itself costs (no answer from the data version's cache).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, body[:300]
    return body, len(ctx.captured_queries)


def test_json_pages_stay_the_same_size_at_five_times_the_data(api_client, reference_map):
    """GIVEN 60 responsibilities and 40 roles, then 5 times as many of each
    WHEN the first page of the matrix is read
    THEN it has 50 rows and 12 role columns both times, about the same size, the same
    queries, and says how many rows and roles the whole matrix has."""
    build_dataset(10)
    small, small_queries = _get(api_client, "/api/v1/matrix/")
    build_dataset(40, prefix="x")
    large, large_queries = _get(api_client, "/api/v1/matrix/")
    assert large_queries == small_queries
    assert abs(len(large) - len(small)) <= len(small) * 0.1, (len(small), len(large))
    body = api_client.get("/api/v1/matrix/").json()
    assert (body["count"], body["role_count"]) == (300, 200)
    assert len(body["rows"]) == 50 and len(body["roles"]) == WINDOW_COLUMNS
    assert all(len(row["cells"]) == WINDOW_COLUMNS for row in body["rows"])
    assert (body["pages"], body["col_pages"]) == (6, 17)
    last = api_client.get("/api/v1/matrix/?page=6&cols=17").json()
    assert len(last["rows"]) == 50 and len(last["roles"]) == 200 - 16 * WINDOW_COLUMNS
    assert last["next"] is None and last["next_cols"] is None


def test_the_csv_streams_in_chunks_of_a_fixed_size(api_client, reference_map, monkeypatch):
    """GIVEN 60 responsibilities and chunks of 25
    WHEN the whole matrix is downloaded as CSV
    THEN it arrives in 1 + 3 pieces (header, then 25, 25, 10 rows), three queries a chunk,
    and says the same as the matrix built whole."""
    monkeypatch.setattr(csv_rows, "MATRIX_CHUNK", 25)
    build_dataset(10)
    response = api_client.get("/api/v1/matrix/?format=csv")
    with CaptureQueriesContext(connection) as ctx:
        pieces = [piece.decode() for piece in response.streaming_content]
    assert [piece.count("\n") for piece in pieces] == [1, 25, 25, 10]
    # roles, the disputed responsibilities, ids; then (rows, parts, their quotes) per chunk
    assert len(ctx.captured_queries) == 3 + 3 * 3
    assert "".join(pieces) == matrix_csv(build_matrix())


def test_one_matrix_csv_format(reference_map):
    """The streamed writer (pages, API) and the built matrix's say the same, cell for cell."""
    build_dataset(3)
    role_map = RoleMap.objects.resolve()
    assert "".join(csv_rows.matrix_csv_stream(role_map)) == matrix_csv(build_matrix())


def _streamed_peak(role_map) -> tuple[int, int]:
    """Bytes of the whole streamed CSV, and the most memory Python held while it streamed."""
    with steady_interpreter():
        for _ in csv_rows.matrix_csv_stream(role_map):
            pass  # once before: Django's own first-use caches are not the stream's
        return stream_peak(csv_rows.matrix_csv_stream(role_map))


def test_the_csv_holds_one_chunk_of_cells_whatever_the_map_size(reference_map, monkeypatch):
    """GIVEN chunks of at most 600 cells (rows × roles)
    WHEN the whole matrix streams at 60 responsibilities × 40 roles, then at 300 × 200
    THEN the body grows about 25 times, the memory held while it streams does not grow with
    it: fewer rows a chunk where there are more roles, and no chunk's text kept. (What does
    grow is a few bytes per role and per row id, the header and the ids' list: the peak at
    the large map is 1.6–1.8 times the small one's, where holding the body would make it
    about 5 times.)"""
    monkeypatch.setattr(csv_rows, "MATRIX_CHUNK_CELLS", 600)
    build_dataset(10)
    role_map = RoleMap.objects.resolve()
    small_size, small_peak = _streamed_peak(role_map)
    build_dataset(40, prefix="x")
    large_size, large_peak = _streamed_peak(role_map)
    assert large_size > 10 * small_size
    assert large_peak < 3 * small_peak, (small_peak, large_peak)
    assert large_peak < large_size, (large_peak, large_size)
