"""What each section of a role-map document holds, in the order an import applies them.

Sections are declared once here so that export, validation and import cannot disagree on
field names: `key` is the natural key, `refs` are foreign keys written as the target's key,
`many` are many-to-many fields written as lists of keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps

FORMAT_NAME = "pmroles-rolemap"
# Version 2 (team maps) adds the map's kind, status and review fields, `own` on roles and
# responsibilities, and the team's decision (decided_on, decided_by) on assignments. Version 1
# files still import: what they lack takes its default (a published reference map, shared
# entries).
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
# Sections whose records may belong to the document's map (`own: true`) or be shared.
OWNABLE = ("roles", "responsibilities")


@dataclass(frozen=True)
class Section:
    name: str
    model_label: str
    key: str | None
    fields: tuple[str, ...]
    refs: dict[str, str] = field(default_factory=dict)
    many: dict[str, str] = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def columns(self) -> tuple[str, ...]:
        key = (self.key,) if self.key else ()
        own = ("own",) if self.name in OWNABLE else ()
        return key + own + tuple(self.refs) + self.fields + tuple(self.many)


SECTIONS: tuple[Section, ...] = (
    Section(
        "sources",
        "responsibilities.Source",
        "slug",
        ("title", "author", "publisher", "published", "url", "document", "note", "kind"),
    ),
    Section("quotes", "responsibilities.Quote", "key", ("text", "locator"), {"source": "sources"}),
    Section("areas", "responsibilities.Area", "slug", ("name", "description", "order")),
    Section(
        "responsibilities",
        "responsibilities.Responsibility",
        "slug",
        ("name", "description", "kind", "order"),
        {"area": "areas"},
        {"quotes": "quotes"},
    ),
    Section(
        "roles",
        "roles.Role",
        "slug",
        (
            "name",
            "abbreviation",
            "summary",
            "description",
            "focus",
            "focus_note",
            "horizon",
            "stakeholders",
            "methodology",
            "order",
        ),
        {},
        {"quotes": "quotes"},
    ),
    Section(
        "role_variants",
        "roles.RoleVariant",
        "slug",
        ("name", "summary", "description", "order"),
        {"role": "roles"},
        {"quotes": "quotes"},
    ),
    Section(
        "contrasts",
        "roles.Contrast",
        "slug",
        ("kind", "aspect", "summary", "order"),
        {},
        {"roles": "roles", "quotes": "quotes"},
    ),
    # Assignments belong to the document's map; (role, responsibility) identifies one.
    Section(
        "assignments",
        "responsibilities.Assignment",
        None,
        ("level", "basis", "rationale", "decided_on", "decided_by", "note"),
        {"role": "roles", "responsibility": "responsibilities"},
        {"quotes": "quotes"},
    ),
)

SECTION_BY_NAME = {s.name: s for s in SECTIONS}
MAP_FIELDS = ("slug", "name", "description", "based_on", *("kind", "status"))
MAP_REVIEW_FIELDS = ("last_reviewed", "review_every_days")
MAP_ALL_FIELDS = (*MAP_FIELDS, *MAP_REVIEW_FIELDS)
# `revision` and `exported_at`: which revision of the map the file was exported from, and
# when (optional: a hand-written file has none; editing/import_guard.py).
HEADER_STRINGS = ("revision", "exported_at")
TOP_LEVEL = ("format", "version", *HEADER_STRINGS, "map", *SECTION_BY_NAME)


def key_field(section_name: str) -> str:
    """The natural-key field of a section that other sections refer to."""
    key = SECTION_BY_NAME[section_name].key
    if key is None:
        raise ValueError(f"Section {section_name!r} has no natural key to refer to.")
    return key
