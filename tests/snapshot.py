"""Build a test world once per run, then put its rows back for each test that asks for it.

Building the sample with the factories goes through every write path (history rows, data
versions, signals): about 0.3 s of CPU, paid by several hundred tests. The first test that
asks builds it for real and records what the build changed in every table; later tests get
the same rows written back with plain INSERTs (ids included) and a fresh copy of the built
objects, so each test still starts from its own rows and may change them freely.

The rows are written back only when every table the build touched is exactly as it was
before the recorded build (otherwise the rows could clash with or miss what is there, for
example after a transactional test's flush or beside other data): then the world is built
again with the factories, and that build is recorded too. The data versions are the
exception: a fixture that writes before the world is built (a user made for the test moves
`readers`) adds or stamps a version row, so they are merged by scope instead, each advanced
by what the build advanced it (written back by id, such tests built the world again: about
70 builds a run).
"""

import pickle
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

# Tables whose rows say nothing about the world: Django's own bookkeeping.
IGNORED = {"django_migrations", "django_session", "sqlite_sequence"}
# Tables merged by a natural key whatever they hold, not matched row for row: table ->
# (natural key, the counter a build advances).
MERGED = {"responsibilities_dataversion": ("scope", "number")}


@dataclass
class Recording:
    base: dict  # table -> its rows (sorted by key) before the build, for the touched tables
    changed: dict  # table -> (columns, rows to write: new or updated)
    removed: dict  # table -> keys of rows the build deleted or updated
    keys: dict  # table -> key column
    # What the builder returned, pickled: each test unpickles its own copy, the same copy as
    # a deep copy (shared objects stay shared) made in C: 0.05 ms for the sample against
    # 0.3 ms, and the generated datasets' hundreds of rows are copied for every test.
    built: bytes
    context: object  # what the build read and did not write (ids), equal for a write-back


_recordings: dict[str, list[Recording]] = {}


def _read(cursor, table: str, key: str) -> tuple[list[str], list[tuple]]:
    quoted = connection.ops.quote_name
    cursor.execute(f"SELECT * FROM {quoted(table)} ORDER BY {quoted(key)}")
    columns = [c[0] for c in cursor.description]
    rows = [tuple(row) for row in cursor.fetchall()]
    skipped = _generated(cursor).get(table)
    if skipped and skipped & set(columns):
        kept = [i for i, name in enumerate(columns) if name not in skipped]
        return [columns[i] for i in kept], [tuple(row[i] for i in kept) for row in rows]
    return columns, rows


_generated_columns: dict[str, set[str]] = {}


def _generated(cursor) -> dict[str, set[str]]:
    """{table: its generated columns} (PostgreSQL: the roles' search document, roles/0006),
    which the database fills and refuses in an INSERT: they are neither recorded nor
    written back. Kept once found (a table migrated back without its column reads as is);
    read again while none is found (a migration test's database before them)."""
    if connection.vendor != "postgresql" or _generated_columns:
        return _generated_columns
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_generated = 'ALWAYS'"
    )
    for table, column in cursor.fetchall():
        _generated_columns.setdefault(table, set()).add(column)
    return _generated_columns


def _tables(cursor) -> dict[str, str]:
    """Every table with a single-column primary key -> that column."""
    keys = {}
    for table in connection.introspection.table_names(cursor):
        if table in IGNORED:
            continue
        key = connection.introspection.get_primary_key_column(cursor, table)
        if key:
            keys[table] = key
    return keys


def _record(builder, context) -> tuple[object, Recording]:
    with connection.cursor() as cursor:
        keys = _tables(cursor)
        before = {t: _read(cursor, t, k) for t, k in keys.items()}
    built = builder()
    changed, removed, base = {}, {}, {}
    with connection.cursor() as cursor:
        for table, key in keys.items():
            columns, rows = _read(cursor, table, key)
            old_columns, old_rows = before[table]
            if rows == old_rows:
                continue
            at = columns.index(key)
            old = {row[at]: row for row in old_rows}
            new = {row[at]: row for row in rows}
            changed[table] = (columns, [r for k, r in new.items() if old.get(k) != r])
            removed[table] = [k for k, r in old.items() if new.get(k) != r]
            base[table] = old_rows
    keys = {t: keys[t] for t in base}
    pickled = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
    return built, Recording(base, changed, removed, keys, pickled, context)


def _matches(recording: Recording) -> bool:
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if not set(recording.base) <= existing:
            return False
        return all(
            _read(cursor, table, recording.keys[table])[1] == rows
            for table, rows in recording.base.items()
            if table not in MERGED
        )


def _adapted(rows: list[tuple]) -> list:
    """The rows as the driver takes them: on PostgreSQL a JSON column's value (read back as
    a dict) wrapped for psycopg2; on SQLite the rows as they are (no pass over every value:
    several hundred thousand per run)."""
    if connection.vendor != "postgresql":
        return rows
    from psycopg2.extras import Json

    return [[Json(v) if isinstance(v, dict) else v for v in row] for row in rows]


