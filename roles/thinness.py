"""Whether each role's evidence is thin, read from a bounded sample of its parts.

The home page's cards and the comparison's column headers say only one thing of a role's
evidence: that it is thin (fewer than THIN_QUOTES quotes, or a single source) and then what
it rests on. Counting every role's distinct quotes and sources exactly is a join through
every part of the map and its quotes (100,000 parts at scale 1: 150–400 ms, the whole of the
home page's first build), and grows with the map. A role's first SAMPLE parts with their
quotes settle it for almost every role, and the counts only grow with more parts:

- fewer than SAMPLE rows: that is every part and quote of the role, so the counts are exact;
- SAMPLE rows with THIN_QUOTES distinct quotes from two sources or more: not thin, whatever
  the rest holds (its exact counts are not needed: nothing shows them);
- otherwise (many parts, few quotes or one source): counted exactly (roles.coverage), for
  these roles only.

One query for the sample, whatever the map's size: on PostgreSQL a LATERAL join over the
roles (an index range on (map, role) and LIMIT SAMPLE each); elsewhere (SQLite, for tests and
small installs) the same rows as one UNION ALL of per-role subqueries, which PostgreSQL
plans slowly (90 ms for 100 roles). The answer is kept per role (roles.pieces), and a kept
coverage or evidence count serves too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from responsibilities.models import Assignment, Quote

from .coverage import THIN_QUOTES, EvidenceCounts, based_on_words, exact_counts
from .models import RoleMap
from .pieces import Tokens, per_role

SAMPLE = 50  # parts (with their quotes) read per role
CHUNK = 200  # roles per query on SQLite (its UNION has at most 500 members); one on PostgreSQL


@dataclass(frozen=True)
class Thinness:
    """What a card or a column header says of a role's evidence: whether it is thin and, when
    it is, the quotes and sources it rests on (exact; zero when it is not thin)."""

    is_thin: bool
    quote_count: int = 0
    source_count: int = 0

    @property
    def based_on(self) -> str:
        return based_on_words(self.quote_count, self.source_count)

    @classmethod
    def of(cls, counts: EvidenceCounts) -> Thinness:
        if not counts.is_thin:
            return cls(False)
        return cls(True, counts.quote_count, counts.source_count)


def _sample_sql(role_count: int) -> str:
    parts = Assignment._meta.db_table
    links = Assignment.quotes.through._meta.db_table
    quotes = Quote._meta.db_table
    joined = (
        f"FROM {parts} a LEFT JOIN {links} l ON l.assignment_id = a.id "
        f"LEFT JOIN {quotes} q ON q.id = l.quote_id"
    )
    if connection.vendor == "postgresql":
        return (
            f"SELECT r.id, s.quote_id, s.source_id FROM unnest(%s::bigint[]) AS r(id) "
            f"CROSS JOIN LATERAL (SELECT l.quote_id, q.source_id {joined} "
            f"WHERE a.role_map_id = %s AND a.role_id = r.id LIMIT {SAMPLE}) s"
        )
    member = (
        f"SELECT * FROM (SELECT a.role_id, l.quote_id, q.source_id {joined} "
        f"WHERE a.role_map_id = %s AND a.role_id = %s LIMIT {SAMPLE})"
    )
    return " UNION ALL ".join([member] * role_count)


def _samples(role_map: RoleMap, role_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Up to SAMPLE (quote id, source id) rows per role, a part without a quote as (None,
    None); a role without parts has no row."""
    found: dict[int, list[tuple[int, int]]] = {}
    size = max(1, len(role_ids)) if connection.vendor == "postgresql" else CHUNK
    for start in range(0, len(role_ids), size):
        chunk = role_ids[start : start + size]
        if connection.vendor == "postgresql":
            params: list[Any] = [chunk, role_map.pk]
        else:
            params = [value for pk in chunk for value in (role_map.pk, pk)]
        with connection.cursor() as cursor:
            cursor.execute(_sample_sql(len(chunk)), params)
            for role_id, quote_id, source_id in cursor.fetchall():
                found.setdefault(role_id, []).append((quote_id, source_id))
    return found


def _build(role_map: RoleMap, role_ids: list[int]) -> dict[int, Thinness]:
    result: dict[int, Thinness] = {}
    unsettled = []
    for pk, rows in _samples(role_map, role_ids).items():
        quotes = {quote for quote, _ in rows if quote is not None}
        sources = {source for _, source in rows if source is not None}
        if len(rows) < SAMPLE:  # every part and quote of the role
            result[pk] = Thinness.of(EvidenceCounts(len(quotes), len(sources), len(rows)))
        elif len(quotes) >= THIN_QUOTES and len(sources) >= 2:
            result[pk] = Thinness(False)
        else:
            unsettled.append(pk)
    for pk, counts in exact_counts(role_map, unsettled).items():
        result[pk] = Thinness.of(counts)
    for pk in role_ids:
        result.setdefault(pk, Thinness(False))  # no part: no picture, so not thin
    return result


def _reuse(piece: object) -> Thinness | None:
    return Thinness.of(piece) if isinstance(piece, EvidenceCounts) else None


def thinness(
    role_map: RoleMap, role_ids: Iterable[int], tokens: Tokens | None = None
) -> dict[int, Thinness]:
    """Each role's Thinness in the map, kept per role (a kept coverage serves too)."""
    return per_role(
        "thinness",
        role_map,
        role_ids,
        lambda missing: _build(role_map, missing),
        reuse=_reuse,
        also=("coverage",),
        tokens=tokens,
    )


def evidence_below(
    role_map: RoleMap, role_ids: Iterable[int], min_quotes: int
) -> tuple[dict[int, tuple[int, int]], frozenset[int]]:
    """Map health's evidence check (fewer than `min_quotes` quotes, or a single source) for
    the given roles, each with a part in the map: ({role id: (quotes, sources)}, exact, for
    each role that may fall short; the set of the others), which rest on THIN_QUOTES quotes
    or more from two sources or more and so pass whatever the rest holds; nothing shows
    their counts, so they are not read.

    Read through each role's kept thinness (a kept coverage serves too), so after a write
    only the written role is counted again, and a first build samples SAMPLE parts a role
    rather than joining every part of the map with its quotes (0.6 s at scale 3). A
    threshold above THIN_QUOTES is not settled by a thinness: those roles are counted
    exactly (one more query)."""
    settled = thinness(role_map, role_ids)
    counts = {pk: (t.quote_count, t.source_count) for pk, t in settled.items() if t.is_thin}
    ample = [pk for pk, t in settled.items() if not t.is_thin]
    if min_quotes > THIN_QUOTES:
        for pk, exact in exact_counts(role_map, ample).items():
            counts[pk] = (exact.quote_count, exact.source_count)
        ample = []
    return counts, frozenset(ample)
