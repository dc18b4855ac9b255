"""Whole-map downloads prepared once per version of what they read (roles/prepared.py).

A big map's whole-map file (the evidence CSV is 41 MiB at the benchmark's scale 1, 147 MiB
at scale 3) takes seconds to write, longer than a reader should hold a request open. So
it is written once, in the background, and kept under a key naming the download, its
address and the data version it read; every request for that version is then served the
kept file. A write moves the version on, so the next request asks for a new file; a kept
file is never served for a version it did not read.

This table is bookkeeping, not domain data: no history, no admin, rows and files replaced
as versions move on.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from .maps import RoleMap


class DownloadState(models.TextChoices):
    PREPARING = "preparing", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class PreparedDownloadQuerySet(models.QuerySet["PreparedDownload"]):
    def superseded_by(self, download: PreparedDownload) -> PreparedDownloadQuerySet:
        """The same download of the same map asked for before it (older versions, other
        addresses), finished (ready or failed): what a newly finished file replaces. Ones
        still being prepared are left to finish (a reader may be waiting for that version),
        and ones asked for later are newer than this file."""
        return self.filter(
            role_map_id=download.role_map_id, what=download.what, pk__lt=download.pk
        ).exclude(state=DownloadState.PREPARING)

    def claim(
        self, download: PreparedDownload, *, now: datetime.datetime
    ) -> PreparedDownload | None:
        """Take `download` over to prepare it again (it failed, or its preparer stopped):
        one conditional update, so of two requests that find it at once only one starts a
        build. The row as claimed, or None when another request claimed it first."""
        taken = self.filter(pk=download.pk, state=download.state, started=download.started).update(
            state=DownloadState.PREPARING, started=now, finished=None, error=""
        )
        if not taken:
            return None
        download.state, download.started, download.finished, download.error = (
            DownloadState.PREPARING,
            now,
            None,
            "",
        )
        return download


class PreparedDownload(models.Model):
    """One whole-map file for one version of what it reads, being prepared or kept."""

    role_map = models.ForeignKey(RoleMap, on_delete=models.CASCADE, related_name="+")
    # What is downloaded: its format and cells, and the door where the file differs by door
    # (roles/whole_map.py: "csv evidence", "page xlsx letters").
    what = models.CharField(max_length=80)
    # A hash of `what`, the address the file names and the data version it reads.
    key = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    state = models.CharField(
        max_length=10, choices=DownloadState.choices, default=DownloadState.PREPARING
    )
    # The file's name in the "downloads" storage (settings.STORAGES), once ready.
    file = models.CharField(max_length=255, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    parts = models.PositiveIntegerField(help_text="The map's parts when it was asked for.")
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = PreparedDownloadQuerySet.as_manager()

    # Bookkeeping kept per data version, not data a page shows: its writes must not move
    # the versions it is keyed by (responsibilities.version_writes.connect).
    advances_versions = False

    class Meta:
        indexes = [models.Index(fields=["role_map", "what"], name="prepared_download_map_what")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=DownloadState.READY) | ~Q(file=""),
                name="prepared_download_ready_has_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"
