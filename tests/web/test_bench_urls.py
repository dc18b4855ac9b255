"""The mixed benchmark's addresses (pmroles.benchtools.mixed_urls, scripts/bench_mixed.py)
keep covering every kind of page a crowd reads, stay distinct, and each answers 200 with
the page's fixed number of queries (so the benchmark measures pages, not error answers)."""

import pytest

from api.computed import MATRIX_PAGE_SIZE as API_MATRIX_PAGE_SIZE
from pmroles.benchtools import (
    API_MATRIX_PAGE_ROWS,
    MATRIX_PAGE_ROWS,
    MIXED_KINDS,
    mixed_urls,
    page_count,
)
from responsibilities.models import Responsibility
from web.matrix_page import PAGE_SIZE

ROLES = [f"gen-role-{n:03d}" for n in range(1, 101)]
WORDS = ["product", "roadmap", "backlog", "launch", "pricing", "budget", "risk", "vision"]


def test_at_scale_at_least_500_distinct_addresses_of_every_kind():
    urls = mixed_urls(ROLES, WORDS, matrix_pages=200, count=600)
    addresses = [url for _, url in urls]
    assert len(set(addresses)) == len(addresses) >= 500
    assert {kind for kind, _ in urls} == set(MIXED_KINDS)
    assert mixed_urls(ROLES, WORDS, matrix_pages=200, count=600) == urls  # same seed


@pytest.mark.django_db
def test_every_address_answers_with_a_page(sample, client, django_assert_max_num_queries):
    roles = ["product-manager", "product-owner", "project-manager", "product-marketing-manager"]
    rows = Responsibility.objects.count()
    urls = mixed_urls(
        roles,
        ["product", "roadmap", "vision"],
        matrix_pages=page_count(rows, MATRIX_PAGE_ROWS),
        api_matrix_pages=page_count(rows, API_MATRIX_PAGE_ROWS),
        count=40,
        role_pages=1,
    )
    assert {kind for kind, _ in urls} == set(MIXED_KINDS)
    for kind, url in urls:
        # The costliest first build (a comparison: 26 queries at any data size, pinned
        # exactly in tests/web/test_page_query_counts.py) plus the version read.
        with django_assert_max_num_queries(27):
            response = client.get(url)
        assert response.status_code == 200, (kind, url, response.content[:300])


def test_the_benchmark_knows_the_pages_page_sizes():
    """The benchmark asks for matrix pages up to the last one its page sizes give: the
    views' sizes changing without it would turn part of the crowd into 400s."""
    assert (MATRIX_PAGE_ROWS, API_MATRIX_PAGE_ROWS) == (PAGE_SIZE, API_MATRIX_PAGE_SIZE)
    assert page_count(100, 100) == 1 and page_count(101, 100) == 2 and page_count(0, 50) == 1
