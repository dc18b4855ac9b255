"""Build a role-map document from the database in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.utils import timezone

from responsibilities import revisions
from responsibilities.models import visible_in_q

from .spec import FORMAT_NAME, FORMAT_VERSION, OWNABLE, SECTIONS, Section, key_field


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def _queryset(section: Section, role_map):
    qs = section.model.objects.all()
    if section.refs:
        qs = qs.select_related(*section.refs)
    if section.many:
        qs = qs.prefetch_related(*section.many)
    if section.key is None:
        return qs.filter(role_map=role_map).order_by("role__slug", "responsibility__slug")
    if section.name in ("roles", "responsibilities"):
        # What the map sees: the shared catalogue and its own, never another map's own.
        qs = qs.filter(visible_in_q(role_map))
    elif section.name == "role_variants":
        qs = qs.filter(visible_in_q(role_map, "role__"))
    return qs.order_by(section.key)


def _record(section: Section, obj) -> dict:
    record = {}
    if section.key:
        record[section.key] = getattr(obj, section.key)
    if section.name in OWNABLE:
        record["own"] = obj.map_id is not None
    for name, target in section.refs.items():
        related = getattr(obj, name)
        record[name] = getattr(related, _target_key(target)) if related else None
    for name in section.fields:
        record[name] = _plain(getattr(obj, name))
    for name, target in section.many.items():
        key = _target_key(target)
        # sorted in Python: the prefetched lists are already loaded
        record[name] = sorted(getattr(related, key) for related in getattr(obj, name).all())
    return record


def _target_key(section_name: str) -> str:
    return key_field(section_name)


def _header(role_map) -> dict:
    """The file's header. `revision` is the map's revision (revisions.map_revision), read
    before any record: an import of the file refuses to overwrite a map changed since
    (editing/import_guard.py). Read first, a write during the export can only make the file
    look older than it is (a refusal to override), never newer (a silent overwrite)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "revision": revisions.map_revision(role_map.pk),
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "map": {
            "slug": role_map.slug,
            "name": role_map.name,
            "description": role_map.description,
            "based_on": role_map.based_on.slug if role_map.based_on_id else None,
            "kind": role_map.kind,
            "status": role_map.status,
            "last_reviewed": _plain(role_map.last_reviewed),
            "review_every_days": role_map.review_every_days,
        },
    }


def build_document(role_map) -> dict:
    """The whole role map: its assignments plus every shared entity (roles, evidence...).

    Queries: one per section plus one per many-to-many field (prefetch), whatever the size.
    """
    document = _header(role_map)
    for section in SECTIONS:
        document[section.name] = [_record(section, obj) for obj in _queryset(section, role_map)]
    return document


def section_for_model(model) -> Section | None:
    return next((s for s in SECTIONS if s.model_label == model._meta.label), None)


def build_selection(section: Section, queryset, role_map) -> dict:
    """A partial document: the map header and the selected records of one section.

    Importing it back changes only those records; their references resolve against the
    database, so the file is useful for moving a few edits between copies of pmroles.
    """
    header = _header(role_map)
    qs = queryset.order_by(*([section.key] if section.key else ["role__slug"]))
    if section.refs:
        qs = qs.select_related(*section.refs)
    if section.many:
        qs = qs.prefetch_related(*section.many)
    header[section.name] = [_record(section, obj) for obj in qs]
    return header
