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
migration or pin makes a new key, so the copy is made again, by migrating.
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
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()
    call_command("createcachetable", database=connection.alias)
    return name


def _postgresql(connection, original, verbosity, autoclobber, serialize):
    import psycopg2
    from psycopg2.errors import DuplicateDatabase

    template = TEMPLATE_PREFIX + contents_key()
    admin = psycopg2.connect(
        dbname="postgres",
        **{
            key: value
            for key, value in connection.get_connection_params().items()
            if key in {"user", "password", "host", "port"}
        },
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            kept = cursor.fetchone() is not None
        if kept:
            connection.settings_dict["TEST"]["TEMPLATE"] = template
            return original(verbosity, autoclobber, serialize, False)
        name = original(verbosity, autoclobber, serialize, False)
        # A template database must have no other session: Django's reconnects when needed.
        connection.close()
        building = f"pmroles_test_building_{os.getpid()}"
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
            cursor.execute(f'CREATE DATABASE "{building}" TEMPLATE "{name}"')
            cursor.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
                [TEMPLATE_PREFIX],
            )
            for (stale,) in cursor.fetchall():
                cursor.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
            try:
                cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            except DuplicateDatabase:  # another run kept its own first: use that one
                cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
        return name
    finally:
        admin.close()
