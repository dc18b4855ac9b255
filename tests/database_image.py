"""The test database made from a kept copy when the migrations are the ones it was made with.

Making the test database runs every migration (about 5 s of CPU, most of it Django working
out the models' state after each step), and the result depends only on the migrations and
the pinned packages. So the first run keeps a copy, named after those contents
(`contents_key`), and later runs start from it:

- SQLite (the in-memory test database): a database file under `.test-cache/`, copied into
  the memory database with SQLite's backup.
- PostgreSQL: a template database on the server (`pmroles_test_template_<key>`); Django
  creates the test database with `TEMPLATE` and its `migrate` finds nothing to apply.

A copy is written under a name of its own and then renamed, so a run beside this one never
starts from a half-written copy; copies for other contents are removed. A change to any
migration or pin makes a new key, so the copy is made again, by migrating. The SQLite copy
is also what tests that need the migrated database again start from (`migrated_sqlite`);
the outage test keeps its PostgreSQL database the same way (`kept_template`).
"""

import hashlib
import os
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SQLITE_CACHE = ROOT / ".test-cache"
TEMPLATE_PREFIX = "pmroles_test_template_"
# The SQLite copy this run's in-memory test database was made from, once it is made.
_sqlite_copy: list[Path] = []


def migrated_sqlite() -> Path | None:
    """The SQLite file of the migrated test database, when this run's test database is
    SQLite in memory and has been made; else None."""
    return _sqlite_copy[0] if _sqlite_copy else None


def contents_key(*extra: str) -> str:
    """A short digest of every migration, `pyproject.toml` (the pins) and the `extra` globs,
    names and bytes, from the project's root."""
    digest = hashlib.sha256()
    paths = [*ROOT.glob("*/migrations/*.py"), ROOT / "pyproject.toml"]
    for pattern in extra:
        paths.extend(ROOT.glob(pattern))
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def keep_test_databases(connection) -> None:
    """Make `connection`'s test database from the kept copy, or keep one after migrating."""
    original = connection.creation.create_test_db

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        creation = connection.creation
        if connection.vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name()):
            return _sqlite(connection, original, verbosity, autoclobber, serialize, keepdb)
        if connection.vendor == "postgresql" and not keepdb:
            return _postgresql(connection, original, verbosity, autoclobber, serialize)
        return original(verbosity, autoclobber, serialize, keepdb)

    connection.creation.create_test_db = create_test_db


def _sqlite(connection, original, verbosity, autoclobber, serialize, keepdb):
    kept = SQLITE_CACHE / f"sqlite-{contents_key()}.sqlite3"
    if not kept.exists():
        name = original(verbosity, autoclobber, serialize, keepdb)
        SQLITE_CACHE.mkdir(exist_ok=True)
        writing = kept.with_suffix(f".{os.getpid()}.part")
        target = sqlite3.connect(writing)
        try:
            connection.ensure_connection()
            connection.connection.backup(target)
        finally:
            target.close()
        for stale in SQLITE_CACHE.glob("sqlite-*.sqlite3"):
            stale.unlink(missing_ok=True)
        os.replace(writing, kept)
        _sqlite_copy.append(kept)
        return name
    # What Django's create_test_db does, with the copy in place of `migrate`.
    creation = connection.creation
    name = creation._get_test_db_name()
    creation._create_test_db(verbosity, autoclobber, keepdb)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    source = sqlite3.connect(kept)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    _sqlite_copy.append(kept)
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()
    call_command("createcachetable", database=connection.alias)
    return name


def kept_template(admin, *, prefix: str, key: str, build) -> str:
    """The PostgreSQL template database `prefix + key`: there already, or made by
    `build(name)` under a name of its own and then renamed, so a run beside this one never
    copies a half-built one. Templates with the same prefix and another key are dropped.
    `admin` is an autocommit psycopg2 connection to another database."""
    from psycopg2.errors import DuplicateDatabase

    template = prefix + key
    with admin.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
        existing = {row[0] for row in cursor.fetchall()}
        if template in existing:
            return template
        for stale in existing:
            cursor.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
        # Not under `prefix`: a run beside this one would drop it as stale.
        building = f"pmroles_building_{key}_{os.getpid()}"
        cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    build(building)
    with admin.cursor() as cursor:
        try:
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        except DuplicateDatabase:  # another run kept its own first: use that one
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    return template


def _postgresql(connection, original, verbosity, autoclobber, serialize):
    import psycopg2

    admin = psycopg2.connect(
        dbname="postgres",
        **{
            key: value
            for key, value in connection.get_connection_params().items()
            if key in {"user", "password", "host", "port"}
        },
    )
    admin.autocommit = True
    made: list[str] = []

    def build(building: str) -> None:
        """Django's test database, migrated, copied as the template."""
        made.append(original(verbosity, autoclobber, serialize, False))
        connection.close()  # a template's source must have no other session
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{building}" TEMPLATE "{made[0]}"')

    try:
        template = kept_template(admin, prefix=TEMPLATE_PREFIX, key=contents_key(), build=build)
    finally:
        admin.close()
    if made:
        return made[0]
    connection.settings_dict["TEST"]["TEMPLATE"] = template
    return original(verbosity, autoclobber, serialize, False)
