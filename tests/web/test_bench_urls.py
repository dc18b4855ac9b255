"""The mixed benchmark's addresses (pmroles.benchtools.mixed_urls, scripts/bench_mixed.py)
keep covering every kind of page a crowd reads, stay distinct, and each answers 200 with
the page's fixed number of queries (so the benchmark measures pages, not error answers)."""

import pytest

from pmroles.benchtools import MIXED_KINDS, mixed_urls

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
    urls = mixed_urls(
        roles, ["product", "roadmap", "vision"], matrix_pages=1, count=40, role_pages=1
    )
    assert {kind for kind, _ in urls} == set(MIXED_KINDS)
    for kind, url in urls:
        # The costliest first build (a comparison: 26 queries at any data size, pinned
        # exactly in tests/web/test_page_query_counts.py) plus the version read.
        with django_assert_max_num_queries(27):
            response = client.get(url)
        assert response.status_code == 200, (kind, url, response.content[:300])