def _write(recording: Recording) -> None:
    """The recorded rows, in one transaction: foreign keys are checked at its end (both
    databases declare them deferred), so the tables' order does not matter."""
    quoted = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in recording.changed.keys() & MERGED.keys():
            _merge(cursor, recording, table)
        for table, doomed in recording.removed.items():
            if table in MERGED:
                continue
            key = quoted(recording.keys[table])
            for pk in doomed:
                cursor.execute(f"DELETE FROM {quoted(table)} WHERE {key} = %s", [pk])
        for table, (columns, rows) in recording.changed.items():
            if not rows or table in MERGED:
                continue
            names = ", ".join(quoted(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {quoted(table)} ({names}) VALUES ({marks})",
                _adapted(rows),
            )
        if connection.vendor == "postgresql":
            # Explicit ids leave identity sequences behind: move them past the rows.
            for table, key in recording.keys.items():
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quoted(table), key])
                (sequence,) = cursor.fetchone()
                if sequence:
                    cursor.execute(
                        f"SELECT setval(%s, (SELECT COALESCE(MAX({quoted(key)}), 0) + 1 "
                        f"FROM {quoted(table)}), false)",
                        [sequence],
                    )


def _merge(cursor, recording: Recording, table: str) -> None:
    """The build's rows of a MERGED table by natural key: a row already there is advanced by
    what the build advanced it (as building again would have) and takes the rest of the
    recorded row; a missing one is inserted with a new id."""
    quoted = connection.ops.quote_name
    natural, counter = MERGED[table]
    columns, rows = recording.changed[table]
    at_natural, at_counter = columns.index(natural), columns.index(counter)
    before = {row[at_natural]: row[at_counter] for row in recording.base[table]}
    cursor.execute(f"SELECT {quoted(natural)}, {quoted(counter)} FROM {quoted(table)}")
    now = dict(cursor.fetchall())
    others = [c for c in columns if c not in (recording.keys[table], natural)]
    for row in _adapted(rows):
        values = {c: row[columns.index(c)] for c in others}
        name = row[at_natural]
        if name in now:
            values[counter] = now[name] + row[at_counter] - before.get(name, 0)
            sets = ", ".join(f"{quoted(c)} = %s" for c in values)
            cursor.execute(
                f"UPDATE {quoted(table)} SET {sets} WHERE {quoted(natural)} = %s",
                [*values.values(), name],
            )
        else:
            names = ", ".join(quoted(c) for c in [natural, *values])
            marks = ", ".join(["%s"] * (len(values) + 1))
            cursor.execute(
                f"INSERT INTO {quoted(table)} ({names}) VALUES ({marks})",
                [name, *values.values()],
            )


def built_once(name: str, builder, context=None):
    """`builder()`'s world in the database and a fresh copy of what it returned: written
    back from a recording when the database is as it was before one, else built.

    `context` names rows the build points at without writing them (a map's id, say): they
    are in no table the recording compares, so a recording is written back only where the
    context is the same (on PostgreSQL an id taken in one test is not taken again)."""
    for recording in _recordings.get(name, []):
        if recording.context == context and _matches(recording):
            try:
                _write(recording)
            except IntegrityError:
                continue
            return pickle.loads(recording.built)
    # A few starting points at most (the migrated database, the one after a flush); past
    # them, build without reading every table before and after (on PostgreSQL, new ids make
    # a new starting point in each test).
    recordings = _recordings.setdefault(name, [])
    if len(recordings) >= 4:
        return builder()
    built, recording = _record(builder, context)
    recordings.append(recording)
    return built


def _fingerprint(world) -> str:
    """Which rows a world's objects are (their ids): an addition recorded on one sample is
    written back only onto a sample with the same ids."""
    parts = []
    for name, value in sorted(vars(world).items()):
        if isinstance(value, dict):
            parts.append((name, sorted((k, getattr(v, "pk", None)) for k, v in value.items())))
        else:
            parts.append((name, getattr(value, "pk", value is not None)))
    return repr(parts)


def added_once(name: str, world, add):
    """`add(world)` (an `add_*` of tests/world.py) like `built_once`. `add` may change the
    world's objects in memory too: the world takes the recorded copies of them."""
    key = f"{name}:{_fingerprint(world)}"
    recorded, added = built_once(key, lambda: (world, add(world)))
    if recorded is not world:
        vars(world).update(vars(recorded))
    return world if added is recorded else added


def load_reference() -> None:
    """`loaddata reference` (the real, cited content) for a test that starts from it; a test
    about loading itself calls loaddata."""
    from django.core.management import call_command

    built_once("reference", lambda: call_command("loaddata", "reference", verbosity=0))
