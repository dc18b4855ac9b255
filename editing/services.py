"""Import and export of a role map in the interchange format (editing.interchange).

An import is all or nothing: the document is checked as a whole first, then applied in one
transaction, so a file with any problem changes nothing. Applying is idempotent: a record
whose values already match the database is left alone (no save, no history row).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from responsibilities.history import recording
from responsibilities.models import visible_in_q
from roles.models import RoleMap

from .import_guard import StaleImport, guard
from .interchange import SECTIONS, Checked, Problem, build_document, check
from .interchange.spec import OWNABLE, SECTION_BY_NAME, key_field
from .interchange.xlsx import read_workbook

__all__ = ["ImportRefused", "ImportReport", "StaleImport", "export_role_map", "import_role_map"]


class ImportRefused(Exception):
    """The document has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file")


@dataclass
class ImportReport:
    dry_run: bool
    counts: dict[str, Counter] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # The map and its revision before the import (import_guard.seen): what a dry run saw.
    revision: str = ""

    def note(self, section: str, action: str, label: str, detail: str = "") -> None:
        self.counts.setdefault(section, Counter())[action] += 1
        if action != "unchanged":
            if self.dry_run:
                action = {
                    "created": "would create",
                    "changed": "would change",
                    "removed": "would remove",
                }[action]
            self.changes.append(f"{action} {section} {label}{detail}")

    @property
    def changed_anything(self) -> bool:
        return bool(self.changes)

    def summary_lines(self) -> list[str]:
        verb = "would be " if self.dry_run else ""
        lines = []
        for section in ("map", *SECTION_BY_NAME):
            counts = self.counts.get(section, Counter())
            removed = f", {counts['removed']} {verb}removed" if counts["removed"] else ""
            lines.append(
                f"{section}: {counts['created']} {verb}created, {counts['changed']} {verb}"
                f"changed{removed}, {counts['unchanged']} {'would be ' if self.dry_run else ''}"
                "left alone"
            )
        return lines


def workbook_document(data: bytes, *, map_slug: str, map_name: str | None = None) -> dict:
    """The document an XLSX workbook describes for `map_slug`: an existing map keeps its
    name and description; a new one is named `map_name` (or its slug).

    Raises WorkbookRefused (every problem with its sheet and cell).
    """
    existing = RoleMap.objects.filter(slug=map_slug).first()
    name = existing.name if existing else (map_name or map_slug)
    description = existing.description if existing else ""
    return read_workbook(
        data, map_slug=map_slug, map_name=name, description=description, role_map=existing
    )


def export_role_map(*, map_slug: str | None = None) -> dict:
    """The document for one map (the default map without a slug) and every shared entity.

    Raises UnknownMap (with a sentence listing nothing else to do) for a map that is missing.
    """
    return build_document(RoleMap.objects.resolve(map_slug))


def import_role_map(
    *,
    document,
    dry_run: bool = False,
    user=None,
    reason: str = "",
    remove_missing: bool = False,
    overwrite_newer: bool = False,
    seen_at_dry_run: str | None = None,
) -> ImportReport:
    """Check `document` whole, then apply it in one transaction (rolled back on dry run).

    `remove_missing`: the document holds the whole map (an XLSX Matrix sheet, whose empty
    cells mean "not stated"), so the map's assignments it leaves out are deleted.
    Raises ImportRefused listing every problem; the database is untouched then.
    Raises StaleImport when the map changed after the file's recorded revision (unless
    `overwrite_newer`) or after `seen_at_dry_run` (the report's `revision` of a dry run):
    editing/import_guard.py.
    """
    checked, problems = check(document)
    if problems or checked is None:
        raise ImportRefused(problems)
    report = ImportReport(dry_run=dry_run, warnings=list(checked.warnings))
    try:
        with transaction.atomic(), recording(user=user, reason=reason or "Import"):
            guarded = guard(
                document,
                checked.map["slug"],
                overwrite_newer=overwrite_newer,
                seen_at_dry_run=seen_at_dry_run,
            )
            report.revision = guarded.revision
            if guarded.warning:
                report.warnings.append(guarded.warning)
            role_map = _apply(checked, report)
            if remove_missing:
                _remove_missing(checked, role_map, report)
            if guarded.stale and report.changed_anything:
                raise guarded.stale  # rolls the transaction back: nothing written
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as exc:
        # A rule only the database knows (e.g. a variant name twice for one role).
        raise ImportRefused([Problem("file", f"the database refused it: {exc}")]) from None
    return report


