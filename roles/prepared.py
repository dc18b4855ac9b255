"""Whole-map downloads of big maps: written once in the background, kept per data version.

A whole-map file grows with the map: the evidence CSV is 41 MiB and two seconds of CPU at
the benchmark's scale 1 (100,000 parts), 147 MiB and nine seconds at scale 3. No reader
should hold a request open that long, and a server's workers should not spend it again for
every reader. So, above a size (`needs_preparing`), a download is prepared: the first
request starts writing the file in a thread of its worker and answers at once that it is
being prepared (the page says so and checks again; the API answers 202 with Retry-After);
once written, every request for the same version is served the kept file from the
"downloads" storage. Below that size the doors stream the file as they always did.

Why this is safe:
- A file is kept under a key naming the download, its address and the data version the
  request read (responsibilities.versioning), and written from one snapshot of the data
  (REPEATABLE READ on PostgreSQL) taken after that version was read: it is never older
  than its key, and after a write the key moves on, so a stale file is never served.
- Of two requests that find nothing, or a failed or abandoned preparation, only one starts
  a build: the row's unique key and a conditional update (PreparedDownloadQuerySet.claim).
- A build that stops (its worker recycled or killed) is taken over after STALE_AFTER; a
  failed one is tried again after RETRY_FAILED_AFTER; a build taken over cannot mark its
  row ready (its update names the start it was given).
- At most MAX_BUILDS builds run at once in a process; memory stays a build's chunk (the
  writers are the streamed ones: roles/csv_rows.py, roles/letters.py, roles/xlsx_stream.py).
- A finished file replaces the same download's files (rows and files) asked for before it
  (older versions), never a newer one that finished first; files no row names are removed
  once older than STALE_AFTER.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from responsibilities.models import Assignment

from .models import DownloadState, PreparedDownload, RoleMap

logger = logging.getLogger(__name__)

# A build not finished this long after it started is taken over by the next request (its
# worker may have been recycled: gunicorn's max_requests, a deploy).
STALE_AFTER = datetime.timedelta(minutes=2)
# A failed build is tried again by the first request this long after it failed.
RETRY_FAILED_AFTER = datetime.timedelta(minutes=1)
# Seconds a reader is asked to wait before asking again (Retry-After, the page's refresh).
RETRY_AFTER = 3
# Builds at once in one process; more wait their turn (each holds a chunk of the map).
MAX_BUILDS = 2
# The plain grid (role letters only) costs about a tenth of the evidence per part.
LETTERS_WEIGHT = 10
FOLDER = "prepared"

_turns = threading.BoundedSemaphore(MAX_BUILDS)
_running: set[threading.Thread] = set()
_running_lock = threading.Lock()


@dataclass(frozen=True)
class Recipe:
    """One download as a door offers it: what it is, the name and type it is served
    under, and how its bytes are written (a function of the map's data, never of the
    reader: every reader of the same version is served the same file)."""

    what: str  # the format and cells, and the door where the file differs by door
    filename: str
    content_type: str
    address: str  # the address the file names (the workbook's About sheet), if any
    version: str  # the data version token the request read
    write: Callable[[IO[bytes]], object]

    def key(self, role_map: RoleMap) -> str:
        raw = f"{self.what}\n{self.address}\n{role_map.pk}\n{self.version}"
        return hashlib.sha256(raw.encode()).hexdigest()


def needs_preparing(role_map: RoleMap, *, letters: bool) -> bool:
    """Whether the map's whole-map download is too big to write within a request: more
    parts than PMROLES_PREPARE_ABOVE_PARTS (the plain grid: LETTERS_WEIGHT times as many).
    One bounded count, whatever the map's size: it stops past the limit."""
    limit = int(settings.PMROLES_PREPARE_ABOVE_PARTS) * (LETTERS_WEIGHT if letters else 1)
    parts = Assignment.objects.filter(role_map=role_map).order_by()
    return parts[: limit + 1].count() > limit


def downloads_storage() -> Storage:
    return storages["downloads"]


