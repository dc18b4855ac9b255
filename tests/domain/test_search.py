"""Search: stems and spellings, questions, ranking, marked words, comparisons, on both databases.

(The marks as HTML, escaped, are the page's: tests/web/test_search_marking.py.)

The suite runs on SQLite and again on PostgreSQL (CI), so both paths (stored full-text
vectors with ts_rank/ts_headline; stems matched in Python) are held to the same cases.
Tests that differ by database say so with connection.vendor.
"""

import pytest
from django.db import connection

from responsibilities.models import Area, Quote, Responsibility, Source
from roles.inputs import InputError
from roles.search import (
    LIMIT,
    MAX_QUERY_LENGTH,
    START,
    STOP,
    clean_query,
    comparison_slugs,
    search,
)
from roles.search_terms import parse, root, spelling_variants, tsquery
from tests.factories import (
    AreaFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def slugs(items):
    return [i.slug for i in items]


def test_name_matches_come_first_and_area_only_matches_apart(sample):
    results = search("backlog")
    # "Order the product backlog" names it; the other two only sit in "Delivery and backlog".
    assert slugs(results.responsibilities) == ["product-backlog"]
    assert sorted(slugs(results.area_matches)) == ["project-schedule", "status-reports"]
    assert [q.key for q in results.quotes] == ["po-backlog"]
    assert "product-owner" in slugs(results.roles)  # "...through the backlog."
    assert results.method == ("full-text" if POSTGRES else "word-stem")


def test_description_matches_rank_above_area_matches(db):
    area = AreaFactory(name="Roadmap work")
    ResponsibilityFactory(slug="by-area", name="Hold meetings", area=area)
    ResponsibilityFactory(slug="by-text", name="Plan", description="Keeps the roadmap current.")
    ResponsibilityFactory(slug="by-name", name="Maintain the roadmap")
    results = search("roadmap")
    assert slugs(results.responsibilities) == ["by-name", "by-text"]
    assert slugs(results.area_matches) == ["by-area"]


@pytest.mark.parametrize(
    "typed", ["prioritization", "prioritisation", "prioritise", "prioritize", "priorities"]
)
def test_british_and_american_spellings_and_stems_find_each_other(db, typed):
    ResponsibilityFactory(slug="uk", name="Prioritise what to build first")
    ResponsibilityFactory(slug="us", name="Groom the work", description="Prioritize the backlog.")
    ResponsibilityFactory(slug="other", name="Write the release notes")
    assert sorted(slugs(search(typed).responsibilities)) == ["uk", "us"]


def test_plural_and_verb_forms_match(sample):
    assert "product-owner" in slugs(search("owners").roles)
    assert "customer-research" in slugs(search("customers").responsibilities)


def test_questions_drop_stop_words_and_filler(db):
    ResponsibilityFactory(slug="roadmap", name="Define the product strategy and roadmap")
    ResponsibilityFactory(slug="budget", name="Manage budgets")
    results = search("Who owns the roadmap?")
    assert slugs(results.responsibilities) == ["roadmap"]
    assert results.words == ["roadmap"]
    assert results.ignored == ["who", "owns", "the"]


def test_owner_stays_a_word_outside_questions(sample):
    # Not a question: "owner" must match, and the role named so ranks first.
    assert slugs(search("product owner").roles)[0] == "product-owner"


def test_every_word_must_match_and_minus_excludes(sample):
    assert search("customer backlog").total == 0
    # "customer" in the names, "vision" in the area "Strategy and vision": both count.
    both = {r.slug for r in search("customer vision").responsibilities}
    assert both == {"customer-research", "customer-focus"}
    with_week = [q.key for q in search("customers").quotes]
    without_week = [q.key for q in search("customers -week").quotes]
    assert "pm-research" in with_week and "po-research" in with_week
    assert "pm-research" not in without_week and "po-research" in without_week


def test_only_stop_words_searches_nothing_and_says_so(sample):
    results = search("the of and")
    assert results.total == 0 and results.words == [] and results.method == "none"


def test_unmapped_roles_get_an_explanation(sample):
    results = search("scrum master")
    assert results.total == 0
    assert "Scrum Master is not one of the roles mapped here" in results.note


def test_matched_words_are_marked_in_plain_text_for_the_page_to_escape(db):
    """The domain marks matches with START/STOP and leaves the text unescaped (no HTML)."""
    ResponsibilityFactory(slug="x", name="Prioritise the <b>backlog</b>")
    duty = search("prioritization").responsibilities[0]
    assert duty.name_hl == f"{START}Prioritise{STOP} the <b>backlog</b>"
    assert not hasattr(duty, "name_html")


def test_results_are_limited_and_say_there_is_more(db):
    area = AreaFactory()
    for i in range(LIMIT + 3):
        ResponsibilityFactory(slug=f"r{i}", name=f"Review pricing {i}", area=area)
    results = search("pricing")
    assert len(results.responsibilities) == LIMIT
    assert "responsibilities" in results.more


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pm vs po", ["product-manager", "product-owner"]),
        ("PO versus PM", ["product-owner", "product-manager"]),
        ("product owner vs project manager", ["product-owner", "project-manager"]),
        ("pmm vs pm", ["product-marketing-manager", "product-manager"]),
        ("difference between pm and po?", ["product-manager", "product-owner"]),
        ("pm vs po vs prm", ["product-manager", "product-owner", "project-manager"]),
    ],
)
def test_comparison_queries_name_the_roles(sample, typed, expected):
    assert comparison_slugs(typed) == expected
    assert search(typed).comparison == expected


