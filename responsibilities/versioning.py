"""Data versions: numbers that the writes a page reads advance, kept in the database.

Pages and API answers depend on nothing but the domain's rows (and the code), so "has
anything this answer read changed since?" is a few numbers to compare. Stored answers and
conditional GETs (ETags, Last-Modified) are keyed by them (pmroles.conditional).

Versions are as fine as what a page reads. One row per scope in DataVersion:

- `all`: what every page reads (the map switcher lists the role maps): role map writes,
  bulk writes (generate_data) and restores advance it, which moves every key;
- `evidence`: everything that belongs to no map (roles, responsibilities, areas, sources,
  quotes, disputes, variants, contrasts);
- `map:<id>`: the assignments of one role map;
- `map:<id>:role:<id>`: one role's assignments in one map (role pages and comparisons read
  only their roles' parts, so a write to another role's part leaves them alone);
- `map:<id>:notes`: an edit of an assignment's note and nothing else advances this row
  instead of `map:<id>` (its role's row too): the pages that show no note (the matrix, the
  search, the finder, the home page, the API matrix) read the whole map but not this row,
  so an editor annotating parts does not make them be built again;
- `anymap`: any assignment, for answers that cannot name their map in advance;
- `readers`: who is signed in and which maps they may see (users, groups, permissions, a
  map's editors, sessions ended: roles.reader_writes). No answer's token holds it: a
  signed-in reader's remembered maps (pmroles.conditional.signed_in) are checked against it
  and `all`, read in the same query as the answer's rows.

A request names what it reads (Reads) and current_version() reads those rows in ONE
indexed query, every time: no worker keeps its own idea of the version, so every worker
serves the version of the last committed write on its next request, with or without a
shared cache. A write to one map leaves the other maps' keys (and the sources, method and
dispute pages) where they were.

How versions advance (responsibilities.version_writes): receivers on every domain model's
post_save, post_delete and m2m_changed (connected in the apps' ready(), historical models
left out: they only move with a domain row) advance the writer's scopes with an `UPDATE ...
SET number = number + 1` inside the writer's transaction, so the new number commits or
rolls back with the write and concurrent writers queue on the rows instead of losing an
increment. Nothing runs after the commit: a committed write is never turned into an error
by version bookkeeping.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
ALL = "all"
EVIDENCE = "evidence"
ANY_MAP = "anymap"
READERS = "readers"


def map_scope(map_id: int) -> str:
    return f"map:{map_id}"


def role_scope(map_id: int, role_id: int) -> str:
    return f"map:{map_id}:role:{role_id}"


def notes_scope(map_id: int) -> str:
    return f"map:{map_id}:notes"


def _is_map_row(scope: str) -> bool:
    return scope.startswith("map:") and scope.count(":") == 1


class DataVersion(models.Model):
    """One row per scope: the number the writes to that scope advance, and when they last did."""

    scope = models.CharField(max_length=80, unique=True, default=ALL)
    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"data version {self.scope} {self.number}"


@dataclass(frozen=True)
class Reads:
    """What an answer reads: the evidence (anything outside the maps), one map by slug (and,
    with `role_slugs`, only those roles' parts in it), or the assignments of any map. Every
    answer reads `all` (the list of maps) as well. `notes=False`: the answer shows no
    assignment's note, so an edit of a note alone leaves it where it was."""

    evidence: bool = True
    map_slug: str | None = None
    any_map: bool = False
    role_slugs: tuple[str, ...] = ()
    notes: bool = True


EVERYTHING = Reads(evidence=True, any_map=True)


class Version(NamedTuple):
    token: str  # a cache-key fragment: each scope read with its number, and the time
    changed_at: dt.datetime  # the latest change among the scopes read (Last-Modified)
    number: int  # the sum of the numbers read: grows with every write this answer reads
    readers: str = ""  # with readers=True: the stamp of `all` and `readers` (readers_stamp)


def current_version(reads: Reads = EVERYTHING, *, readers: bool = False) -> Version:
    """The version of what `reads` names, in one indexed query.

    The token names each scope read and its number, and carries the latest change time
    (microseconds), which guards against a restored or flushed database reusing numbers
    an older stored answer holds. A map with no row yet (never written since its row was
    made), and a map based on another (it reads its base's parts too), fall back to
    `anymap`, which every assignment write advances. `readers`: read the `readers` row too,
    in the same query, for a signed-in request (Version.readers); the token is unchanged.
    """
    scopes = [ALL, EVIDENCE, READERS] if readers else [ALL, EVIDENCE]
    if reads.any_map or reads.map_slug:
        scopes.append(ANY_MAP)
    wanted_roles = tuple(sorted(set(reads.role_slugs)))
    named_map = reads.map_slug if reads.map_slug and not reads.any_map else None
    if named_map is None:
        rows = _read_rows(scopes)
    else:
        rows = _read_named_rows(scopes, named_map, wanted_roles)
    used = [("a", ALL)]
    if reads.evidence:
        used.append(("e", EVIDENCE))
    map_rows = [scope for scope in rows if _is_map_row(scope)]
    role_rows = sorted(scope for scope in rows if ":role:" in scope)
    if map_rows and wanted_roles and len(role_rows) == len(wanted_roles):
        # Every role read has its row: only writes to those roles' parts move the key (a
        # note's edit moves its role's row too).
        used += [("r", scope) for scope in role_rows]
    elif ANY_MAP in scopes:
        used += _map_used(rows, map_rows[0] if map_rows else None, notes=reads.notes)
    version = _version(used, rows)
    return version._replace(readers=_readers_stamp(rows)) if readers else version


def readers_stamp() -> str:
    """Where who-sees-what stands: `all` (the maps: made, published, based on another,
    restored) and `readers` (users, groups, permissions, editors, ended sessions), each with
    its number and time, in one query. Equal stamps: a signed-in reader's maps still hold."""
    return _readers_stamp(_read_rows([ALL, READERS]))


def _readers_stamp(rows: Rows) -> str:
    return "-".join(
        f"{rows[s][0]}.{int(rows[s][1].timestamp() * 1_000_000)}" if s in rows else "0"
        for s in (ALL, READERS)
    )


Rows = dict[str, tuple[int, dt.datetime]]


def _map_used(rows: Rows, the_map: str | None, *, notes: bool) -> list[tuple[str, str]]:
    """The map's part of a token: its row, with its notes row unless `notes` is False (a
    missing notes row, no note edited alone yet, counts as 0); `anymap` for a map without a
    row of its own read (none yet, or based on another). Every token's fall-back."""
    if the_map is None or the_map not in rows:
        return [("n", ANY_MAP)]
    return [("m", the_map), ("t", f"{the_map}:notes")] if notes else [("m", the_map)]


def _version(used: list[tuple[str, str]], rows: Rows) -> Version:
    """The version of the (mark, scope) pairs used, from the rows read (a missing row is 0)."""
    numbers = [(mark, rows[scope][0] if scope in rows else 0) for mark, scope in used]
    changed_at = max((rows[scope][1] for _, scope in used if scope in rows), default=EPOCH)
    token = "-".join(f"{mark}{number}" for mark, number in numbers)
    return Version(
        f"{token}.{int(changed_at.timestamp() * 1_000_000)}",
        changed_at,
        sum(number for _, number in numbers),
    )


def versions_of_roles(
    map_id: int, role_ids: Iterable[int], *, own: bool
) -> tuple[dict[int, str], str]:
    """Each role's version in one map as a token, in one query for all of them: what a
    piece kept per role (roles.pieces) is keyed by. The same fall-backs as current_version:
    the role's own row, else the map's, else (a map based on another, `own` False, or a map
    with no row yet) `anymap`; with `all` and `evidence` in every token. Second, from the
    same rows, the token of `all` and `evidence` alone: what a piece of the catalogue as a
    map sees it (responsibilities, areas, their order: no assignment write) is keyed by."""
    ids = list(dict.fromkeys(role_ids))
    the_map = map_scope(map_id)
    scopes = [ALL, EVIDENCE, ANY_MAP]
    if own:
        scopes += [the_map, *(role_scope(map_id, pk) for pk in ids)]
    rows = _read_rows(scopes)
    tokens = {}
    for pk in ids:
        used = [("a", ALL), ("e", EVIDENCE)]
        mine = role_scope(map_id, pk)
        if the_map in rows and mine in rows:
            used.append(("r", mine))
        else:  # a role's pieces show no note
            used += _map_used(rows, the_map, notes=False)
        tokens[pk] = _version(used, rows).token
    return tokens, _version([("a", ALL), ("e", EVIDENCE)], rows).token


def map_version(map_id: int, *, own: bool, notes: bool) -> str:
    """One map's version as a token, for a piece kept per map (roles.pieces.per_map): the
    map's row (with its notes row unless `notes` is False) and `all` and `evidence`, or
    `anymap` for a map based on another (`own` False) or without its own row, the
    fall-backs of current_version."""
    the_map = map_scope(map_id)
    scopes = [ALL, EVIDENCE, ANY_MAP]
    if own:
        scopes += [the_map, notes_scope(map_id)]
    rows = _read_rows(scopes)
    return _version(
        [("a", ALL), ("e", EVIDENCE), *_map_used(rows, the_map, notes=notes)], rows
    ).token


# (map slug, role slugs) -> the scope names they resolve to, with the `all` and `evidence`
# rows they were resolved under. Renaming or replacing a map advances `all` and a role
# `evidence`, so while both rows are unchanged the names still hold, and a request reads its
# rows by name: a plain `IN` that PostgreSQL plans in a fraction of the resolving query's
# time (about 0.4 ms against 2.5 ms). Every request pays this query, stored answers included.
_resolved: dict[tuple[str, tuple[str, ...]], tuple[tuple[object, ...], list[str]]] = {}
_RESOLVED_MAX = 4096


def forget_resolved() -> None:
    """Drop the names resolved so far (a write of `all` or `evidence` in this process, or a
    test that starts from another database)."""
    _resolved.clear()


def _stamp(rows: Rows) -> tuple[object, ...] | None:
    if ALL not in rows or EVIDENCE not in rows:
        return None
    return (*rows[ALL], *rows[EVIDENCE])


def _fetch(sql: str, params: list[str]) -> list[tuple[str, int, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _read_rows(scopes: list[str]) -> Rows:
    marks = ", ".join(["%s"] * len(scopes))
    table = DataVersion._meta.db_table
    sql = f"SELECT scope, number, changed_at FROM {table} WHERE scope IN ({marks})"
    fetched = _fetch(sql, list(scopes))
    return {scope: (number, _aware(changed)) for scope, number, changed in fetched}


def _read_named_rows(scopes: list[str], map_slug: str, role_slugs: tuple[str, ...]) -> Rows:
    """The rows of `scopes` and of the map (and roles) named by slug: one query either way."""
    key = (map_slug, role_slugs)
    known = _resolved.get(key)
    if known is not None:
        rows = _read_rows(scopes + known[1])
        if _stamp(rows) == known[0]:
            return rows
    sql = _resolving_sql(len(scopes), len(role_slugs))
    params = [*scopes, map_slug, map_slug, map_slug, *role_slugs, map_slug, *role_slugs]
    fetched = _fetch(sql, params)
    rows = {}
    map_ids: list[int] = []
    role_ids: list[int] = []
    for scope, number, changed in fetched:
        if scope == "#map":
            map_ids.append(number)
        elif scope == "#role":
            role_ids.append(number)
        else:
            rows[scope] = (number, _aware(changed))
    stamp = _stamp(rows)
    if stamp is not None:
        names = [map_scope(m) for m in map_ids] + [notes_scope(m) for m in map_ids]
        names += [role_scope(m, r) for m in map_ids for r in role_ids]
        if len(_resolved) >= _RESOLVED_MAX:
            _resolved.clear()
        _resolved[key] = (stamp, names)
    return rows


@functools.lru_cache(maxsize=64)
def _resolving_sql(scope_count: int, role_count: int) -> str:
    """The rows of the scopes and of the map and roles named by slug, and the ids those
    slugs name (rows `#map` and `#role`), so that later requests can read them by name.

    Written once as text per shape: built with the ORM (subqueries, Concat and Cast
    compiled anew each time) it cost about 3 ms of Python per request. `||` joins text to
    a number in SQLite and PostgreSQL alike.
    """
    versions = DataVersion._meta.db_table
    maps = apps.get_model("roles", "RoleMap")._meta.db_table
    roles = apps.get_model("roles", "Role")._meta.db_table
    marks = ", ".join(["%s"] * scope_count)
    slugs = ", ".join(["%s"] * role_count) or "NULL"
    # A map based on another (a team's) shows where it departs from its base, so it reads
    # the base's parts too: such a map is keyed by `anymap`, so it names no row here.
    the_map = f"FROM {maps} m WHERE m.slug = %s AND m.based_on_id IS NULL"
    return (
        f"SELECT scope, number, changed_at FROM {versions} WHERE scope IN ({marks})"
        f" OR scope IN (SELECT 'map:' || m.id {the_map})"
        f" OR scope IN (SELECT 'map:' || m.id || ':notes' {the_map})"
        f" OR scope IN (SELECT 'map:' || m.id || ':role:' || r.id FROM {maps} m, {roles} r"
        f" WHERE m.slug = %s AND m.based_on_id IS NULL AND r.slug IN ({slugs}))"
        f" UNION ALL SELECT '#map', m.id, NULL {the_map}"
        f" UNION ALL SELECT '#role', r.id, NULL FROM {roles} r WHERE r.slug IN ({slugs})"
    )


def _aware(value: dt.datetime | str) -> dt.datetime:
    """A raw cursor gives SQLite's times as text and PostgreSQL's as aware datetimes."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def current() -> Version:
    """The version of everything (any write moves it)."""
    return current_version(EVERYTHING)
