"""Search over roles, responsibilities and quotes for the /search/ page.

PostgreSQL gets real full-text search (stemming, stop words, ranking by where the words
occur); other databases (SQLite in development and tests) get a plain case-insensitive
substring match on every word. Both return the same SearchResults, so one template serves.
Each search costs three queries, one per kind of result, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from responsibilities.models import Quote, Responsibility

from .inputs import InputError
from .models import Role

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
LIMIT = 25
CONFIG = "english"

# (field, weight): a match in a name ranks above a match in a description.
ROLE_FIELDS = (
    ("name", "A"),
    ("abbreviation", "A"),
    ("summary", "B"),
    ("description", "C"),
    ("focus_note", "C"),
    ("methodology", "C"),
)
RESPONSIBILITY_FIELDS = (("name", "A"), ("description", "B"), ("area__name", "C"))
QUOTE_FIELDS = (("text", "A"), ("locator", "B"), ("source__title", "C"), ("source__author", "D"))


@dataclass
class SearchResults:
    query: str
    roles: list[Role]
    responsibilities: list[Responsibility]
    quotes: list[Quote]
    method: str

    @property
    def total(self) -> int:
        return len(self.roles) + len(self.responsibilities) + len(self.quotes)


def clean_query(raw: str | None) -> str:
    query = " ".join((raw or "").split())
    if not query:
        raise InputError("Type at least one word to search for.", field="q")
    if len(query) > MAX_QUERY_LENGTH:
        raise InputError(
            f"Search for at most {MAX_QUERY_LENGTH} characters (you typed {len(query)}).",
            field="q",
        )
    return query


def _querysets() -> tuple[QuerySet, QuerySet, QuerySet]:
    return (
        Role.objects.all(),
        Responsibility.objects.select_related("area"),
        Quote.objects.with_source(),
    )


def fulltext_search(query: str) -> SearchResults:
    """PostgreSQL only: websearch syntax ("quoted phrase", -word, or), ranked by weight."""
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)

    def ranked(qs: QuerySet, fields) -> list:
        vector = reduce(add, (SearchVector(f, weight=w, config=CONFIG) for f, w in fields))
        return list(
            qs.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)
            .order_by("-rank", "pk")[:LIMIT]
        )

    roles, responsibilities, quotes = _querysets()
    return SearchResults(
        query,
        ranked(roles, ROLE_FIELDS),
        ranked(responsibilities, RESPONSIBILITY_FIELDS),
        ranked(quotes, QUOTE_FIELDS),
        method="full-text",
    )


def simple_search(query: str) -> SearchResults:
    """Any database: every word must occur (case-insensitively) in one of the fields."""
    words = query.replace('"', " ").split()[:MAX_WORDS]
    if not words:
        return SearchResults(query, [], [], [], method="simple")

    def matching(qs: QuerySet, fields, order: tuple[str, ...]) -> list:
        condition = reduce(
            and_,
            (reduce(or_, (Q(**{f"{f}__icontains": word}) for f, _ in fields)) for word in words),
        )
        return list(qs.filter(condition).order_by(*order)[:LIMIT])

    roles, responsibilities, quotes = _querysets()
    return SearchResults(
        query,
        matching(roles, ROLE_FIELDS, ("order", "name")),
        matching(responsibilities, RESPONSIBILITY_FIELDS, ("area__order", "order", "name")),
        matching(quotes, QUOTE_FIELDS, ("source__title", "key")),
        method="simple",
    )


def search(raw: str | None) -> SearchResults:
    query = clean_query(raw)
    if connection.vendor == "postgresql":
        return fulltext_search(query)
    return simple_search(query)
