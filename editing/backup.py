"""Whole-database backup and restore, history included, identical on SQLite and PostgreSQL.

Why not `dumpdata` + `flush` + `loaddata`: loading fires simple-history's many-to-many
receiver, so every loaded object with evidence got an extra, authorless history row (SQLite)
whose ids then clashed with the dumped history rows (PostgreSQL: duplicate key, and the
database was left flushed). Here:

- every row is written with its own primary key, content types and permissions included,
  so history rows (which keep plain ids, not foreign keys) still point at the right objects
  and generic relations still resolve;
- restore empties the tables and loads the file in ONE transaction with history recording
  off, checks every foreign key before committing, and resets PostgreSQL's sequences, so
  it either gives back exactly the backed-up database or changes nothing;
- the file records the migration state it was taken at; restoring it into a database at
  another state is refused with a sentence, before anything is touched.

Sessions are neither saved nor kept: after a restore everyone signs in again.

A backup holds password hashes and tokens, so a file edited to make a Reader a superuser
must not be restored quietly (issue 17, finding 8): the file ends with an HMAC-SHA256 of
everything before it, keyed with PMROLES_BACKUP_KEY (else a key derived from SECRET_KEY).
Restore refuses a file whose signature is missing or wrong unless the operator says
`--trust-unsigned` (an old backup, or one signed with another key).

Restore reads a file within caps (PMROLES_RESTORE_MAX_BYTES as stored,
PMROLES_RESTORE_MAX_DATA_BYTES decompressed), a megabyte at a time, so a gzip bomb or a huge
file is refused with a sentence before it takes the machine's memory.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

# simple-history reads this setting on every signal; restore switches it off for its block.
from django.test.utils import override_settings

from responsibilities import version_writes, versioning

FORMAT = "pmroles-backup"
VERSION = 1
SKIPPED_APPS = {"sessions"}
# Bookkeeping whose rows name files that are not in a backup: prepared whole-map downloads
# (roles/prepared.py) are written again for the restored data when first asked for.
SKIPPED_MODELS = {"roles.prepareddownload"}


SIGNATURE_KEY = ', "signature": "hmac-sha256:'
# Restore reads at most this much (settings PMROLES_RESTORE_MAX_BYTES and
# PMROLES_RESTORE_MAX_DATA_BYTES, from the environment): the file as stored, and its JSON.
DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_DATA_BYTES = 1024 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024


def _signing_key() -> bytes:
    explicit = getattr(settings, "PMROLES_BACKUP_KEY", "")
    if explicit:
        return explicit.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"pmroles-backup", hashlib.sha256).digest()


class _SigningWriter:
    """Writes through to the file and keeps an HMAC of every character written."""

    def __init__(self, handle: TextIO):
        self.handle = handle
        self.mac = hmac.new(_signing_key(), digestmod=hashlib.sha256)

    def write(self, text: str) -> int:
        self.mac.update(text.encode("utf-8"))
        return self.handle.write(text)

    def flush(self) -> None:
        self.handle.flush()


def _signature_problem(text: str) -> str | None:
    """None when the text ends with a valid signature of what comes before it."""
    at = text.rfind(SIGNATURE_KEY)
    if at < 0:
        return "it is not signed"
    body, rest = text[:at], text[at + len(SIGNATURE_KEY) :]
    given = rest.split('"', 1)[0]
    expected = hmac.new(_signing_key(), body.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given, expected):
        return "its signature does not match its content (changed, or signed with another key)"
    return None


class BackupError(Exception):
    """The file cannot be restored (unreadable, not a backup, another schema); said plainly."""


@dataclass(frozen=True)
class RestoreReport:
    objects: int
    models: int


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model with a table, in a stable order, sessions left out."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in SKIPPED_APPS
        and model._meta.label_lower not in SKIPPED_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _rows() -> Iterator[models.Model]:
    for model in backed_up_models():
        yield from model._base_manager.order_by("pk").iterator(chunk_size=2000)


def max_file_bytes() -> int:
    """PMROLES_RESTORE_MAX_BYTES: the largest backup file restore reads (as stored)."""
    return int(getattr(settings, "PMROLES_RESTORE_MAX_BYTES", DEFAULT_MAX_FILE_BYTES))


def max_data_bytes() -> int:
    """PMROLES_RESTORE_MAX_DATA_BYTES: the most JSON a backup may hold once decompressed."""
    return int(getattr(settings, "PMROLES_RESTORE_MAX_DATA_BYTES", DEFAULT_MAX_DATA_BYTES))


def _bounded_text(path: Path) -> str:
    """The backup's JSON text, read within both caps, a megabyte at a time.

    Restore read the whole file and decompressed it whole, so a gzip bomb (a few megabytes
    that inflate to many gigabytes) or a huge file took all the memory there was. Here the
    file's size is checked before it is opened, a `.gz` file must start as gzip does, and
    decompression stops as soon as the output passes the cap: time and memory stay bounded
    by the caps, whatever the file claims.
    """
    size = path.stat().st_size
    limit = max_file_bytes()
    if size > limit:
        raise BackupError(
            f"{path} is {size:,} bytes, over the restore limit of {limit:,} bytes "
            "(PMROLES_RESTORE_MAX_BYTES); nothing was changed. Raise the limit only for a "
            "backup you know."
        )
    gzipped = path.suffix == ".gz"
    with open(path, "rb") as raw:
        if gzipped and raw.read(2) != GZIP_MAGIC:
            raise BackupError(
                f"{path} is not gzip-compressed, though its name ends in .gz; nothing was "
                "changed. `manage.py backup` writes .json.gz files as gzip."
            )
        raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
        limit, chunks, total = max_data_bytes(), [], 0
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise BackupError(
                    f"{path} holds more than {limit:,} bytes of data once decompressed "
                    "(PMROLES_RESTORE_MAX_DATA_BYTES), so it was not read further; nothing "
                    "was changed. A backup that inflates this much is not one pmroles wrote "
                    "for this database, or the limit must be raised for it."
                )
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")


def _open(path: Path, mode: str, *, gzipped: bool) -> TextIO:
    if gzipped:
        return cast(TextIO, gzip.open(path, mode + "t", encoding="utf-8"))
    return cast(TextIO, open(path, mode, encoding="utf-8"))  # noqa: SIM115  # caller closes


def write_backup(path: Path) -> int:
    """Write every row to `path` (gzip when it ends in .gz); returns the number of rows.

    The file is written next to its final name and renamed at the end, so an interrupted
    backup never leaves a truncated file under the name of a good one.
    """
    partial = path.with_name(path.name + ".partial")
    nested = connection.in_atomic_block
    counter = _Counter(_rows())
    try:
        with transaction.atomic(), _open(partial, "w", gzipped=path.suffix == ".gz") as handle:
            if connection.vendor == "postgresql" and not nested:
                # One snapshot for every table, as of the first query.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            signed = _SigningWriter(handle)
            header = {"format": FORMAT, "version": VERSION, "migrations": applied_migrations()}
            signed.write(json.dumps(header)[:-1] + ', "objects": ')
            _FullPrecisionSerializer().serialize(counter, stream=cast(TextIO, signed))
            handle.write(SIGNATURE_KEY + signed.mac.hexdigest() + '"}\n')
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return counter.count


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Datetimes and times to the microsecond: Django's encoder cuts them to milliseconds,
    so a value such as 12:00:00.000456 came back from a restore as 12:00:00."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _FullPrecisionSerializer(JsonSerializer):
    def end_object(self, obj):
        # As Django's JSON serializer, with the encoder above.
        if not self.first:
            self.stream.write(", ")
        options = {**self.json_kwargs, "cls": _FullPrecisionEncoder}
        json.dump(self.get_dump_object(obj), self.stream, **options)
        self._current = None


class _Counter:
    def __init__(self, rows: Iterator[models.Model]):
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[models.Model]:
        for row in self.rows:
            self.count += 1
            yield row


def read_backup(path: Path, *, trust_unsigned: bool = False) -> dict:
    try:
        text = _bounded_text(path)
        document = json.loads(text)
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}.") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError, zlib.error) as exc:
        raise BackupError(f"{path} is not a readable pmroles backup ({exc}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a pmroles backup (no '{FORMAT}' header).")
    if document.get("version") != VERSION:
        raise BackupError(
            f"{path} is a version {document.get('version')} backup; this pmroles reads {VERSION}."
        )
    if not isinstance(document.get("objects"), list):
        raise BackupError(f"{path} has no list of objects.")
    problem = _signature_problem(text)
    if problem and not trust_unsigned:
        raise BackupError(
            f"{path} is refused: {problem}. Restore it only if you know where it comes from, "
            "with --trust-unsigned (PMROLES_BACKUP_KEY must be the key it was written with)."
        )
    return document


def _backed_up_version(document: dict) -> int:
    """The version every key reads (scope `all`) the backup was taken at (0 for none)."""
    for item in document["objects"]:
        if isinstance(item, dict) and item.get("model") == "responsibilities.dataversion":
            fields = item.get("fields") or {}
            if fields.get("scope", "all") == "all":
                return int(fields.get("number") or 0)
    return 0


def restore_backup(path: Path, *, trust_unsigned: bool = False) -> RestoreReport:
    """Replace the whole database with the backup at `path`, or change nothing."""
    document = read_backup(path, trust_unsigned=trust_unsigned)
    here = applied_migrations()
    if document.get("migrations") != here:
        theirs = {tuple(m) for m in document.get("migrations") or []}
        ours = {tuple(m) for m in here}
        missing = sorted(f"{a}.{n}" for a, n in theirs - ours)
        extra = sorted(f"{a}.{n}" for a, n in ours - theirs)
        raise BackupError(
            "The backup was taken at another migration state; migrate this database to match "
            f"first (in the backup only: {', '.join(missing) or 'none'}; "
            f"here only: {', '.join(extra) or 'none'})."
        )
    backed_up = backed_up_models()
    # Every table of every model (many-to-many tables and sessions included) is emptied.
    existing = set(connection.introspection.table_names())
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        & existing
    )
    loaded: set[type[models.Model]] = set()
    count = 0
    try:
        with (
            transaction.atomic(),
            override_settings(SIMPLE_HISTORY_ENABLED=False),
        ):
            # Settle deferred checks of earlier writes in this transaction first: PostgreSQL
            # refuses to TRUNCATE a table with pending trigger events.
            connection.check_constraints()
            with connection.cursor() as cursor:
                statements = connection.ops.sql_flush(
                    no_style(),
                    tables,
                    reset_sequences=True,
                    allow_cascade=False,
                )
                for sql in statements:
                    cursor.execute(sql)
            with connection.constraint_checks_disabled():
                for item in serializers.deserialize("python", document["objects"]):
                    if isinstance(item.object, versioning.DataVersion):
                        # Loading the rows above already made version rows (one per scope):
                        # a backed-up one takes its scope's row, whatever its id.
                        versioning.DataVersion.objects.update_or_create(
                            scope=item.object.scope,
                            defaults={
                                "number": item.object.number,
                                "changed_at": item.object.changed_at,
                            },
                        )
                    else:
                        item.save()
                    loaded.add(type(item.object))
                    count += 1
            connection.check_constraints(
                table_names=[model._meta.db_table for model in loaded if not model._meta.proxy]
            )
            version_writes.advance_past(_backed_up_version(document))
            reset = connection.ops.sequence_reset_sql(no_style(), backed_up)
            if reset:
                with connection.cursor() as cursor:
                    for sql in reset:
                        cursor.execute(sql)
    except (DeserializationError, IntegrityError, DatabaseError, LookupError) as exc:
        reason = " ".join(str(exc).split())
        raise BackupError(f"{path} could not be restored, nothing was changed: {reason}") from None
    finally:
        ContentType.objects.clear_cache()
    return RestoreReport(objects=count, models=len(loaded))
