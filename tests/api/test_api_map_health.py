"""GET /api/v1/maps/{slug}/health/ and /export.xlsx, as the schema documents them."""

import io

import openpyxl
import pytest

from tests.health_world import EXPECTED_REFERENCE, build_health_map

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

URL = "/api/v1/maps/health-check/health/"


@pytest.fixture(autouse=True)
def world(settings):
    settings.PMROLES_HEALTH_MAX_A_SHARE, settings.PMROLES_HEALTH_MIN_QUOTES = 40, 3
    return build_health_map()


def test_health_lists_the_known_findings(api_client):
    body = api_client.get(URL).json()
    assert body["map"] == {"slug": "health-check", "name": "Health check map", "kind": "reference"}
    assert body["thresholds"] == {"max_a_share": 40, "min_quotes": 3}
    assert body["counts"] == {"error": 0, "warning": 6, "note": 4}
    assert body["has_errors"] is False
    assert (body["responsibilities"], body["roles"], body["parts"]) == (8, 4, 10)
    assert [(k["kind"], k["count"]) for k in body["by_kind"]][:2] == [
        ("no-accountable", 3),
        ("nobody-does-the-work", 1),
    ]
    found = [
        (f["kind"], f["severity"], [r["slug"] for r in f["rows"]], [r["slug"] for r in f["roles"]])
        for f in body["findings"]
    ]
    assert found == EXPECTED_REFERENCE
    assert body["findings"][2]["rows"] == [
        {"slug": "review-it", "name": "Review it", "area": "Work"}
    ]
    assert (body["count"], body["page"], body["num_pages"], body["page_size"]) == (10, 1, 1, 100)


def test_thresholds_and_kind_from_the_query(api_client):
    body = api_client.get(URL, {"max_a_share": "90", "kind": "thin-evidence"}).json()
    assert body["thresholds"]["max_a_share"] == 90
    assert body["counts"]["warning"] == 5  # Lead's 80% is no longer reported
    assert [f["roles"][0]["slug"] for f in body["findings"]] == ["builder", "advisor"]
    assert body["count"] == 2


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"max_a_share": "x"}, "max_a_share", "max_a_share must be a whole number from 1 to 100."),
        ({"min_quotes": "-1"}, "min_quotes", "min_quotes must be a whole number from 0 to 1000."),
        ({"page": "2"}, "page", "There are 1 page(s) of findings."),
        ({"kind": "nope"}, "kind", None),
    ],
)
def test_bad_parameters_are_a_400_with_a_sentence(api_client, params, field, message):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    if message:
        assert response.json()[field] == [message]
    else:
        assert response.json()[field][0].startswith("Unknown kind “nope”; use one of: ")


def test_an_unknown_map_is_a_404(api_client):
    response = api_client.get("/api/v1/maps/nope/health/")
    assert response.status_code == 404
    assert "There is no role map “nope”" in response.json()["detail"]


def test_health_costs_the_same_queries_small_and_large(
    api_client, world, django_assert_num_queries
):
    """Map (1), the health computation (5: roles, rows, parts, the tally per role, a sample
    of each role's evidence; was 4, with one join counting parts and evidence together);
    the same whatever the map's size."""
    from tests.factories import AssignmentFactory, ResponsibilityFactory, RoleFactory

    with django_assert_num_queries(6):
        api_client.get(URL)
    for i in range(30):
        AssignmentFactory(
            role_map=world.role_map,
            role=RoleFactory(),
            responsibility=ResponsibilityFactory(area=world.rows["hire"].area, order=50 + i),
            level="A",
        )
    with django_assert_num_queries(6):
        assert api_client.get(URL).json()["responsibilities"] == 38


def test_export_xlsx_is_the_map_workbook(api_client):
    response = api_client.get("/api/v1/maps/health-check/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="health-check.xlsx"' in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Matrix", "Evidence", "Health", "Legend", "About"]
    assert len(list(wb["Health"].iter_rows())) == 11
    about = dict(wb["About"].iter_rows(values_only=True))
    assert about["Address"] == "http://testserver/api/v1/maps/health-check/export.xlsx"


def test_export_of_an_unknown_map_is_a_404(api_client):
    assert api_client.get("/api/v1/maps/nope/export.xlsx").status_code == 404
