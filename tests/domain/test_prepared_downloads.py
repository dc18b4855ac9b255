"""Whole-map downloads of big maps prepared once per version (roles/prepared.py): one build
for many readers, the same bytes as the streamed download, never a stale file, and a build
that failed or stopped taken over exactly once.

Tests marked transactional run the real build thread (it reads the data through its own
connection, so the data must be committed); the others never start it (a test's
transaction is never committed, so the build's on-commit start does not run) and look at
the bookkeeping alone.
"""

import datetime
import threading
import time
from dataclasses import replace

import pytest
from django.utils import timezone

from responsibilities.models import Assignment, Level
from roles import prepared as prepared_module
from roles.letters import whole_matrix_csv
from roles.models import DownloadState, PreparedDownload, RoleMap
from roles.prepared import (
    RETRY_FAILED_AFTER,
    STALE_AFTER,
    Recipe,
    builds_running,
    downloads_storage,
    needs_preparing,
    prepared,
    wait_for_builds,
)
from roles.whole_map import csv_recipe, map_version

pytestmark = pytest.mark.usefixtures("downloads_dir")

TIMEOUT = 60  # seconds a test waits for a build; a build of the sample takes milliseconds


def _recipe(role_map, *, letters=False):
    version = map_version(role_map, letters=letters)
    return csv_recipe(role_map, letters=letters, bom=False, version=version)


def _streamed(role_map, *, letters=False) -> bytes:
    _, lines = whole_matrix_csv(role_map, letters=letters)
    return "".join(lines).encode()


def _kept(download: PreparedDownload) -> bytes:
    with downloads_storage().open(download.file, "rb") as file:
        return file.read()


@pytest.fixture
def reference(sample) -> RoleMap:
    return RoleMap.objects.get(slug="reference")


def test_only_a_map_above_the_limit_is_prepared(reference, settings):
    parts = Assignment.objects.filter(role_map=reference).count()
    assert parts > 2
    settings.PMROLES_PREPARE_ABOVE_PARTS = parts
    assert not needs_preparing(reference, letters=False)  # at the limit: streamed
    settings.PMROLES_PREPARE_ABOVE_PARTS = parts - 1
    assert needs_preparing(reference, letters=False)
    # The plain grid costs a tenth a part: it waits for ten times as many.
    assert not needs_preparing(reference, letters=True)
    settings.PMROLES_PREPARE_ABOVE_PARTS = (parts - 1) // 10
    assert needs_preparing(reference, letters=True)


def test_the_size_check_is_one_bounded_count(reference, settings, django_assert_num_queries):
    settings.PMROLES_PREPARE_ABOVE_PARTS = 1000
    with django_assert_num_queries(1) as captured:  # a count over at most limit + 1 rows
        assert not needs_preparing(reference, letters=False)
    assert "LIMIT 1001" in captured.captured_queries[0]["sql"]
    settings.PMROLES_PREPARE_ABOVE_PARTS = 1
    with django_assert_num_queries(1) as captured:  # a big map too: no whole count
        assert needs_preparing(reference, letters=False)
    assert "LIMIT 2" in captured.captured_queries[0]["sql"]


def test_a_second_reader_joins_the_preparation_under_way(reference):
    recipe = _recipe(reference)
    first = prepared(role_map=reference, recipe=recipe)
    again = prepared(role_map=reference, recipe=recipe)
    assert first.pk == again.pk and again.state == DownloadState.PREPARING
    assert PreparedDownload.objects.count() == 1


def test_each_download_and_version_is_kept_apart(reference):
    csv = prepared(role_map=reference, recipe=_recipe(reference))
    grid = prepared(role_map=reference, recipe=_recipe(reference, letters=True))
    part = Assignment.objects.filter(role_map=reference).first()
    part.level = Level.INFORMED if part.level != Level.INFORMED else Level.CONSULTED
    part.save()  # a write: the map's version moves on
    newer = prepared(role_map=reference, recipe=_recipe(reference))
    assert len({csv.key, grid.key, newer.key}) == 3


def test_an_abandoned_preparation_is_taken_over_once(reference):
    """GIVEN a preparation whose build stopped (its worker was recycled) WHEN two requests
    find it after STALE_AFTER THEN the first takes it over and the second joins it."""
    recipe = _recipe(reference)
    download = prepared(role_map=reference, recipe=recipe)
    long_ago = timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1)
    PreparedDownload.objects.filter(pk=download.pk).update(started=long_ago)
    taken = prepared(role_map=reference, recipe=recipe)
    assert taken.pk == download.pk and taken.started > long_ago
    joined = prepared(role_map=reference, recipe=recipe)
    assert joined.started == taken.started
    # Before STALE_AFTER nothing is taken over.
    recent = timezone.now() - STALE_AFTER + datetime.timedelta(seconds=30)
    PreparedDownload.objects.filter(pk=download.pk).update(started=recent)
    assert prepared(role_map=reference, recipe=recipe).started == recent


def test_a_failed_preparation_is_tried_again_after_a_while(reference):
    recipe = _recipe(reference)
    download = prepared(role_map=reference, recipe=recipe)
    now = timezone.now()
    PreparedDownload.objects.filter(pk=download.pk).update(
        state=DownloadState.FAILED, finished=now, error="disk full"
    )
    assert prepared(role_map=reference, recipe=recipe).state == DownloadState.FAILED
    PreparedDownload.objects.filter(pk=download.pk).update(
        finished=now - RETRY_FAILED_AFTER - datetime.timedelta(seconds=1)
    )
    again = prepared(role_map=reference, recipe=recipe)
    assert again.state == DownloadState.PREPARING and again.error == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("letters", [False, True])
