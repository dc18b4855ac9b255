"""Search over roles, responsibilities and quotes (the /search/ page shows it: web/search_page.py).

What a reader types is parsed once (roles/search_terms.py: stop words and question filler
dropped, -ise/-ize spellings and a few synonyms as alternatives, `-word` to exclude); every
remaining term must match. Matches in a responsibility's name or description rank above
matches in its area's name, which are listed apart ("in a matching area").

PostgreSQL: full-text search on stored, GIN-indexed vectors (responsibilities and quotes;
filled by triggers, migration responsibilities/0007_search_vector), ranked by ts_rank with
weights, matched words marked by ts_headline. A role's document (ROLE_FIELDS, weighted) is a
generated column, GIN-indexed (roles/0006, not a model field: only the search reads it); the
best responsibilities and quotes are chosen in ranking subqueries (roles/search_ranked.py).

Other databases (SQLite in development and tests): each term's stem (search_terms.root)
finds a bounded set of candidates with a substring match, then Python keeps the rows where
every term's stem is a whole-word stem, ranks them with the same weights and marks the words.

Matched words are marked in plain text (START/STOP below, on the rows' `*_hl` attributes:
a role's name_hl and summary_hl, a responsibility's name_hl and description_hl, a quote's
text_hl); turning them into HTML is the page's work (web/search_page.py).

Either way a search costs three queries (roles, responsibilities, quotes), each limited,
whatever the data size; "pm vs po" costs one query (the roles) and names a comparison.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from responsibilities.models import Kind, Quote, Responsibility

from .inputs import InputError
from .models import Role
from .search_ranked import best_quotes, best_responsibilities
from .search_terms import TOKEN, ParsedQuery, Term, parse, root, tsquery, tsquery_any

MAX_QUERY_LENGTH = 200
LIMIT = 25
CANDIDATES = 400  # SQLite: rows per kind scored in Python
# PostgreSQL: rows per kind ranked. A word in thousands of rows ranks the first 1,000 the
# index yields, which keeps a search under a few milliseconds of ranking at any size.
RANKED = 1000
CONFIG = "english"
DESCRIPTION_WORDS = 35

# Matched words are marked with these private-use characters (ts_headline's start_sel and
# stop_sel, or mark_words); the page escapes the text and only then turns them into <mark>,
# so nothing from the database becomes markup.
START, STOP = "\ue000", "\ue001"

# ts_rank weights in PostgreSQL's order {D, C, B, A}; the same numbers rank on SQLite.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}


class TextOnly(Func):
    """The vector without its D lexemes (area or source name): ts_filter(vector, '{a,b,c}')."""

    template = "ts_filter(%(expressions)s, '{a,b,c}')"
    output_field = SearchVectorField()


ROLE_FIELDS = (
    ("name", "A"),
    ("abbreviation", "A"),
    ("summary", "B"),
    ("description", "C"),
    ("focus_note", "C"),
    ("methodology", "C"),
)
RESPONSIBILITY_FIELDS = (("name", "A"), ("description", "B"), ("area__name", "D"))
# A role's document, the ROLE_FIELDS weighted: a generated column PostgreSQL keeps on every
# write (roles/0006), unknown to the model so that no other query reads it.
ROLE_DOCUMENT = '"roles_role"."search_document"'
QUOTE_FIELDS = (("text", "A"), ("locator", "B"), ("source__title", "D"), ("source__author", "D"))

COMPARE_SPLIT = re.compile(r"\s+(?:vs\.?|versus|v\.?|or|and)\s+|\s*/\s*", re.IGNORECASE)
COMPARE_HINT = re.compile(r"\b(?:vs\.?|versus|v\.?|difference between)(?:\s|$)", re.IGNORECASE)
COMPARE_LEAD = re.compile(
    r"^\s*(?:what\s+is\s+|what's\s+)?(?:the\s+)?(?:difference\s+between\s+)?", re.IGNORECASE
)


@dataclass
class SearchResults:
    query: str
    roles: list[Role] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    area_matches: list[Responsibility] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    method: str = ""
    words: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    note: str = ""
    more: set[str] = field(default_factory=set)  # kinds with more than LIMIT matches
    comparison: list[str] | None = None  # role slugs, when the query names a comparison

    @property
    def total(self) -> int:
        return (
            len(self.roles) + len(self.responsibilities) + len(self.area_matches) + len(self.quotes)
        )


def clean_query(raw: str | None) -> str:
    query = " ".join((raw or "").replace("\x00", " ").split())
    if not query:
        raise InputError("Type at least one word to search for.", field="q")
    if len(query) > MAX_QUERY_LENGTH:
        raise InputError(
            f"Search for at most {MAX_QUERY_LENGTH} characters (you typed {len(query)}).",
            field="q",
        )
    return query


# --- "pm vs po" --------------------------------------------------------------------------


def comparison_slugs(query: str, role_map: Any = None) -> list[str] | None:
    """The roles a "pm vs po" / "product owner versus project manager" query names, in
    order, or None when it is not such a query or a side is not a role (one query)."""
    if not COMPARE_HINT.search(query):
        return None
    body = COMPARE_LEAD.sub("", query).strip(" ?!.")
    sides = [s.strip(" ?!.").lower() for s in COMPARE_SPLIT.split(body) if s.strip(" ?!.")]
    if not 2 <= len(sides) <= 4:
        return None
    names: dict[str, str] = {}
    visible = Role.objects.visible_in(role_map)
    for slug, name, abbreviation in visible.values_list("slug", "name", "abbreviation"):
        for label in (slug, name, abbreviation, slug.replace("-", " ")):
            if label:
                names.setdefault(label.lower(), slug)
                names.setdefault(label.lower() + "s", slug)
                names.setdefault("the " + label.lower(), slug)
    slugs = [names.get(side) for side in sides]
    if None in slugs or len(set(slugs)) != len(slugs):
        return None
    return [s for s in slugs if s]


# --- marking matched words (plain text) --------------------------------------------------


def mark_words(text: str, roots: frozenset[str], max_words: int | None = None) -> str:
    """The text with every word whose stem is one of `roots` between START and STOP (plain
    text, as ts_headline gives it; the page escapes it), cut after `max_words` words."""
    parts = TOKEN.split(text or "")
    if max_words is not None and len(parts) > 2 * max_words + 1:
        parts = [*parts[: 2 * max_words], " …"]
    return "".join(
        f"{START}{part}{STOP}" if i % 2 and root(part) in roots else part
        for i, part in enumerate(parts)
    )


def _roots(terms: Iterable[Term]) -> frozenset[str]:
    return frozenset(r for t in terms for r in t.roots)


# --- PostgreSQL --------------------------------------------------------------------------


def _limited(qs: QuerySet, kind: str, results: SearchResults) -> list:
    rows = list(qs[: LIMIT + 1])
    if len(rows) > LIMIT:
        results.more.add(kind)
    return rows[:LIMIT]


def _headline(field_name: str, query: SearchQuery, **options: Any) -> SearchHeadline:
    return SearchHeadline(
        field_name, query, config=CONFIG, start_sel=START, stop_sel=STOP, **options
    )


def _matching(model: Any, query: SearchQuery) -> Q:
    """Rows whose stored vector matches, at most RANKED of them (GIN index scan)."""
    matching = model.objects.filter(search_vector=query).order_by().values("pk")[:RANKED]
    return Q(pk__in=Subquery(matching))


def role_matches(query: SearchQuery, role_map: Any = None) -> QuerySet[Role]:
    """The roles `role_map` shows whose stored document (ROLE_FIELDS, weighted) matches,
    best first; the match is answered by its GIN index (roles/0006)."""
    vector = RawSQL(ROLE_DOCUMENT, [], output_field=SearchVectorField())
    return (
        Role.objects.visible_in(role_map)
        .alias(document=vector)  # matched on, not read: no vector made for every role
        .annotate(rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "order", "pk")
    )


def fulltext_search(parsed: ParsedQuery, results: SearchResults, role_map: Any = None) -> None:
    query = SearchQuery(tsquery(parsed), search_type="raw", config=CONFIG)
    whole = {"highlight_all": True}
    part = {"max_words": DESCRIPTION_WORDS, "min_words": 15, "max_fragments": 2}

    roles = role_matches(query, role_map)
    roles = roles.annotate(name_hl=_headline("name", query, **whole))
    roles = roles.annotate(summary_hl=_headline("summary", query, **whole))
    results.roles.extend(_limited(roles, "roles", results))

    # The best rows are chosen in subqueries that rank the matching vectors where the index
    # scan found them (roles.search_ranked); the outer queries read only those rows.
    stored = F("search_vector")
    any_term = SearchQuery(tsquery_any(parsed), search_type="raw", config=CONFIG)
    words = (CONFIG, tsquery(parsed), tsquery_any(parsed))
    duties = (
        Responsibility.objects.visible_in(role_map)
        .select_related("area")
        .filter(pk__in=best_responsibilities(*words, role_map, RANKED, LIMIT + 1))
        .annotate(
            rank=SearchRank(stored, query),
            # > 0 when a term is in the name or description, not only in the area's name.
            text_rank=SearchRank(TextOnly(stored), any_term),
            name_hl=_headline("name", query, **whole),
            description_hl=_headline("description", query, **part),
        )
        .order_by("-text_rank", "-rank", "pk")
    )
    for duty in _limited(duties, "responsibilities", results):
        (results.responsibilities if duty.text_rank > 0 else results.area_matches).append(duty)

    quotes = (
        Quote.objects.with_source()
        .filter(pk__in=best_quotes(CONFIG, words[1], RANKED, LIMIT + 1))
        .annotate(
            rank=SearchRank(stored, query),
            text_hl=_headline("text", query, **whole),
        )
        .order_by("-rank", "pk")
    )
    results.quotes.extend(_limited(quotes, "quotes", results))


# --- Any database ------------------------------------------------------------------------


def _field_value(obj: Any, path: str) -> str:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj or ""


def _scored(
    qs: QuerySet, fields: Sequence[tuple[str, str]], parsed: ParsedQuery
) -> list[tuple[float, float, Any]]:
    """(rank, text rank, row) for the candidates where every term matches a whole word."""
    candidates = reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{f}__icontains": r}) for f, _ in fields for r in term.roots))
            for term in parsed.terms
        ),
    )
    excluded = _roots(parsed.excluded)
    scored = []
    for row in qs.filter(candidates)[:CANDIDATES]:
        stems = {f: {root(w) for w in TOKEN.findall(_field_value(row, f))} for f, _ in fields}
        if excluded and any(excluded & s for s in stems.values()):
            continue
        rank = text_rank = 0.0
        for term in parsed.terms:
            weights = [WEIGHTS[w] for f, w in fields if term.roots & stems[f]]
            if not weights:
                break
            rank += max(weights)
            text_rank += max((w for w in weights if w > WEIGHTS["D"]), default=0.0)
        else:
            scored.append((rank, text_rank, row))
    return scored


def _best(scored: list, key: Callable, kind: str, results: SearchResults) -> list:
    scored.sort(key=key)
    if len(scored) > LIMIT:
        results.more.add(kind)
    return scored[:LIMIT]


def simple_search(parsed: ParsedQuery, results: SearchResults, role_map: Any = None) -> None:
    roots = _roots(parsed.terms)
    roles = _scored(Role.objects.visible_in(role_map), ROLE_FIELDS, parsed)
    for _, _, role in _best(roles, lambda s: (-s[0], s[2].order, s[2].pk), "roles", results):
        role.name_hl = mark_words(role.name, roots)
        role.summary_hl = mark_words(role.summary, roots)
        results.roles.append(role)

    duties = _scored(
        Responsibility.objects.visible_in(role_map).select_related("area"),
        RESPONSIBILITY_FIELDS,
        parsed,
    )
    key = lambda s: (-s[1], -s[0], s[2].pk)  # noqa: E731
    for _, text_rank, duty in _best(duties, key, "responsibilities", results):
        duty.name_hl = mark_words(duty.name, roots)
        duty.description_hl = mark_words(duty.description, roots, DESCRIPTION_WORDS)
        (results.responsibilities if text_rank > 0 else results.area_matches).append(duty)

    quotes = _scored(Quote.objects.with_source(), QUOTE_FIELDS, parsed)
    for _, _, quote in _best(quotes, lambda s: (-s[0], s[2].pk), "quotes", results):
        quote.text_hl = mark_words(quote.text, roots)
        results.quotes.append(quote)


def find_responsibilities(
    raw: str, *, exclude: Sequence[int] = (), limit: int = LIMIT, role_map: Any = None
) -> list[Responsibility]:
    """Responsibilities (the work, not shared qualities) `role_map` shows, matching the
    words, best first: what the finder offers to tick. One query; nothing for words that
    are all stop words."""
    parsed = parse(clean_query(raw))
    if not parsed.terms:
        return []
    qs = Responsibility.objects.visible_in(role_map).for_choosing().exclude(pk__in=list(exclude))
    if connection.vendor == "postgresql":
        query = SearchQuery(tsquery(parsed), search_type="raw", config=CONFIG)
        return list(
            qs.filter(_matching(Responsibility, query))
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "pk")[:limit]
        )
    scored = _scored(qs.filter(kind=Kind.RESPONSIBILITY), RESPONSIBILITY_FIELDS, parsed)
    scored.sort(key=lambda s: (-s[1], -s[0], s[2].pk))
    return [row for _, _, row in scored[:limit]]


def search(raw: str | None, role_map: Any = None) -> SearchResults:
    """What matches the words among what `role_map` shows (shared catalogue, its own)."""
    query = clean_query(raw)
    results = SearchResults(query)
    results.comparison = comparison_slugs(query, role_map)
    if results.comparison:
        return results
    parsed = parse(query)
    results.words, results.ignored, results.note = parsed.words, list(parsed.ignored), parsed.note
    if not parsed.terms:
        results.method = "none"
        return results
    if connection.vendor == "postgresql":
        results.method = "full-text"
        fulltext_search(parsed, results, role_map)
    else:
        results.method = "word-stem"
        simple_search(parsed, results, role_map)
    return results
