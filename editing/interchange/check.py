"""Validate a whole document before anything is written, and say where each problem is.

Every problem is collected (not just the first) so that one run lists everything to fix.
Values are cleaned with the model fields themselves, so the file obeys the same lengths,
choices and slug rules as the admin.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from responsibilities.levels import Basis, Level
from responsibilities.models import Assignment, Quote
from responsibilities.rules import assignment_evidence_problems, slug_clash_message
from roles.models import RoleMap

from .formats import CELL, LINE
from .spec import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_STRINGS,
    MAP_ALL_FIELDS,
    OWNABLE,
    READABLE_VERSIONS,
    SECTION_BY_NAME,
    SECTIONS,
    TOP_LEVEL,
    Section,
)

MAX_LISTED = 100


@dataclass(frozen=True)
class Problem:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Record:
    location: str
    key: str | tuple[str, str]
    values: dict
    refs: dict[str, str]
    many: dict[str, list[str]]


@dataclass
class Checked:
    map: dict
    sections: dict[str, list[Record]]
    warnings: list[Problem] = field(default_factory=list)


def _where(section: str, index: int, record) -> str:
    if isinstance(record, dict) and record.get(CELL):
        return str(record[CELL])  # from a workbook: its cell, e.g. Matrix!D14
    line = record.get(LINE) if isinstance(record, dict) else None
    return f"{section}[{index}]" + (f" (line {line})" if line else "")


def _clean(model, name: str, raw, present: bool):
    """(value, message): the field's cleaned value, or why it is refused."""
    model_field = model._meta.get_field(name)
    value = raw if present else model_field.get_default()
    if model_field.null and value == "":
        value = None  # CSV has no null: an empty cell of a nullable field (a date) means none
    if model_field.choices and value not in ("", None):
        allowed = [str(choice) for choice, _ in model_field.flatchoices]
        if str(value) not in allowed:
            return None, f"unknown {name} '{value}'; use one of {', '.join(allowed)}."
    if not model_field.blank and isinstance(value, str) and not value.strip():
        return None, "cannot be blank."
    try:
        return model_field.clean(value, None), None
    except ValidationError as exc:
        message = " ".join(exc.messages)
        return None, message if present else f"missing; {message[0].lower()}{message[1:]}"


def _at(record: Record, name: str) -> str:
    """Where a field of a record is: `assignments[3].level`, or just the cell of a workbook."""
    return record.location if "!" in record.location else f"{record.location}.{name}"


