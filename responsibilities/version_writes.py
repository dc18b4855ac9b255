"""How writes advance the data versions (responsibilities.versioning): signal receivers.

Every domain model's post_save, post_delete and m2m_changed (historical models left out:
they only move with a domain row) advance the scopes the write changes, inside the
writer's transaction. An assignment knows what it held when it was read
(Assignment.from_db), so a save can tell a move to another role or map (both sides
advance) and an edit of its note alone (the map's notes row advances instead of the map's
own: pages that show no note keep their stored answers).
"""

from __future__ import annotations

from django.db import connection, models
from simple_history.models import HistoricalChanges

from .versioning import (
    ALL,
    ANY_MAP,
    EVIDENCE,
    DataVersion,
    advance,
    bump,
    map_scope,
    notes_scope,
    role_scope,
)

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

    Historical models (django-simple-history) and the version itself are left out.
    """
    for model in models_to_watch:
        if model is DataVersion or issubclass(model, HistoricalChanges):
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
