"""Pieces of pages kept per role, keyed by the version of that role's data.

A stored answer (pmroles.conditional) is keyed by its address, so it helps the reader who
asks the same address again and nobody else: a crowd comparing many different pairs of
roles builds almost every page from nothing. Much of that work is per role and the same on
every page that shows the role (how much evidence stands behind it, for instance), so it is
kept here under the role's own version: comparing A with B, then A with C, counts A's
evidence once, and a write to A's parts makes A's pieces be built again and leaves B's and
C's where they were.

A piece's key is (kind, map, role, version), the version read from the database like a
stored answer's (responsibilities.versioning), in one query for all the roles a page shows:

- `all` (maps written, bulk writes and restores), `evidence` (everything outside the maps:
  quotes, sources, responsibilities; a quote attached from the quote's side lands here too);
- the role's own row in the map (`map:<id>:role:<id>`), which every write to that role's
  parts in that map advances; without one (a role never written since its rows were made),
  the map's row; for a map based on another, or a map without its own row, `anymap`, which
  every assignment write advances (the same fall-backs as versioning.current_version).

The changed-at time of each row read is in the key too, so a restored database that reuses
numbers never meets a piece kept before. A piece depends only on the map and the role, never
on who reads it: callers resolve the map among those the reader may see before asking.
PMROLES_READ_CACHE=False (tests that count a view's own queries) builds every piece anew.

Two more kinds of key: a piece of a whole map under the map's version (per_map: the matrix
page's counts), and a piece of the catalogue as one map sees it under `all` and `evidence`
alone (per_catalogue: the order of its responsibilities, the roles it offers), which no
assignment write moves; tokens_for reads a page's role tokens and the catalogue's together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from responsibilities.versioning import map_version, versions_of_roles

from .models import RoleMap

T = TypeVar("T")

# Keys carry the version, so a piece never goes stale; this only frees the cache.
PIECE_SECONDS = 24 * 60 * 60


def role_tokens(role_map: RoleMap, role_ids: Iterable[int]) -> dict[int, str]:
    """Each role's version in the map, as a key fragment (one query for all of them)."""
    return versions_of_roles(role_map.pk, role_ids, own=role_map.based_on_id is None)[0]


@dataclass(frozen=True)
class Tokens:
    """The versions a page's pieces are keyed by, read in one query: each role's, and the
    catalogue's as the map sees it (`all` and `evidence`: responsibilities, areas, their
    order), for pieces of the map that no assignment write changes (per_map)."""

    roles: dict[int, str]
    catalogue: str


def tokens_for(role_map: RoleMap, role_ids: Iterable[int]) -> Tokens:
    """Tokens for these roles and the map's catalogue: one query, shared by a page's pieces
    (none when pieces are not kept: nothing reads them then)."""
    if not enabled():
        return Tokens({}, "")
    roles, catalogue = versions_of_roles(role_map.pk, role_ids, own=role_map.based_on_id is None)
    return Tokens(roles, catalogue)


def enabled() -> bool:
    return bool(getattr(settings, "PMROLES_READ_CACHE", True))


def per_role(
    kind: str,
    role_map: RoleMap,
    role_ids: Iterable[int],
    build: Callable[[list[int]], dict[int, T]],
    *,
    reuse: Callable[[object], T | None] | None = None,
    also: tuple[str, ...] = (),
    tokens: Tokens | None = None,
) -> dict[int, T]:
    """The `kind` piece of each role, kept ones where their version holds, `build(missing)`
    (a dict by role id, one batch) for the others, which are then kept.

    `also`: other kinds whose pieces serve too, turned into this kind by `reuse` (None when
    one cannot): the full coverage a role page kept tells a comparison whether it is thin.
    `tokens`: read already for this page (tokens_for), so that its pieces share one query.
    """
    ids = list(dict.fromkeys(role_ids))
    if not ids:
        return {}
    if not enabled():
        return build(ids)
    versions = tokens.roles if tokens is not None else role_tokens(role_map, ids)

    def key(which: str, pk: int) -> str:
        return f"pmroles:piece:{which}:{role_map.pk}:{pk}:{versions[pk]}"

    wanted = {key(kind, pk): pk for pk in ids}
    for other in also:
        wanted.update({key(other, pk): pk for pk in ids})
    found = cache.get_many(list(wanted))
    result: dict[int, T] = {}
    for name, value in found.items():
        pk = wanted[name]
        if pk in result:
            continue
        if name.startswith(f"pmroles:piece:{kind}:"):
            result[pk] = value
        elif reuse is not None and (turned := reuse(value)) is not None:
            result[pk] = turned
    missing = [pk for pk in ids if pk not in result]
    if missing:
        built = build(missing)
        cache.set_many({key(kind, pk): built[pk] for pk in missing}, PIECE_SECONDS)
        result.update(built)
    return result


def per_map(kind: str, role_map: RoleMap, build: Callable[[], T], *, notes: bool = False) -> T:
    """A piece of a whole map, kept under the map's version (read without its notes row
    unless `notes`): what every page of the matrix counts over the whole map (its rows and
    gaps) is counted once a version, not once a page. `kind` names the piece and whatever
    else it depends on (an area filter, say)."""
    if not enabled():
        return build()
    token = map_version(role_map.pk, own=role_map.based_on_id is None, notes=notes)
    return _kept(f"pmroles:piece:{kind}:{role_map.pk}:{token}", build)


def per_catalogue(kind: str, role_map: RoleMap, tokens: Tokens, build: Callable[[], T]) -> T:
    """The `kind` piece of the map's catalogue (what no assignment write changes), kept under
    the catalogue's version (`all` and `evidence`), else built and kept."""
    if not enabled():
        return build()
    return _kept(f"pmroles:piece:{kind}:{role_map.pk}:catalogue:{tokens.catalogue}", build)


def _kept(key: str, build: Callable[[], T]) -> T:
    """The piece kept under `key`, else `build()`, kept there."""
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, PIECE_SECONDS)
    return found
