"""The "which role is mine?" finder: choosing by area or search, linked results, bad input."""

import pytest

from tests.factories import AreaFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

BOTH = "/finder/?find=1&responsibilities=product-backlog&responsibilities=customer-research"


def _results(html: str) -> str:
    return html.split('<ol class="finder-results">', 1)[1].split("</ol>", 1)[0]


def test_form_offers_one_area_at_a_time_without_shared_qualities(client, sample):
    html = client.get("/finder/").content.decode()
    assert '<option value="strategy" selected>Strategy and vision</option>' in html
    assert "<legend>Strategy and vision</legend>" in html
    assert 'name="responsibilities" value="customer-research"' in html
    assert 'value="product-backlog"' not in html  # another area: not offered yet
    assert 'value="customer-focus"' not in html  # a shared quality, not work
    assert "finder-results" not in html
    html = client.get("/finder/?area=delivery&pick=area").content.decode()
    assert 'name="responsibilities" value="product-backlog"' in html
    assert 'value="customer-research"' not in html


def test_form_offers_search_matches(client, sample):
    html = client.get("/finder/?fq=backlog&pick=search").content.decode()
    assert "<legend>Matching “backlog”</legend>" in html
    assert 'value="product-backlog"' in html
    # "Delivery and backlog" is only the area name of these: ranked, still offered.
    assert 'value="customer-research"' not in html
    html = client.get("/finder/?fq=backlog&area=strategy&pick=area").content.decode()
    assert "<legend>Strategy and vision</legend>" in html  # the area button wins


def test_ticked_ones_are_kept_apart_and_stay_ticked(client, sample):
    url = "/finder/?area=strategy&responsibilities=product-backlog"
    html = client.get(url).content.decode()
    assert 'value="product-backlog" id="t-product-backlog" checked' in html
    assert "Your choices (1 of at most 100" in html
    assert "finder-results" not in html  # no find=1: keep choosing


def test_the_offer_is_bounded(client, sample):
    from roles.finder import LIST_LIMIT

    area = AreaFactory(slug="big", name="Big area")
    ResponsibilityFactory.create_batch(LIST_LIMIT + 2, area=area)
    html = client.get("/finder/?area=big").content.decode()
    assert html.count('name="responsibilities"') == LIST_LIMIT
    assert f"Showing the first {LIST_LIMIT}" in html


def test_results_rank_roles_with_linked_reasons_and_a_comparison(client, sample):
    html = client.get(BOTH).content.decode()
    results = _results(html)
    assert 'Your best match: <a href="/roles/product-owner/">Product Owner</a>' in html
    assert results.index("Product Owner") < results.index("Product Manager")
    assert "100% match" in results
    po = results.split("</li>", 1)[0]
    assert (
        '<a href="/responsibilities/product-backlog/">Order the product backlog</a> '
        '<span class="muted">(Accountable)</span>'
    ) in po
    pm = results.split("Product Manager</a>", 1)[1].split("</li>", 1)[0]
    # A part in both (research R, backlog C): 100%, after the PO, whose parts are stronger.
    assert "100% match" in pm and "A part in 2 of the 2 you ticked." in pm
    assert (
        'It also holds, and you did not tick:</strong> <a href="/responsibilities/product-vision/">'
    ) in pm
    # The project manager has no part in either: folded away with the other 0% roles.
    assert "Project Manager" not in results
    folded = html.split('<details class="no-part-roles">', 1)[1].split("</details>", 1)[0]
    assert "2 roles with no part in what you ticked (0%)" in folded
    prj = folded.split("Project Manager</a>", 1)[1].split("</li>", 1)[0]
    assert (
        "Not stated in the sources for this role:</strong> "
        '<a href="/responsibilities/product-backlog/">'
        "Order the product backlog</a>"
    ) in prj
    # Only roles that do some of the ticked work are offered for comparison.
    assert 'href="/compare/?roles=product-owner,product-manager">Compare the top 2 matches' in html
    assert 'value="product-backlog" id="t-product-backlog" checked' in html


def test_accepts_a_comma_list(client, sample):
    html = client.get("/finder/?find=1&responsibilities=project-schedule").content.decode()
    assert "Your best match: <a" in html and "Project Manager</a></h2>" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?find=1", "Tick at least one responsibility."),
        ("?find=1&responsibilities=juggling", "Unknown responsibility: juggling."),
        ("?area=nowhere", "Unknown area “nowhere”"),
        ("?find=1&responsibilities=" + ",".join(f"r{i}" for i in range(101)), "at most 100"),
    ],
)
def test_bad_input_is_a_400_with_the_form(client, sample, query, message):
    response = client.get("/finder/" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert 'name="responsibilities" value="customer-research"' in html


def test_an_unknown_slug_keeps_the_good_ones(client, sample):
    html = client.get("/finder/?find=1&responsibilities=juggling,product-backlog").content.decode()
    assert 'value="product-backlog" id="t-product-backlog" checked' in html


def test_a_role_with_a_part_in_everything_ticked_reads_100_percent(client, sample):
    """GIVEN the product owner's own three parts in the sample (the backlog A, customer
    research R, the vision C) WHEN they are ticked THEN the PO reads 100% (a Consulted part
    is a part: the old weighting read 83%), the page says how the match is made, and the
    roles with no part are folded under one control."""
    url = (
        "/finder/?find=1&responsibilities=product-backlog"
        "&responsibilities=customer-research&responsibilities=product-vision"
    )
    html = client.get(url).content.decode()
    results = _results(html)
    po = results.split("Product Owner</a>", 1)[1].split("</li>", 1)[0]
    assert '<span class="score">100% match</span>' in po
    assert "A part in 3 of the 3 you ticked." in po
    how = html.split('id="how-scored">', 1)[1].split("</p>", 1)[0]
    assert "A role with a part in everything you ticked reads 100%." in how
    assert "Consulted" in how and "share of the work you ticked" in how
    assert '<details class="no-part-roles">' in html
    assert '<details class="no-part-roles" open' not in html


def test_offered_responsibilities_say_who_holds_them(client, sample):
    html = client.get("/finder/?fq=backlog&pick=search").content.decode()
    item = html.split('id="r-product-backlog"', 1)[1].split("</li>", 1)[0]
    assert '<span class="visually-hidden">Product Owner: Accountable</span>' in item
    assert '<span class="visually-hidden">Product Manager: Consulted</span>' in item