@pytest.mark.parametrize("typed", ["pm vs juggler", "pm vs pm", "backlog", "pm and po"])
def test_other_queries_are_not_comparisons(sample, typed):
    assert comparison_slugs(typed) is None


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


def test_query_syntax_cannot_be_injected(sample):
    # tsquery operators and quotes are not words: they never reach to_tsquery.
    assert tsquery(parse("back'log & | ! :* (")) == "(back) & (log)"
    assert search("backlog & | ! ( ' :*").total == search("backlog").total


def test_terms_helpers():
    assert spelling_variants("prioritisation") == ("prioritisation", "prioritization")
    assert spelling_variants("analyze") == ("analyze", "analyse")
    assert {root(w) for w in ("prioritise", "prioritize", "prioritization", "priority")} == {
        "priorit"
    }
    assert root("businesses") == root("business")


def test_search_costs_three_queries(sample, django_assert_num_queries):
    # roles; responsibilities (+area); quotes (+source)
    with django_assert_num_queries(3):
        search("customer")
    # roles (slug, name, abbreviation) to resolve "pm vs po"
    with django_assert_num_queries(1):
        search("pm vs po")


@pytest.mark.skipif(not POSTGRES, reason="stored vectors and triggers exist on PostgreSQL only")
class TestStoredVectorsOnPostgreSQL:
    """Every write path keeps the stored vectors true: they are filled by triggers."""

    def vector(self, model, pk):
        return str(model.objects.values_list("search_vector", flat=True).get(pk=pk))

    def test_save_update_and_bulk_create_fill_the_vector(self):
        duty = ResponsibilityFactory(name="Chart the roadmap", description="Quarterly.")
        assert "'roadmap':3A" in self.vector(Responsibility, duty.pk)
        Responsibility.objects.filter(pk=duty.pk).update(description="Yearly pricing.")
        assert "'price':" in self.vector(Responsibility, duty.pk)
        area = AreaFactory()
        [bulk] = Responsibility.objects.bulk_create(
            [Responsibility(name="Bulk forecasting", slug="bulk", area=area)]
        )
        assert "'forecast':2A" in self.vector(Responsibility, bulk.pk)

    def test_renaming_an_area_or_source_refreshes_their_rows(self):
        duty = ResponsibilityFactory()
        Area.objects.filter(pk=duty.area_id).update(name="Telemetry")
        assert "'telemetri':" in self.vector(Responsibility, duty.pk)
        assert slugs(search("telemetry").area_matches) == [duty.slug]
        source = SourceFactory()
        quote = QuoteFactory(source=source)
        Source.objects.filter(pk=source.pk).update(title="Zeppelin handbook")
        assert "'zeppelin':" in self.vector(Quote, quote.pk)

    def test_the_index_is_used(self):
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM responsibilities_responsibility "
                "WHERE search_vector @@ to_tsquery('english', 'roadmap')"
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        assert "responsibility_search_gin" in plan


def test_roles_rank_name_matches_first(db):
    RoleFactory(slug="named", name="Roadmap keeper", summary="Keeps things.")
    RoleFactory(slug="described", name="Planner", summary="Keeps a roadmap up to date.")
    assert slugs(search("roadmap").roles) == ["named", "described"]
