"""Search: full-text with ranking on PostgreSQL, a substring match elsewhere, one page.

Tests that depend on the database branch on connection.vendor; the suite runs on SQLite
and again on PostgreSQL (CI), so both paths are exercised.
"""

import pytest
from django.db import connection

from roles.inputs import InputError
from roles.search import MAX_QUERY_LENGTH, clean_query, search, simple_search
from tests.factories import ResponsibilityFactory, RoleFactory
from tests.web.pages_data import build_sample

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def sample():
    return build_sample()


def test_finds_roles_responsibilities_and_quotes(sample):
    results = search("backlog")
    duties = [r.slug for r in results.responsibilities]
    # The name matches, and so does the area "Delivery and backlog" of the others.
    assert sorted(duties) == ["product-backlog", "project-schedule", "status-reports"]
    assert duties[0] == "product-backlog"
    assert [q.key for q in results.quotes] == ["po-backlog"]
    assert "product-owner" in [r.slug for r in results.roles]  # "...through the backlog."
    assert results.method == ("full-text" if POSTGRES else "simple")


def test_every_word_must_match(sample):
    assert search("customer backlog").total == 0
    # "customer" in the name, "vision" in the area "Strategy and vision".
    both = {r.slug for r in search("customer vision").responsibilities}
    assert both == {"customer-research", "customer-focus"}
    assert [q.key for q in search("voice customer").quotes] == ["pm-definition"]


def test_the_database_specific_behaviour(sample):
    if POSTGRES:
        # Stemming: "owners" finds "owner"; stop words alone find nothing.
        assert "product-owner" in [r.slug for r in search("owners").roles]
        assert search("the").total == 0
        # websearch syntax: a minus excludes.
        with_week = [q.key for q in search("customers").quotes]
        without_week = [q.key for q in search("customers -week").quotes]
        assert "pm-research" in with_week and "po-research" in with_week
        assert "pm-research" not in without_week and "po-research" in without_week
    else:
        # Substring match, case-insensitive: part of a word is enough.
        assert [r.slug for r in search("OWNER").roles] == ["product-owner"]
        assert "product-owner" not in [r.slug for r in search("owners").roles]


def test_ranking_puts_name_matches_first_on_postgresql(db):
    RoleFactory(slug="named", name="Roadmap keeper", summary="Keeps things.")
    RoleFactory(slug="described", name="Planner", summary="Keeps a roadmap up to date.")
    ResponsibilityFactory(slug="in-name", name="Maintain the roadmap")
    ResponsibilityFactory(slug="in-text", name="Plan releases", description="Uses the roadmap.")
    results = search("roadmap")
    roles = [r.slug for r in results.roles]
    duties = [r.slug for r in results.responsibilities]
    assert sorted(roles) == ["described", "named"]
    assert sorted(duties) == ["in-name", "in-text"]
    if POSTGRES:
        assert roles == ["named", "described"]
        assert duties == ["in-name", "in-text"]
        assert results.roles[0].rank > results.roles[1].rank


def test_simple_search_works_on_any_database(sample):
    results = simple_search("Product Backlog")
    assert [r.slug for r in results.responsibilities] == ["product-backlog"]
    assert simple_search('"').total == 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Type at least one word"),
        ("   ", "Type at least one word"),
        ("x" * (MAX_QUERY_LENGTH + 1), f"at most {MAX_QUERY_LENGTH} characters"),
    ],
)
def test_bad_queries_say_what_to_fix(raw, message):
    with pytest.raises(InputError, match=message):
        clean_query(raw)


def test_search_page_shows_results_grouped_by_kind(client, sample):
    html = client.get("/search/?q=backlog").content.decode()
    assert '<h2 id="responsibilities-heading">Responsibilities</h2>' in html
    assert 'href="/responsibilities/product-backlog/"' in html
    assert "The Product Owner is accountable for the Product Backlog." in html
    assert 'value="backlog"' in html


def test_search_page_without_a_query_shows_the_form(client, sample):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()


def test_search_page_says_when_nothing_matches(client, sample):
    html = client.get("/search/?q=xylophone").content.decode()
    assert "0 results for “xylophone”" in html
    assert "Nothing matches." in html


@pytest.mark.parametrize("q", ["", "%20%20", "x" * 300])
def test_search_page_bad_input_is_a_400(client, sample, q):
    response = client.get(f"/search/?q={q}")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html


def test_search_page_escapes_the_query(client, sample):
    html = client.get("/search/?q=<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
