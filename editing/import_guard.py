"""No silent overwrite by an import: a file exported from an older revision of its map, or
an apply after a dry run of an older one, is refused (issue 17, "no silent overwrite").

An export records the map's revision (responsibilities.revisions.map_revision: the map's
own row, its assignments and the shared evidence a file carries) and when it was taken. An
import into that map compares it with the revision now, with the version rows locked until
the import commits: when the map changed in between and the import would change anything,
the file would put back what someone changed since, so it is refused (rolled back) with who
changed it and when, unless the editor asks to replace those changes (`import_roles
--overwrite-newer`, the admin's "Replace newer changes" box). Importing a file already
applied changes nothing, so it is not refused. The revision counts the shared evidence too
(a file carries it): a change to a shared role made elsewhere also makes a file stale.

The admin's import page also carries the revision its dry run saw, so an apply after
someone else's change is refused whatever the file says. A file that records no revision
(written by hand, or exported before revisions were recorded) still imports, with a warning
that later changes cannot be detected; its dry run lists every change it would make.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from responsibilities import revisions
from responsibilities.models import Assignment
from roles.models import RoleMap

from .interchange import Problem

NEW_MAP = "new"
UNVERSIONED = (
    "the file records no revision of the map (written by hand, or exported before pmroles "
    "recorded one), so changes made to the map after it was written cannot be detected: "
    "check the dry run's list of changes before importing."
)


class StaleImport(Exception):
    """The map changed after the file was exported, or after the dry run; nothing written.
    `overridable`: the editor may ask to replace those changes (not after a dry run)."""

    def __init__(self, message: str, *, overridable: bool):
        self.message = message
        self.overridable = overridable
        super().__init__(message)

    def sentence(self, override: str) -> str:
        """The message, with how to override it in the caller's words (a command's option,
        a page's box) when it may be overridden."""
        if not self.overridable:
            return self.message
        return f"{self.message}, or {override} to replace those changes with the file's values."


@dataclass(frozen=True)
class Guarded:
    revision: str  # the map's revision before the import ("slug revision"), or "slug new"
    warning: Problem | None
    # The map changed after the file was exported: refused if the import changes anything
    # (re-importing a file already applied, which changes nothing, overwrites nothing).
    stale: StaleImport | None = None


def seen(slug: str, revision: str) -> str:
    """What the admin's confirm form carries: the map and the revision its dry run saw."""
    return f"{slug} {revision}"


def guard(
    document: dict, slug: str, *, overwrite_newer: bool, seen_at_dry_run: str | None
) -> Guarded:
    """Compare the map's revision now (locked) with the dry run's (raise StaleImport when
    the map changed since) and with the file's (the answer's `stale`, which the caller
    raises if the import would change anything). Runs inside the import's transaction."""
    role_map = RoleMap.objects.filter(slug=slug).first()
    now = revisions.map_revision(role_map.pk, lock=True) if role_map else NEW_MAP
    if seen_at_dry_run and seen_at_dry_run != seen(slug, now):
        seen_slug, _, seen_revision = seen_at_dry_run.partition(" ")
        if seen_slug != slug:
            raise StaleImport(
                f"This file is for the map '{slug}', but the dry run before it was of "
                f"'{seen_slug}'. Nothing was changed: run a dry run of this file first.",
                overridable=False,
            )
        raise StaleImport(
            f"The map '{slug}' changed after your dry run{_since(role_map, seen_revision)}. "
            "Nothing was changed: run the dry run again to see what the import would change "
            "now.",
            overridable=False,
        )
    recorded = document.get("revision")
    if not recorded:
        return Guarded(seen(slug, now), Problem("file", UNVERSIONED) if role_map else None)
    if role_map is None or recorded == now or overwrite_newer:
        return Guarded(seen(slug, now), None)
    exported = document.get("exported_at")
    stale = StaleImport(
        f"The map '{slug}' changed after this file was exported"
        f"{f' (at {exported})' if exported else ''}{_since(role_map, recorded)}. Nothing was "
        "changed: importing it would put back what was there before those changes. Export "
        "the map again and make your edits in the new file",
        overridable=True,
    )
    return Guarded(seen(slug, now), None, stale)


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _since(role_map: RoleMap | None, revision: str) -> str:
    """Who changed the map last, and when, after `revision` (history of the map's row and
    its assignments); else when the shared evidence it carries last changed."""
    if role_map is None:
        return ""
    after = revisions.revision_changed_at(revision) or dt.datetime.min.replace(tzinfo=dt.UTC)
    candidates = [
        RoleMap.history.filter(id=role_map.pk, history_date__gt=after)
        .order_by("-history_date")
        .first(),
        Assignment.history.filter(role_map_id=role_map.pk, history_date__gt=after)
        .order_by("-history_date")
        .first(),
    ]
    found = [c for c in candidates if c is not None]
    if found:
        latest = max(found, key=lambda record: record.history_date)
        who = latest.history_user or "someone"
        return f": {who} changed it at {_when(latest.history_date)}"
    changed = revisions.revision_changed_at(revisions.map_revision(role_map.pk))
    if changed is None:
        return ""
    return f": the shared roles, responsibilities or evidence it uses changed at {_when(changed)}"
