"""PostgreSQL's full-text ranking of responsibilities and quotes, without rereading the table.

A search ranks at most RANKED matches a kind (the first the scan meets) and shows the best
LIMIT. Asked as `pk IN (the first RANKED matches)` and ranked outside, PostgreSQL joined
those ids back to the table with a scan of every row (10,000 responsibilities and 20,000
quotes at scale 1: 3–4 ms each, most of a new search's SQL). The subqueries here rank the
vectors the matching scan already holds (a derived table) and keep the best `limit` ids, so
the outer query reads only those rows and ranks them again (the same functions on the same
vectors: the same ranks, the same order). The rows and their order are unchanged.
"""

from __future__ import annotations

from typing import Any

from django.db.models.expressions import RawSQL

from responsibilities.models import Quote, Responsibility

from .models import RoleMap


def _visible(role_map: Any) -> tuple[str, list[Any]]:
    """visible_in_q as SQL on the derived table `m`: the shared catalogue and the map's own."""
    if role_map is None:
        return "m.map_id IS NULL", []
    if isinstance(role_map, str):
        maps = RoleMap._meta.db_table
        return f"(m.map_id IS NULL OR m.map_id IN (SELECT id FROM {maps} WHERE slug = %s))", [
            role_map
        ]
    return "(m.map_id IS NULL OR m.map_id = %s)", [role_map.pk]


def best_responsibilities(
    config: str, query: str, any_term: str, role_map: Any, ranked: int, limit: int
) -> RawSQL:
    """The ids of the best `limit` among the first `ranked` responsibilities matching
    `query` that the map shows: by text rank (any term in the name or description, not only
    the area's name), then rank, then id."""
    visible, params = _visible(role_map)
    sql = (
        f"SELECT m.id FROM (SELECT id, map_id, search_vector FROM "
        f"{Responsibility._meta.db_table} WHERE search_vector @@ to_tsquery(%s::regconfig, %s) "
        f"LIMIT {int(ranked)}) m WHERE {visible} ORDER BY "
        "ts_rank(ts_filter(m.search_vector, '{a,b,c}'), to_tsquery(%s::regconfig, %s)) DESC, "
        f"ts_rank(m.search_vector, to_tsquery(%s::regconfig, %s)) DESC, m.id LIMIT {int(limit)}"
    )
    return RawSQL(sql, [config, query, *params, config, any_term, config, query])


def best_quotes(config: str, query: str, ranked: int, limit: int) -> RawSQL:
    """The ids of the best `limit` among the first `ranked` quotes matching `query`."""
    sql = (
        f"SELECT m.id FROM (SELECT id, search_vector FROM {Quote._meta.db_table} "
        f"WHERE search_vector @@ to_tsquery(%s::regconfig, %s) LIMIT {int(ranked)}) m "
        f"ORDER BY ts_rank(m.search_vector, to_tsquery(%s::regconfig, %s)) DESC, m.id "
        f"LIMIT {int(limit)}"
    )
    return RawSQL(sql, [config, query, config, query])