def test_the_kept_file_is_the_streamed_download(reference, letters, django_assert_num_queries):
    recipe = _recipe(reference, letters=letters)
    download = prepared(role_map=reference, recipe=recipe)
    assert download.state == DownloadState.PREPARING
    assert wait_for_builds(TIMEOUT)
    with django_assert_num_queries(1):  # the row by its key: a kept file counts no parts
        ready = prepared(role_map=reference, recipe=recipe)
    assert ready.state == DownloadState.READY and ready.pk == download.pk
    assert ready.parts == Assignment.objects.filter(role_map=reference).count()
    assert _kept(ready) == _streamed(reference, letters=letters)
    assert ready.size == len(_streamed(reference, letters=letters))


@pytest.mark.django_db(transaction=True)
def test_a_new_version_replaces_the_old_file(reference):
    """GIVEN a kept file WHEN the map changes and the download is asked for again THEN a new
    file is written with the change, and the old one (row and file) is removed."""
    old = prepared(role_map=reference, recipe=_recipe(reference))
    assert wait_for_builds(TIMEOUT)
    old.refresh_from_db()
    part = Assignment.objects.filter(
        role_map=reference, responsibility__kind="responsibility"
    ).first()
    part.rationale = "Changed after the first download."
    part.save()
    new = prepared(role_map=reference, recipe=_recipe(reference))
    assert new.pk != old.pk and new.state == DownloadState.PREPARING
    assert wait_for_builds(TIMEOUT)
    new.refresh_from_db()
    assert b"Changed after the first download." in _kept(new)
    assert not PreparedDownload.objects.filter(pk=old.pk).exists()
    assert not downloads_storage().exists(old.file)


@pytest.mark.django_db(transaction=True)
def test_a_build_that_fails_leaves_no_file_and_says_so(reference):
    def write(out):
        out.write(b"half a file")
        raise OSError("No space left on device")

    recipe = Recipe(
        what="test broken", filename="broken.csv", content_type="text/csv", address="",
        version=map_version(reference, letters=False), write=write,
    )  # fmt: skip
    download = prepared(role_map=reference, recipe=recipe)
    assert wait_for_builds(TIMEOUT)
    download.refresh_from_db()
    assert download.state == DownloadState.FAILED and download.file == ""
    assert "No space left on device" in download.error
    assert prepared(role_map=reference, recipe=recipe).state == DownloadState.FAILED


@pytest.mark.django_db(transaction=True)
def test_a_build_taken_over_meanwhile_does_not_mark_its_row_ready(reference):
    """GIVEN a build that was taken over while it ran (its start moved on) WHEN it finishes
    THEN the row stays with the newer build and the late file is removed."""
    recipe = _recipe(reference)
    download = prepared(role_map=reference, recipe=recipe)
    assert wait_for_builds(TIMEOUT)
    first_file = PreparedDownload.objects.get(pk=download.pk).file
    PreparedDownload.objects.filter(pk=download.pk).update(
        state=DownloadState.PREPARING, started=timezone.now(), file=""
    )
    prepared_module._build(download.pk, download.started, recipe)  # the late build
    download.refresh_from_db()
    assert download.state == DownloadState.PREPARING and download.file == ""
    _, files = downloads_storage().listdir(prepared_module.FOLDER)
    assert [f"{prepared_module.FOLDER}/{name}" for name in files] == [first_file]


@pytest.mark.django_db(transaction=True)
def test_a_kept_file_that_is_gone_is_written_again(reference):
    recipe = _recipe(reference)
    prepared(role_map=reference, recipe=recipe)
    assert wait_for_builds(TIMEOUT)
    ready = PreparedDownload.objects.get()
    downloads_storage().delete(ready.file)
    again = prepared(role_map=reference, recipe=recipe)
    assert again.state == DownloadState.PREPARING
    assert wait_for_builds(TIMEOUT)
    again.refresh_from_db()
    assert again.state == DownloadState.READY and _kept(again) == _streamed(reference)


@pytest.mark.django_db(transaction=True)
def test_an_older_version_finishing_late_keeps_the_newer_file(reference):
    """GIVEN an older version's build still running WHEN the map changes, the newer
    version's file is kept, and then the older build finishes THEN the newer file stays
    (a finished file replaces only those asked for before it).

    The test waits on the builds without reading their rows meanwhile: the tests' in-memory
    SQLite refuses at once ("database table is locked") a write to a table another thread
    is reading."""
    writing, release = threading.Event(), threading.Event()
    streamed = _recipe(reference)

    def slow_write(out):
        writing.set()
        assert release.wait(TIMEOUT)
        streamed.write(out)

    older = prepared(role_map=reference, recipe=replace(streamed, write=slow_write))
    assert writing.wait(TIMEOUT)  # the older build has read its row and waits to write
    part = Assignment.objects.filter(role_map=reference).first()
    part.rationale = "A newer version."
    part.save()
    newer = prepared(role_map=reference, recipe=_recipe(reference))
    deadline = time.monotonic() + TIMEOUT
    while builds_running() > 1 and time.monotonic() < deadline:
        time.sleep(0.02)  # the newer build finishing; the older one still waits
    newer.refresh_from_db()
    assert newer.state == DownloadState.READY
    release.set()
    assert wait_for_builds(TIMEOUT)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.state == newer.state == DownloadState.READY
    assert downloads_storage().exists(newer.file)
