"""Compare, matrix and finder over the API: same results as the computations, all formats."""

import csv
import io

import pytest

from roles.comparison import compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.finder import find_roles
from roles.matrix import build_matrix
from tests.factories import RoleMapFactory

pytestmark = pytest.mark.django_db

PAIR = "product-manager,product-owner"


@pytest.fixture
def data(dataset):
    return dataset


def test_compare_json_matches_the_computation(api_client, data):
    body = api_client.get(f"/api/v1/compare/?roles={PAIR}").json()
    expected = compare_slugs(PAIR)
    assert [r["slug"] for r in body["roles"]] == ["product-manager", "product-owner"]
    assert body["overlap"] == pytest.approx(expected.overlap)
    assert (body["shared_count"], body["union_count"]) == (
        expected.shared_count,
        expected.union_count,
    )
    assert [(c["held"], c["unique"]) for c in body["counts"]] == [
        (s.held, s.unique) for s in expected.summaries
    ]
    rows = {row["responsibility"]: row for row in body["rows"]}
    # d-resp-0: PM is Accountable, PO Responsible: both hold it, so it is shared.
    assert [c["level"] for c in rows["d-resp-0"]["cells"]] == ["A", "R"]
    assert rows["d-resp-0"]["shared"] and rows["d-resp-0"]["status"] == "shared"
    assert all(len(c["quotes"]) == 1 for c in rows["d-resp-0"]["cells"])
    horizon = next(a for a in body["attributes"] if a["name"] == "horizon")
    assert horizon["values"] == ["Long-term", "Short- to mid-term"] and horizon["differs"]
    assert [c["roles"] for c in body["contrasts"]] == [["product-manager", "product-owner"]]