def _remove_missing(checked: Checked, role_map, report: ImportReport) -> None:
    """Delete the map's assignments the document does not hold (each recorded in history)."""
    kept = {record.key for record in checked.sections["assignments"]}
    for assignment in role_map.assignments.select_related("role", "responsibility").order_by(
        "role__slug", "responsibility__slug"
    ):
        key = (assignment.role.slug, assignment.responsibility.slug)
        if key not in kept:
            assignment.delete()
            report.note("assignments", "removed", f"'{'/'.join(key)}'")


def _apply(checked: Checked, report: ImportReport):
    index: dict[str, dict] = {}
    data = checked.map
    role_map = RoleMap.objects.filter(slug=data["slug"]).first()
    based_on = RoleMap.objects.get(slug=data["based_on"]) if data["based_on"] else None
    values = {
        name: data[name]
        for name in ("name", "description", "kind", "status", "last_reviewed", "review_every_days")
    }
    if role_map is None:
        role_map = RoleMap.objects.create(slug=data["slug"], based_on=based_on, **values)
        report.note("map", "created", f"'{role_map.slug}'")
    else:
        changed = [n for n, v in values.items() if getattr(role_map, n) != v]
        if role_map.based_on_id != (based_on.pk if based_on else None):
            changed.append("based_on")
        if changed:
            for name, value in values.items():
                setattr(role_map, name, value)
            role_map.based_on = based_on
            role_map.save()
            report.note("map", "changed", f"'{role_map.slug}'", f" ({', '.join(changed)})")
        else:
            report.note("map", "unchanged", role_map.slug)

    for section in SECTIONS:
        records = checked.sections[section.name]
        _load_targets(section, records, index, role_map)
        model = section.model
        if section.key:
            existing = model.objects.filter(**{f"{section.key}__in": [r.key for r in records]})
            if section.name in OWNABLE:  # slugs are unique among what the map sees
                existing = existing.filter(visible_in_q(role_map))
        else:
            existing = model.objects.filter(role_map=role_map).select_related(
                "role", "responsibility"
            )
            # Whoever stops being Accountable is saved before whoever becomes it.
            records = sorted(records, key=lambda r: r.values["level"] == "A")
        existing = existing.prefetch_related(*section.many)
        by_key = {_key_of(section, obj): obj for obj in existing}
        index.setdefault(section.name, {})
        for record in records:
            obj = by_key.get(record.key)
            _apply_record(section, record, obj, index, role_map, report)
    return role_map


def _key_of(section, obj):
    if section.key:
        return getattr(obj, section.key)
    return (obj.role.slug, obj.responsibility.slug)


def _load_targets(section, records, index, role_map) -> None:
    """Put the DB objects this section refers to (and the file did not hold) in the index;
    roles and responsibilities among those the document's map sees."""
    for name, target in {**section.refs, **section.many}.items():
        wanted: set[str] = set()
        for record in records:
            wanted.update([record.refs[name]] if name in section.refs else record.many[name])
        known = index.setdefault(target, {})
        missing = wanted - set(known)
        if missing:
            key = key_field(target)
            found = SECTION_BY_NAME[target].model.objects.filter(**{f"{key}__in": missing})
            if target in OWNABLE:
                found = found.filter(visible_in_q(role_map))
            for obj in found:
                known[getattr(obj, key)] = obj


def _apply_record(section, record, obj, index, role_map, report) -> None:
    model = section.model
    label = f"'{record.key if section.key else '/'.join(record.key)}'"
    refs = {name: index[target][record.refs[name]] for name, target in section.refs.items()}
    created = obj is None
    values = dict(record.values)
    ownable = section.name in OWNABLE
    owner = role_map if values.pop("own", False) else None
    if created:
        obj = model(**({section.key: record.key} if section.key else {"role_map": role_map}))
    changed = [name for name, value in values.items() if created or getattr(obj, name) != value]
    if ownable and (created or obj.map_id != (owner.pk if owner else None)):
        changed.append("own")
        obj.map = owner
    changed += [
        name for name, target in refs.items() if created or getattr(obj, f"{name}_id") != target.pk
    ]
    if changed:
        for name, value in values.items():
            setattr(obj, name, value)
        for name, target in refs.items():
            setattr(obj, name, target)
        obj.save()
    for name, target in section.many.items():
        wanted = {index[target][key].pk for key in record.many[name]}
        current = set() if created else {related.pk for related in getattr(obj, name).all()}
        if wanted != current:
            getattr(obj, name).set(wanted)
            if not created:
                changed.append(name)
    index[section.name][record.key] = obj
    if created:
        report.note(section.name, "created", label)
    elif changed:
        report.note(section.name, "changed", label, f" ({', '.join(changed)})")
    else:
        report.note(section.name, "unchanged", label)