def _flag(raw) -> bool | None:
    """A yes/no value from JSON, YAML (booleans) or CSV (text); None when it is neither."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false", ""):
        return raw.strip().lower() == "true"
    return None


class _Checker:
    def __init__(self, document: dict):
        self.document = document
        self.problems: list[Problem] = []
        self.more = 0
        self.warnings: list[Problem] = []
        self.sections: dict[str, list[Record]] = {}

    def problem(self, location: str, message: str) -> None:
        """Keep the first MAX_LISTED problems and count the rest: a large broken file gets
        a readable list and the number left out, not a page of 171,084 problems."""
        if len(self.problems) < MAX_LISTED:
            self.problems.append(Problem(location, message))
        else:
            self.more += 1

    def run(self) -> Checked | None:
        doc = self.document
        if not isinstance(doc, dict):
            self.problem("file", "must hold a mapping with format, version, map and sections.")
            return None
        if doc.get("format") != FORMAT_NAME:
            self.problem("format", f"must be '{FORMAT_NAME}', found {doc.get('format')!r}.")
        if doc.get("version") not in READABLE_VERSIONS:
            self.problem(
                "version",
                f"version {doc.get('version')!r} is not supported; this pmroles reads "
                f"versions {', '.join(map(str, READABLE_VERSIONS))} (writes {FORMAT_VERSION}).",
            )
        if self.problems:
            return None
        for name in doc:
            if name not in TOP_LEVEL:
                self.problem(name, f"unknown top-level key; expected {', '.join(TOP_LEVEL)}.")
        for name in HEADER_STRINGS:
            if name in doc and not isinstance(doc[name], str):
                self.problem(name, "must be text, as the export wrote it (or left out).")
        role_map = self.check_map(doc.get("map"))
        for section in SECTIONS:
            self.sections[section.name] = self.check_section(section, doc.get(section.name))
        self.check_references()
        self.check_unique_names()
        self.check_own_slugs()
        if role_map is not None:
            self.check_accountable(role_map["slug"])
        if self.problems or role_map is None:
            return None
        return Checked(map=role_map, sections=self.sections, warnings=self.warnings)

    def check_map(self, raw) -> dict | None:
        if not isinstance(raw, dict):
            self.problem("map", "must be a mapping with slug, name, description, based_on.")
            return None
        values, before = {}, len(self.problems)
        for name in raw:
            if name not in (*MAP_ALL_FIELDS, LINE):
                self.problem(f"map.{name}", "unknown field.")
        # kind, status and the review fields may be left out (version 1 files have none):
        # a missing one takes the model's default (a published reference map, no review).
        for name in (n for n in MAP_ALL_FIELDS if n != "based_on"):
            value, message = _clean(RoleMap, name, raw.get(name), name in raw)
            if message:
                self.problem(f"map.{name}", message)
            values[name] = value
        values["based_on"] = raw.get("based_on") or None
        if values["based_on"] and not RoleMap.objects.filter(slug=values["based_on"]).exists():
            self.problem("map.based_on", f"refers to map '{values['based_on']}', which is missing.")
        if values["name"] and values["slug"]:
            clash = RoleMap.objects.filter(name=values["name"]).exclude(slug=values["slug"])
            if clash.exists():
                self.problem("map.name", f"another map is already named '{values['name']}'.")
        return None if len(self.problems) > before else values

    def check_section(self, section: Section, raw) -> list[Record]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(section.name, "must be a list of records.")
            return []
        model = section.model
        records: list[Record] = []
        seen: dict[object, str] = {}
        for index, item in enumerate(raw):
            where = _where(section.name, index, item)
            if not isinstance(item, dict):
                self.problem(where, "must be a mapping of field names to values.")
                continue
            ok = True
            for name in item:
                if name not in (*section.columns, LINE, CELL):
                    self.problem(f"{where}.{name}", f"unknown field for {section.name}.")
                    ok = False
            values: dict[str, Any] = {}
            if section.name in OWNABLE:
                own = _flag(item.get("own", False))
                if own is None:
                    self.problem(f"{where}.own", "must be true (the map's own) or false (shared).")
                    ok = False
                values["own"] = bool(own)
            for name in ((section.key,) if section.key else ()) + section.fields:
                value, message = _clean(model, name, item.get(name), name in item)
                if message:
                    self.problem(f"{where}.{name}", message)
                    ok = False
                values[name] = value
            refs = {}
            for name, target in section.refs.items():
                value = item.get(name)
                if not isinstance(value, str) or not value.strip():
                    self.problem(f"{where}.{name}", f"needs a {name}: the key of one of {target}.")
                    ok = False
                refs[name] = value
            many = {}
            for name in section.many:
                value = item.get(name, [])
                if value is None:
                    value = []
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    self.problem(f"{where}.{name}", "must be a list of keys.")
                    ok = False
                many[name] = value
            key = values.pop(section.key) if section.key else (refs["role"], refs["responsibility"])
            if key in seen:
                self.problem(where, f"{key!r} appears twice (first at {seen[key]}).")
                ok = False
            seen.setdefault(key, where)
            if ok:
                records.append(Record(where, key, values, refs, many))
        return records

    def check_references(self) -> None:
        wanted: dict[str, set[str]] = defaultdict(set)
        for section in SECTIONS:
            for record in self.sections[section.name]:
                for name, target in section.refs.items():
                    wanted[target].add(record.refs[name])
                for name, target in section.many.items():
                    wanted[target].update(record.many[name])
        known: dict[str, set[Any]] = {}
        for target, keys in wanted.items():
            in_file = {r.key for r in self.sections[target]}
            target_section = SECTION_BY_NAME[target]
            in_db = set(
                target_section.model.objects.filter(
                    **{f"{target_section.key}__in": keys - in_file}
                ).values_list(target_section.key, flat=True)
            )
            known[target] = in_file | in_db
        for section in SECTIONS:
            for record in self.sections[section.name]:
                pairs = [(n, t, [record.refs[n]]) for n, t in section.refs.items()]
                pairs += [(n, t, record.many[n]) for n, t in section.many.items()]
                for name, target, refs in pairs:
                    for key in refs:
                        if key not in known[target]:
                            self.problem(
                                f"{record.location}.{name}",
                                f"refers to {target} '{key}', which is neither in this file "
                                "nor in the database.",
                            )

    def check_unique_names(self) -> None:
        for section in SECTIONS:
            model = section.model
            for name in section.fields:
                if not model._meta.get_field(name).unique:
                    continue
                records = self.sections[section.name]
                first: dict = {}
                for record in records:
                    value = record.values[name]
                    if value in first:
                        self.problem(
                            f"{record.location}.{name}",
                            f"'{value}' is also the {name} of {first[value]}.",
                        )
                    first.setdefault(value, record.location)
                keys = {r.key for r in records}
                by_value = {r.values[name]: r for r in records}
                clashes = model.objects.filter(**{f"{name}__in": list(by_value)}).values_list(
                    section.key, name
                )
                for db_key, value in clashes:
                    record = by_value[value]
                    if db_key != record.key and db_key not in keys:
                        self.problem(
                            f"{record.location}.{name}",
                            f"'{value}' is already the {name} of {section.name} '{db_key}'.",
                        )

    def check_own_slugs(self) -> None:
        """A map's own role or responsibility may not take the slug of a shared one: the map
        sees both, so its addresses would be ambiguous, and the import would otherwise turn
        the shared entry into the map's own (one query per section, slugs without case)."""
        for name in OWNABLE:
            section = SECTION_BY_NAME[name]
            own = {str(r.key).lower(): r for r in self.sections[name] if r.values.get("own")}
            if not own:
                continue
            shared = (
                section.model.objects.filter(map__isnull=True)
                .annotate(lowered=Lower(section.key))
                .filter(lowered__in=list(own))
                .order_by(section.key)
            )
            what = section.model._meta.verbose_name
            for entry in shared:
                record = own[entry.lowered]
                self.problem(
                    f"{record.location}.{section.key}",
                    slug_clash_message(what=what, slug=str(record.key), clash=entry, shared=True)
                    + " A map's own entry cannot repeat a shared one.",
                )

    def quote_texts(self) -> dict[str, str]:
        """The text of every quote the assignments cite: from this file, else the database."""
        texts = {str(r.key): str(r.values.get("text") or "") for r in self.sections["quotes"]}
        cited = {key for r in self.sections["assignments"] for key in r.many["quotes"]}
        missing = cited - set(texts)
        texts.update(Quote.objects.filter(key__in=missing).values_list("key", "text"))
        return texts

    def check_accountable(self, map_slug: str) -> None:
        records = self.sections["assignments"]
        holders: dict[str, list[Record]] = defaultdict(list)
        texts = self.quote_texts()
        for record in records:
            if record.values["level"] == Level.ACCOUNTABLE:
                holders[record.key[1]].append(record)
            for problem in assignment_evidence_problems(
                level=record.values["level"],
                basis=record.values.get("basis") or Basis.DESCRIBED,
                quote_count=len(record.many["quotes"]),
                quote_texts=[texts[key] for key in record.many["quotes"] if key in texts],
            ):
                self.problem(_at(record, "level"), problem)
        for responsibility, found in holders.items():
            for extra in found[1:]:
                self.problem(
                    _at(extra, "level"),
                    f"a second Accountable for '{responsibility}': '{found[0].key[0]}' is "
                    f"already Accountable for it at {found[0].location}. A responsibility has "
                    "at most one Accountable role per map.",
                )
        in_file = {r.key for r in records}
        existing = Assignment.objects.filter(
            role_map__slug=map_slug, level=Level.ACCOUNTABLE, responsibility__slug__in=holders
        ).values_list("role__slug", "responsibility__slug")
        for role, responsibility in existing:
            if (role, responsibility) not in in_file:
                record = holders[responsibility][0]
                self.problem(
                    _at(record, "level"),
                    f"'{role}' is already Accountable for '{responsibility}' in map "
                    f"'{map_slug}' in the database; change that assignment in this file too.",
                )


def check(document) -> tuple[Checked | None, list[Problem]]:
    """The cleaned document and no problems, or None and every problem found."""
    checker = _Checker(document)
    checked = checker.run()
    problems = checker.problems
    if checker.more:
        problems = [
            *problems,
            Problem("file", f"{checker.more:,} more problems not listed; fix these first."),
        ]
    return checked, problems