def prepared(*, role_map: RoleMap, recipe: Recipe) -> PreparedDownload:
    """The kept file for `recipe` if it is ready, else the row of its preparation, started
    here when nobody is preparing it (or its preparation failed or stopped long enough
    ago). Never waits for a build. The map's parts are counted only when a row is made
    (for the reader to be told how big it is), never for a kept file."""
    key = recipe.key(role_map)
    now = timezone.now()
    download = PreparedDownload.objects.filter(key=key).first()
    if download is None:
        try:
            with transaction.atomic():
                download = PreparedDownload.objects.create(
                    role_map=role_map,
                    what=recipe.what,
                    key=key,
                    filename=recipe.filename,
                    content_type=recipe.content_type,
                    parts=Assignment.objects.filter(role_map=role_map).count(),
                    started=now,
                )
        except IntegrityError:  # another request started it a moment ago
            return PreparedDownload.objects.get(key=key)
        _start(download, recipe)
        return download
    if download.state == DownloadState.READY:
        if downloads_storage().exists(download.file):
            return download
        due = now  # its file is gone (storage emptied): write it again
    elif download.state == DownloadState.FAILED:
        due = (download.finished or download.started) + RETRY_FAILED_AFTER
    else:
        due = download.started + STALE_AFTER
    if now < due:
        return download
    claimed = PreparedDownload.objects.claim(download, now=now)
    if claimed is None:  # another request took it over first
        return PreparedDownload.objects.get(pk=download.pk)
    _start(claimed, recipe)
    return claimed


def retry_after(download: PreparedDownload) -> int:
    """Seconds a reader is asked to wait before asking again for a download not ready."""
    if download.state == DownloadState.FAILED:
        return int(RETRY_FAILED_AFTER.total_seconds())
    return RETRY_AFTER


def open_ready(download: PreparedDownload) -> IO[bytes]:
    """The kept file of a ready download, to stream to the reader."""
    return downloads_storage().open(download.file, "rb")


def wait_for_builds(timeout: float) -> bool:
    """Wait until no build runs in this process (tests, a clean shutdown); False if some
    still ran after `timeout` seconds."""
    with _running_lock:
        running = list(_running)
    deadline = time.monotonic() + timeout
    for thread in running:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in running)


def builds_running() -> int:
    """How many builds run in this process now (tests wait on it without reading a row)."""
    with _running_lock:
        return sum(1 for thread in _running if thread.is_alive())


def _start(download: PreparedDownload, recipe: Recipe) -> None:
    """Start the build once the row that names it is committed. Not a daemon thread: a
    worker that exits (gunicorn's max_requests) finishes the build first."""

    def launch() -> None:
        thread = threading.Thread(
            target=_build, args=(download.pk, download.started, recipe), name="prepare-download"
        )
        with _running_lock:
            _running.add(thread)
        thread.start()

    transaction.on_commit(launch)


def _build(pk: int, started: datetime.datetime, recipe: Recipe) -> None:
    try:
        with _turns:
            _write_and_keep(pk, started, recipe)
    except Exception as error:  # a build's failure is the row's, not the worker's
        logger.exception("Preparing download %s failed", pk)
        PreparedDownload.objects.filter(pk=pk, started=started).update(
            state=DownloadState.FAILED, finished=timezone.now(), error=repr(error)[:2000]
        )
    finally:
        connections.close_all()
        with _running_lock:
            _running.discard(threading.current_thread())


def _write_and_keep(pk: int, started: datetime.datetime, recipe: Recipe) -> None:
    download = PreparedDownload.objects.filter(pk=pk, started=started).first()
    if download is None or download.state != DownloadState.PREPARING:
        return  # taken over (or gone with its map) while waiting for a turn
    storage = downloads_storage()
    suffix = recipe.filename.rsplit(".", 1)[-1]
    with tempfile.TemporaryFile() as out:
        with transaction.atomic():
            if connection.vendor == "postgresql":  # one snapshot for the whole file
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            recipe.write(out)
        size = out.tell()
        out.seek(0)
        name = storage.save(f"{FOLDER}/{download.key[:32]}-{pk}.{suffix}", File(out))
    done = PreparedDownload.objects.filter(
        pk=pk, started=started, state=DownloadState.PREPARING
    ).update(state=DownloadState.READY, file=name, size=size, finished=timezone.now())
    if not done:  # taken over meanwhile: the newer build keeps its own file
        storage.delete(name)
        return
    _replace_superseded(download)


def _replace_superseded(download: PreparedDownload) -> None:
    """Remove the same download's finished files of other versions, and files no row names
    that are older than any build could be."""
    storage = downloads_storage()
    old = PreparedDownload.objects.superseded_by(download)
    for name in old.exclude(file="").values_list("file", flat=True):
        storage.delete(name)
    old.delete()
    named = set(PreparedDownload.objects.exclude(file="").values_list("file", flat=True))
    cutoff = timezone.now() - STALE_AFTER
    try:
        _, files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for file in files:
        name = f"{FOLDER}/{file}"
        if name not in named and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