def test_compare_keeps_url_order_and_accepts_four_roles(api_client, data):
    four = "project-manager,product-owner,product-manager,product-marketing-manager"
    body = api_client.get(f"/api/v1/compare/?roles={four}").json()
    assert [r["slug"] for r in body["roles"]] == four.split(",")
    assert len(body["pairwise"]) == 6


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Choose at least 2 roles"),
        ("?roles=product-manager", "Choose at least 2 roles"),
        ("?roles=a,b,c,d,e", "Choose at most 4 roles"),
        ("?roles=product-manager,product-manager", "only once"),
        ("?roles=product-manager,ghost", "Unknown role: ghost"),
    ],
)
def test_compare_errors_are_json_400s(api_client, data, query, message):
    response = api_client.get(f"/api/v1/compare/{query}")
    assert response.status_code == 400
    assert message in response.json()["roles"][0]
    as_csv = api_client.get(f"/api/v1/compare/{query}", HTTP_ACCEPT="text/csv")
    assert as_csv.status_code == 400 and as_csv["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "how, media_type",
    [
        ({"format": "csv"}, "text/csv"),
        ({"accept": "text/csv"}, "text/csv"),
        ({"format": "md"}, "text/markdown"),
        ({"accept": "text/markdown"}, "text/markdown"),
    ],
)
def test_compare_as_csv_or_markdown(api_client, data, how, media_type):
    url = f"/api/v1/compare/?roles={PAIR}"
    if "format" in how:
        response = api_client.get(f"{url}&format={how['format']}")
    else:
        response = api_client.get(url, HTTP_ACCEPT=how["accept"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)
    export = comparison_csv if media_type == "text/csv" else comparison_markdown
    assert response.content.decode() == export(compare_slugs(PAIR))


def test_matrix_json_has_every_cell_and_the_warnings(api_client, data):
    body = api_client.get("/api/v1/matrix/").json()
    matrix = build_matrix()
    assert len(body["rows"]) == len(matrix.rows) == body["count"] == 6
    assert [r["slug"] for r in body["roles"]] == [r.slug for r in matrix.roles]
    assert all(len(row["cells"]) == 4 for row in body["rows"])
    rows = {row["responsibility"]: row for row in body["rows"]}
    assert rows["d-resp-0"]["accountable"] == "product-manager" and not rows["d-resp-0"]["warnings"]
    assert rows["d-resp-4"]["warnings"] == ["Responsible without Accountable"]
    assert body["warning_count"] == matrix.warning_count == 1
    assert (body["page"], body["pages"], body["cols"], body["col_pages"]) == (1, 1, 1, 1)
    assert body["next"] is None and body["next_cols"] is None


def test_matrix_pages_rows_and_columns_with_links(api_client, data):
    """GIVEN a matrix of 6 responsibilities
    WHEN it is read 4 rows a page
    THEN the pages follow each other through `next` and `previous`, every row once, in the
    whole matrix's order, and the warnings read the whole map."""
    whole = build_matrix()
    first = api_client.get("/api/v1/matrix/?page_size=4").json()
    assert (first["page"], first["pages"], len(first["rows"])) == (1, 2, 4)
    assert first["previous"] is None and "page=2" in first["next"]
    second = api_client.get(first["next"]).json()
    assert second["page"] == 2 and len(second["rows"]) == 2 and second["page_size"] == 4
    assert second["next"] is None and api_client.get(second["previous"]).json() == first
    seen = [row["responsibility"] for row in first["rows"] + second["rows"]]
    assert seen == [row.responsibility.slug for row in whole.rows]
    warned = {r["responsibility"]: r["warnings"] for r in first["rows"] + second["rows"]}
    assert warned == {row.responsibility.slug: row.warnings for row in whole.rows}


@pytest.mark.parametrize(
    "query", ["page=0", "page=3", "page=x", "page_size=0", "page_size=101", "cols=2", "cols=-1"]
)
def test_matrix_page_numbers_out_of_range_are_a_400(api_client, data, query):
    response = api_client.get(f"/api/v1/matrix/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_matrix_csv_and_no_markdown(api_client, data):
    response = api_client.get("/api/v1/matrix/", HTTP_ACCEPT="text/csv")
    assert response.streaming  # built in chunks as it is sent, never whole in memory
    text = b"".join(response.streaming_content).decode()
    assert text == matrix_csv(build_matrix())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["area", "responsibility", "kind"]
    assert api_client.get("/api/v1/matrix/", HTTP_ACCEPT="text/markdown").status_code == 406


def test_matrix_of_another_map_and_unknown_map(api_client, data):
    RoleMapFactory(slug="empty")
    body = api_client.get("/api/v1/matrix/?map=empty").json()
    assert body["map"] == "empty"
    assert all(c["level"] is None for row in body["rows"] for c in row["cells"])
    response = api_client.get("/api/v1/matrix/?map=missing")
    assert response.status_code == 400 and "map" in response.json()


def test_finder_get_and_post_rank_roles_with_reasons(api_client, data):
    by_get = api_client.get("/api/v1/finder/?responsibilities=d-resp-0,d-resp-1").json()
    by_post = api_client.post(
        "/api/v1/finder/", {"responsibilities": ["d-resp-0", "d-resp-1"]}, format="json"
    ).json()
    assert by_get == by_post
    expected = find_roles(["d-resp-0", "d-resp-1"])
    assert [r["role"]["slug"] for r in by_get["results"]] == [r.role.slug for r in expected]
    top = by_get["results"][0]
    # PO: Responsible for d-resp-0 and Accountable for d-resp-1; PM only has d-resp-0.
    assert top["role"]["slug"] == "product-owner" and top["score"] == 1.0
    assert "Accountable for d responsibility 1" in top["reasons"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"responsibilities": []}, "responsibilities"),
        ({"responsibilities": ["nope"]}, "responsibilities"),
        ({"responsibilities": "d-resp-0"}, "responsibilities"),
        ({}, "responsibilities"),
    ],
)
def test_finder_bad_input_is_a_400(api_client, data, body, field):
    response = api_client.post("/api/v1/finder/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
