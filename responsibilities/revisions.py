"""A map's revision as an import file sees it (editing.import_guard, editing.interchange).

An export records it and an import compares it, so a file is refused when what it would
overwrite changed after it was written. Read from the data versions
(responsibilities.versioning): the map's own rows and `evidence`.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from .versioning import ALL, EPOCH, EVIDENCE, DataVersion, map_scope, notes_scope


def map_revision(map_id: int, *, lock: bool = False) -> str:
    """The revision of one map as an import file sees it: the map's own row (its fields and
    its assignments) and `evidence` (the shared roles, responsibilities and evidence a file
    also carries), with the latest change time, e.g. `e41-m7.1764715200123456`. The `m`
    number counts the map's notes row too (a note edited alone advances only that one): the
    file carries notes, so a stale one is refused over a note's edit as well.

    An export records it and an import compares it (editing.services), so a file is refused
    when what it would overwrite changed after it was written. `lock`: inside a transaction
    on PostgreSQL, hold the rows (after `all`, in the order `advance` takes them) so no
    write lands between the comparison and the import.
    """
    scopes = [EVIDENCE, map_scope(map_id), notes_scope(map_id)]
    rows = DataVersion.objects.filter(scope__in=scopes)
    if lock and connection.vendor == "postgresql" and connection.in_atomic_block:
        DataVersion.objects.select_for_update().filter(scope=ALL).exists()
        rows = rows.select_for_update()
    found = {
        scope: (number, at)
        for scope, number, at in rows.values_list("scope", "number", "changed_at")
    }
    numbers = [found.get(scope, (0, EPOCH))[0] for scope in scopes]
    latest = max((at for _, at in found.values()), default=EPOCH)
    return f"e{numbers[0]}-m{numbers[1] + numbers[2]}.{int(latest.timestamp() * 1_000_000)}"


def revision_changed_at(revision: str) -> dt.datetime | None:
    """When the latest change a revision counts was made (None for one that is not ours)."""
    micro = revision.rpartition(".")[2]
    if not micro.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(micro) / 1_000_000, tz=dt.UTC)
