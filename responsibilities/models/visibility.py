"""What one map sees of the shared catalogue, and slugs unique among what it sees.

Shared by every model module of this package: read queries filter with visible_in_q, natural
keys look entries up with natural_key_lookup, and model clean() refuses a slug a map could
already see (check_slug).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import rules

if TYPE_CHECKING:
    # For the type checker only: this app sits below roles and never imports it at run
    # time (import-linter leaves type-checking imports out: pyproject.toml).
    from roles.models import RoleMap

    # A roles.RoleMap or its id; None: no map (the shared catalogue only).
    MapRef: TypeAlias = RoleMap | int | None


def visible_in_q(role_map: MapRef | str, prefix: str = "") -> Q:
    """What one map can see: the shared catalogue (no map) and the map's own entries.

    "Uses" means the whole shared catalogue, not only the shared entries with a part in
    the map: a responsibility nobody holds ("not stated in the sources") is still shown,
    and a team map starts from every reference role. `prefix` reaches the entry through a
    relation, e.g. "role__". No map (an empty install, a page outside any map): the shared
    catalogue only.
    """
    shared = Q(**{f"{prefix}map__isnull": True})
    if role_map is None:
        return shared
    if isinstance(role_map, str):  # a map's slug: no query to fetch the map first
        return shared | Q(**{f"{prefix}map__slug": role_map})
    return shared | Q(**{f"{prefix}map": role_map})


def natural_key_lookup(slug: str, map_slug: str | None = None) -> dict[str, Any]:
    """The lookup for a catalogue entry's natural key: (slug,) shared, (slug, map) own."""
    if map_slug is None:
        return {"slug": slug, "map__isnull": True}
    return {"slug": slug, "map__slug": map_slug}


def slug_clash(model: type[models.Model], entry: Any) -> Any:
    """Another entry whose slug (without regard to case) a map seeing `entry` would also see.

    A shared entry clashes with any entry of that slug (every map sees it); an own entry
    with the shared ones and its own map's. One query; None when the slug is free.
    """
    if not entry.slug:
        return None
    others = model._default_manager.filter(slug__iexact=entry.slug).exclude(pk=entry.pk)
    if entry.map_id is not None:
        others = others.filter(Q(map__isnull=True) | Q(map_id=entry.map_id))
    return others.first()


def check_slug(model: type[models.Model], entry: Any, what: str) -> None:
    """Model clean(): refuse a slug a map could already see, with the rule book's sentence."""
    clash = slug_clash(model, entry)
    if clash is not None:
        message = rules.slug_clash_message(
            what=what, slug=entry.slug, clash=clash, shared=clash.map_id is None
        )
        raise ValidationError({"slug": message})


def roles_model() -> Any:
    """roles.Role, looked up by name: this app sits below roles and never imports it."""
    return apps.get_model("roles", "Role")
