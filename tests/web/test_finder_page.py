"""The "which role is mine?" finder: the form, ranked results with reasons, bad input."""

import pytest

from tests.web.pages_data import build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample()


def test_finder_form_lists_responsibilities_by_area_without_shared_qualities(client, sample):
    response = client.get("/finder/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend>Strategy and vision</legend>" in html
    assert 'name="responsibilities" value="product-backlog"' in html
    assert 'value="customer-focus"' not in html
    assert "finder-results" not in html


def test_finder_ranks_roles_with_what_matched_and_what_is_missing(client, sample):
    url = "/finder/?find=1&responsibilities=product-backlog&responsibilities=customer-research"
    html = client.get(url).content.decode()
    results = html.split('<ol class="finder-results">', 1)[1].split("</ol>", 1)[0]
    assert "Your best match: Product Owner" in html
    assert results.index("Product Owner") < results.index("Product Manager")
    assert "100% match" in results
    po = results.split("</li>", 1)[0]
    assert 'Order the product backlog <span class="muted">(Accountable)</span>' in po
    pm = results.split("Product Manager</a>", 1)[1].split("</li>", 1)[0]
    assert "75% match" in pm  # research R (1) + backlog C (0.5), over 2
    assert "It also holds, and you did not tick:</strong> Set the product vision" in pm
    prj = results.split("Project Manager</a>", 1)[1].split("</li>", 1)[0]
    assert "Not part of this role:</strong> Order the product backlog, Understand customer" in prj
    assert 'value="product-backlog" id="r-product-backlog" checked' in html


def test_finder_accepts_a_comma_list(client, sample):
    html = client.get("/finder/?responsibilities=project-schedule").content.decode()
    assert "Your best match: Project Manager" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?find=1", "Tick at least one responsibility."),
        ("?find=1&responsibilities=juggling", "Unknown responsibility: juggling."),
    ],
)
def test_finder_bad_input_is_a_400_with_the_form(client, sample, query, message):
    response = client.get("/finder/" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert 'name="responsibilities" value="product-backlog"' in html
