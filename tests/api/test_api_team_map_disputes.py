"""The API's disputes and a comparison's stated contrasts name the roles and responsibilities
the requested map sees: never another map's own ones (an editor may name a team map's own
role in a dispute or a contrast of the shared evidence)."""

import pytest

pytestmark = pytest.mark.django_db

ACME = ("scrum-master", "run-ceremonies")
GLOBEX = ("eng-manager", "grow-engineers")


@pytest.mark.parametrize(
    ("query", "roles", "responsibilities", "hidden"),
    [
        ("", ["product-manager"], ["product-vision"], ACME + GLOBEX),
        (
            "?map=acme",
            ["product-manager", "scrum-master"],
            ["product-vision", "run-ceremonies"],
            GLOBEX,
        ),
        (
            "?map=globex",
            ["eng-manager", "product-manager"],
            ["grow-engineers", "product-vision"],
            ACME,
        ),
    ],
)
@pytest.mark.parametrize("detail", [False, True])
def test_a_dispute_names_what_the_requested_map_sees(
    api_client, own_dispute, detail, query, roles, responsibilities, hidden
):
    """GIVEN a dispute between the PM and both team maps' own roles WHEN the API lists it or
    reads it for no map, acme or globex THEN it names that map's own role and work only,
    in its roles, its responsibilities and its positions."""
    url = "/api/v1/disputes/who-runs-the-team/" if detail else "/api/v1/disputes/"
    response = api_client.get(f"{url}{query}")
    assert response.status_code == 200
    body = response.json()
    dispute = body if detail else body["results"][0]
    assert dispute["slug"] == "who-runs-the-team"
    assert sorted(dispute["roles"]) == roles
    assert sorted(dispute["responsibilities"]) == responsibilities
    [position] = dispute["positions"]
    assert position["roles"] == [slug for slug in roles if slug != "product-manager"]
    for slug in hidden:
        assert slug not in response.content.decode()


def test_a_disputes_read_refuses_an_unknown_map(api_client, own_dispute):
    for url in ("/api/v1/disputes/?map=nope", "/api/v1/disputes/who-runs-the-team/?map=nope"):
        response = api_client.get(url)
        assert response.status_code == 400, url
        assert "nope" in response.content.decode()


def test_a_comparisons_contrasts_name_only_the_maps_roles(api_client, own_contrast):
    """GIVEN a contrast between the PM and both team maps' own roles WHEN acme compares the
    PM with its own role THEN the contrast names the two, never globex's role."""
    response = api_client.get("/api/v1/compare/?roles=product-manager,scrum-master&map=acme")
    assert response.status_code == 200
    [contrast] = response.json()["contrasts"]
    assert contrast["slug"] == "who-leads"
    assert sorted(contrast["roles"]) == ["product-manager", "scrum-master"]
    assert "eng-manager" not in response.content.decode()
