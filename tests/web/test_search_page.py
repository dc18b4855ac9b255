"""The /search/ page: grouped results with marked words, comparisons, notes, bad input."""

import re

import pytest

from tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db


def test_results_are_grouped_and_matched_words_marked(client, sample):
    html = client.get("/search/?q=backlog").content.decode()
    assert '<h2 id="responsibilities-heading">Responsibilities</h2>' in html
    assert (
        'href="/responsibilities/product-backlog/">Order the product <mark>backlog</mark></a>'
        in (html)
    )
    assert "The Product Owner is accountable for the Product <mark>Backlog</mark>." in html
    assert 'value="backlog"' in html
    # The two that only sit in "Delivery and backlog" come apart, after the real matches.
    area = html.split('id="area-matches-heading"', 1)[1]
    assert "Plan the project schedule" in area and "Read the status reports" in area
    assert html.index("Order the product") < html.index('id="area-matches-heading"')


def test_spelling_variants_find_and_mark(client, sample):
    ResponsibilityFactory(slug="prio", name="Prioritise what to build first")
    html = client.get("/search/?q=prioritization").content.decode()
    assert '<a href="/responsibilities/prio/"><mark>Prioritise</mark> what to build first</a>' in (
        html
    )


def test_questions_say_which_words_were_searched(client, sample):
    ResponsibilityFactory(slug="roadmap", name="Define the product strategy and roadmap")
    html = client.get("/search/?q=who+owns+the+roadmap").content.decode()
    assert "words searched: roadmap; left out: who, owns, the" in html
    assert 'href="/responsibilities/roadmap/"' in html


def test_scrum_master_is_explained(client, sample):
    html = client.get("/search/?q=scrum+master").content.decode()
    assert 'role="note"' in html and "Scrum Master is not one of the roles mapped here" in html
    assert "Nothing matches" in html


@pytest.mark.parametrize(
    ("q", "roles"),
    [
        ("pm vs po", "product-manager%2Cproduct-owner"),
        ("product owner vs project manager", "product-owner%2Cproject-manager"),
        ("pmm vs pm", "product-marketing-manager%2Cproduct-manager"),
    ],
)
def test_comparison_queries_redirect_to_the_comparison(client, sample, q, roles):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 302
    assert response["Location"] == f"/compare/?roles={roles}"


def test_comparison_redirect_keeps_the_map(client, sample):
    response = client.get("/search/", {"q": "pm vs po", "map": "reference"})
    assert response["Location"] == "/compare/?roles=product-manager%2Cproduct-owner&map=reference"


def test_without_a_query_shows_the_form(client, sample):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()


def test_says_when_nothing_matches(client, sample):
    html = client.get("/search/?q=xylophone").content.decode()
    assert "0 results for “xylophone”" in html
    assert "Nothing matches." in html
    html = client.get("/search/?q=the+of").content.decode()
    assert "every word you typed is too common to search for" in html


@pytest.mark.parametrize("q", ["", "%20%20", "x" * 300])
def test_bad_input_is_a_400(client, sample, q):
    response = client.get(f"/search/?q={q}")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html


def test_unknown_map_is_a_400(client, sample):
    response = client.get("/search/?q=backlog&map=nope")
    assert response.status_code == 400
    assert "Unknown map “nope”" in response.content.decode()


def test_escapes_the_query_and_the_data(client, sample):
    ResponsibilityFactory(slug="xss", name="Plan <script>alert(2)</script> launches")
    html = client.get("/search/?q=<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get("/search/?q=launches").content.decode()
    assert "<script>alert(2)" not in html
    assert "Plan &lt;script&gt;alert(2)&lt;/script&gt; <mark>launches</mark>" in html


def _holders(html, slug):
    """(what a sighted reader sees, what a screen reader hears) for each holder of a result."""
    item = html.split(f'href="/responsibilities/{slug}/', 1)[1].split("</li>", 1)[0]
    seen = [
        re.sub(r"<[^>]+>", "", m)
        for m in re.findall(r'<span aria-hidden="true">(.*?</span>)', item)
    ]
    heard = re.findall(r'<span class="visually-hidden">([^<]*)</span>', item)
    return list(zip(seen, heard, strict=True))


def test_results_say_who_holds_each_responsibility_and_at_what_level(client, sample):
    """GIVEN the sample's backlog (PO Accountable, PM Consulted) and status reports (PrM
    Responsible, PM and PO Informed) WHEN "backlog" is searched THEN each result names its
    holders, the strongest first, as "PO: A" with the full words for screen readers."""
    html = client.get("/search/?q=backlog").content.decode()
    assert _holders(html, "product-backlog") == [
        ("PO: A", "Product Owner: Accountable"),
        ("PM: C", "Product Manager: Consulted"),
    ]
    # Area matches carry them too: the status reports, the strongest part first.
    assert _holders(html, "status-reports") == [
        ("PrM: R", "Project Manager: Responsible"),
        ("PM: I", "Product Manager: Informed"),
        ("PO: I", "Product Owner: Informed"),
    ]


def test_a_responsibility_nobody_holds_says_so(client, sample):
    ResponsibilityFactory(slug="orphan", name="Write the backlog newsletter")
    html = client.get("/search/?q=newsletter").content.decode()
    item = html.split('href="/responsibilities/orphan/', 1)[1].split("</li>", 1)[0]
    assert "no role’s part is stated" in item


@pytest.mark.usefixtures("uncached_reads")
def test_search_costs_a_fixed_number_of_queries(client, sample, django_assert_num_queries):
    # The maps; roles; responsibilities (+area); their holders (+role); quotes (+source).
    with django_assert_num_queries(5):
        client.get("/search/?q=backlog")
    for n in range(30):
        ResponsibilityFactory(slug=f"more-{n}", name=f"Backlog chore {n}")
    with django_assert_num_queries(5):
        client.get("/search/?q=backlog")
