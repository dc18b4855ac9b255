"""How writes advance the data versions (responsibilities.versioning reads them): advance()
and bump() for the callers that write in bulk, and the signal receivers for every other write.

Every domain model's post_save, post_delete and m2m_changed (historical models left out:
they only move with a domain row) advance the scopes the write changes, inside the
writer's transaction. An assignment knows what it held when it was read
(Assignment.from_db), so a save can tell a move to another role or map (both sides
advance) and an edit of its note alone (the map's notes row advances instead of the map's
own: pages that show no note keep their stored answers).
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.db import connection, models
from django.utils import timezone
from simple_history.models import HistoricalChanges

from .versioning import (
    ALL,
    ANY_MAP,
    EVIDENCE,
    DataVersion,
    forget_resolved,
    map_scope,
    notes_scope,
    role_scope,
)


def advance(*scopes: str) -> None:
    """Advance `scopes` within the current transaction (rows made when missing)."""
    now = timezone.now()
    wanted = sorted(set(scopes))
    if ALL in wanted or EVIDENCE in wanted:
        forget_resolved()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # Writers that advance several rows queue on `all` first, in one order, so two
            # transactions never wait for each other's rows (a deadlock).
            cursor.execute(_locking_sql(), [ALL])
        changed_at = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(_advancing_sql(len(wanted)), [changed_at, *wanted])
        advanced = cursor.rowcount
    if advanced == len(wanted):
        return
    present = set(DataVersion.objects.filter(scope__in=wanted).values_list("scope", flat=True))
    for scope in wanted:
        if scope not in present:
            _, created = DataVersion.objects.get_or_create(
                scope=scope, defaults={"number": 1, "changed_at": now}
            )
            if not created:  # made by a concurrent writer meanwhile
                with connection.cursor() as cursor:
                    cursor.execute(_advancing_sql(1), [changed_at, scope])


@functools.cache
def _locking_sql() -> str:
    return f"SELECT 1 FROM {DataVersion._meta.db_table} WHERE scope = %s FOR UPDATE"


@functools.lru_cache(maxsize=16)
def _advancing_sql(scope_count: int) -> str:
    """`number = number + 1` for that many scopes, written once as text: every domain write
    runs it (a bulk import, once a row), and the ORM's update compiled it anew each time,
    most of what advancing cost."""
    marks = ", ".join(["%s"] * scope_count)
    return (
        f"UPDATE {DataVersion._meta.db_table} SET number = number + 1, changed_at = %s"
        f" WHERE scope IN ({marks})"
    )


def bump() -> None:
    """Advance every key (bulk writes that send no signals: generate_data), and give every
    map and every (map, role) its own row, so their pages are keyed by them from now on."""
    advance(ALL)
    ensure_rows()


def ensure_rows() -> None:
    """A row for every map and every role in every map that has none (number 0)."""
    maps = list(apps.get_model("roles", "RoleMap").objects.values_list("pk", flat=True))
    roles = list(apps.get_model("roles", "Role").objects.values_list("pk", flat=True))
    wanted = [map_scope(m) for m in maps] + [role_scope(m, r) for m in maps for r in roles]
    DataVersion.objects.bulk_create(
        [DataVersion(scope=scope, number=0) for scope in wanted], ignore_conflicts=True
    )


def advance_past(number: int) -> None:
    """After a restore: every key moves on, stamped now.

    Loading a backup fires the write receivers once per row, which leaves arbitrary
    numbers; `all` (in every key) is set one past the backed-up one, and the time in every
    token guarantees that no answer stored before the restore is reused whatever the numbers.
    """
    DataVersion.objects.update_or_create(
        scope=ALL, defaults={"number": number + 1, "changed_at": timezone.now()}
    )
    forget_resolved()


ASSIGNMENT = "responsibilities.assignment"
# What a page without notes shows of an assignment: every stored field but the note.
NOTE = "note"


def _note_edited_alone(sender, instance, update_fields) -> tuple[bool, tuple | None]:
    """Whether this save writes nothing new but the note, and the (map, role) the row held.

    Only the fields the save writes count (`update_fields`, or the loaded ones of a
    deferred read, as Django saves them). What the instance was read with
    (Assignment.from_db) settles a change of any of them at no cost. Otherwise the row is
    read, and held on PostgreSQL (FOR UPDATE) so that no other writer changes it between
    this comparison and this save: a save that puts back a level another writer changed
    meanwhile is not taken for a note's edit. Outside a transaction nothing can be held,
    so such a save counts as a full one.
    """
    written = [
        field.attname
        for field in instance._meta.concrete_fields
        if field.attname != NOTE
        and (update_fields is None or {field.name, field.attname} & set(update_fields))
    ]
    if not written:
        return True, None  # the note alone is written
    loaded = getattr(instance, "_loaded_values", None) or {}
    mine = {name: instance.__dict__[name] for name in written if name in instance.__dict__}
    known = len(mine) == len(written) and all(name in loaded for name in written)
    parts_known = "role_map_id" in loaded and "role_id" in loaded
    if known and parts_known and any(loaded[name] != mine[name] for name in written):
        return False, (loaded["role_map_id"], loaded["role_id"])
    rows = sender.objects.filter(pk=instance.pk)
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        rows = rows.select_for_update()
    stored = rows.values(*dict.fromkeys([*written, "role_map_id", "role_id"])).first()
    if stored is None:
        return False, None
    parts = (stored["role_map_id"], stored["role_id"])
    alone = len(mine) == len(written) and all(stored[name] == mine[name] for name in written)
    return alone and connection.in_atomic_block, parts


def scopes_of(instance: object, *, saved: bool = False) -> tuple[str, ...]:
    """The scopes a write of `instance` changes (`saved`: a save of an existing row)."""
    label = instance._meta.label_lower  # type: ignore[attr-defined]
    if label == "roles.rolemap":
        return (ALL,)
    map_id = getattr(instance, "role_map_id", None)
    if label == ASSIGNMENT and map_id is not None:
        role_id: int = instance.role_id  # type: ignore[attr-defined]
        if saved and getattr(instance, "_note_edited_alone", False):
            return (notes_scope(map_id), role_scope(map_id, role_id), ANY_MAP)
        return (map_scope(map_id), role_scope(map_id, role_id), ANY_MAP)
    return (EVIDENCE, ANY_MAP) if map_id is not None else (EVIDENCE,)


def on_domain_write(sender, instance=None, **kwargs) -> None:
    """Signal receiver: any save, delete or many-to-many change of a domain row."""
    if not kwargs.get("action", "post_").startswith("post_"):
        return
    if instance is None:
        bump()
        return
    saved = kwargs.get("created") is False  # post_save of an existing row
    scopes = scopes_of(instance, saved=saved)
    if scopes == (ALL,) and "created" in kwargs:
        # A saved map advances its own row too: a new map's pages are keyed by it from the
        # start, and revisions.map_revision() sees a change of the map's name or status.
        scopes = (ALL, map_scope(instance.pk))
    advance(*scopes)
    if "created" in kwargs and instance._meta.label_lower == ASSIGNMENT:
        # Saved: what it holds now is what the next save is compared with.
        instance.remember_loaded()
        instance._note_edited_alone = False


def before_assignment_save(sender, instance=None, raw=False, **kwargs) -> None:
    """Before an assignment's save: whether it edits the note alone (post_save then
    advances the map's notes row, not the map's), and whether it moves to another role or
    map (the old role's and map's keys advance too: post_save only sees where it went)."""
    if instance is None:
        return
    instance._note_edited_alone = False
    if instance.pk is None or raw:
        return
    alone, loaded = _note_edited_alone(sender, instance, kwargs.get("update_fields"))
    instance._note_edited_alone = alone
    if loaded is None or loaded == (instance.role_map_id, instance.role_id):
        return
    old_map, old_role = loaded
    advance(map_scope(old_map), role_scope(old_map, old_role), ANY_MAP)


def connect(models_to_watch) -> None:
    """Connect the receivers to each domain model and its many-to-many tables.

    Historical models (django-simple-history), the version itself and bookkeeping that
    says `advances_versions = False` (roles.models.PreparedDownload) are left out.
    """
    for model in models_to_watch:
        if (
            model is DataVersion
            or issubclass(model, HistoricalChanges)
            or not getattr(model, "advances_versions", True)
        ):
            continue
        uid = f"pmroles_version_{model._meta.label_lower}"
        models.signals.post_save.connect(on_domain_write, sender=model, dispatch_uid=uid + "_s")
        models.signals.post_delete.connect(on_domain_write, sender=model, dispatch_uid=uid + "_d")
        if model._meta.label_lower == ASSIGNMENT:
            models.signals.pre_save.connect(
                before_assignment_save, sender=model, dispatch_uid=uid + "_moved"
            )
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            models.signals.m2m_changed.connect(
                on_domain_write,
                sender=through,
                dispatch_uid=f"pmroles_version_{through._meta.label_lower}",
            )
