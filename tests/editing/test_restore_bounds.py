"""Restore reads a backup within caps: a file too large as stored, a gzip bomb and a file
that only claims to be gzip are refused with a sentence and a non-zero exit, quickly, in
little memory, with nothing changed (issue 17: bounded files, for restore as for imports)."""

import gzip
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from editing.backup import write_backup
from tests.editing.test_backup_restore import _snapshot, database_with_history  # noqa: F401

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
MEMBER = gzip.compress(b"0" * (16 * 1024 * 1024), compresslevel=9)  # 16 MiB in ~16 KB


def _bomb(path: Path, members: int) -> Path:
    """A gzip file of `members` members, each 16 MiB of zeros once decompressed."""
    with open(path, "wb") as handle:
        for _ in range(members):
            handle.write(MEMBER)
    return path


def test_a_gzip_bomb_is_refused_within_the_cap_and_changes_nothing(
    database_with_history,  # noqa: F811
    tmp_path,
    settings,
):
    """GIVEN a 1 MB .json.gz file that inflates to 1 GiB, and a data cap of 8 MiB
    WHEN it is restored
    THEN it is refused, naming the cap, in under 2 s and under 40 MB of Python memory, and
    the database is as it was."""
    settings.PMROLES_RESTORE_MAX_DATA_BYTES = 8 * 1024 * 1024
    bomb = _bomb(tmp_path / "bomb.json.gz", 64)
    before = _snapshot(tmp_path)
    tracemalloc.start()
    began = time.monotonic()
    with pytest.raises(CommandError, match="PMROLES_RESTORE_MAX_DATA_BYTES"):
        call_command("restore", str(bomb), "--yes")
    took = time.monotonic() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert took < 2, took
    assert peak < 40 * 1024 * 1024, peak
    assert _snapshot(tmp_path) == before


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(
    database_with_history,  # noqa: F811
    tmp_path,
    settings,
):
    path = tmp_path / "backup.json.gz"
    write_backup(path)
    settings.PMROLES_RESTORE_MAX_BYTES = path.stat().st_size - 1
    before = _snapshot(tmp_path)
    with pytest.raises(CommandError, match=r"over the restore limit of [\d,]+ bytes"):
        call_command("restore", str(path), "--yes")
    assert _snapshot(tmp_path) == before
    settings.PMROLES_RESTORE_MAX_BYTES = path.stat().st_size
    call_command("restore", str(path), "--yes")  # at the cap: restored


def test_a_file_named_gz_that_is_not_gzip_is_refused(database_with_history, tmp_path):  # noqa: F811
    path = tmp_path / "backup.json.gz"
    path.write_text('{"format": "pmroles-backup", "version": 1, "objects": []}')
    before = _snapshot(tmp_path)
    with pytest.raises(CommandError, match="is not gzip-compressed"):
        call_command("restore", str(path), "--yes", "--trust-unsigned")
    assert _snapshot(tmp_path) == before


def test_restore_of_a_bomb_exits_non_zero_in_bounded_memory(tmp_path):
    """GIVEN a 1 MB gzip file inflating to 1 GiB, and PMROLES_RESTORE_MAX_DATA_BYTES of
    16 MiB in the environment
    WHEN `manage.py restore --yes FILE` runs as an operator would
    THEN it exits 1 with the sentence on stderr, in under 10 s, its peak memory under 250 MB."""
    bomb = _bomb(tmp_path / "bomb.json.gz", 64)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmroles.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "PMROLES_RESTORE_MAX_DATA_BYTES": str(16 * 1024 * 1024),
    }
    began = time.monotonic()
    code = (
        "import resource, subprocess, sys;"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "sys.stderr.write(r.stderr);"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "manage.py", "restore", "--yes", str(bomb)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    took = time.monotonic() - began
    returncode, peak_kib = (int(x) for x in run.stdout.split())
    assert returncode == 1, run.stderr
    assert "PMROLES_RESTORE_MAX_DATA_BYTES" in run.stderr and "nothing was changed" in run.stderr
    assert took < 10, took
    assert peak_kib < 250 * 1024, peak_kib
