"""Roles, their variants, the role maps that hold assignments, and stated contrasts.

Each model's QuerySet sits above it (see responsibilities.models for why). One module per
concept (import them from here: `from roles.models import RoleMap`):

- maps.py: role maps, and which map a request means (RoleMap.objects.resolve, UnknownMap);
- catalogue.py: roles (shared and a team map's own), their variants, and stated contrasts;
- downloads.py: whole-map files prepared in the background for big maps (roles/prepared.py).
"""

import sys

from responsibilities.history import keep_history_models_in

from . import catalogue, maps
from .catalogue import (
    Contrast,
    ContrastKind,
    ContrastQuerySet,
    Focus,
    Horizon,
    Role,
    RoleQuerySet,
    RoleVariant,
    RoleVariantQuerySet,
    Stakeholders,
)
from .downloads import DownloadState, PreparedDownload, PreparedDownloadQuerySet
from .maps import (
    MAP_CURATOR_PERMISSIONS,
    MapStatus,
    RoleMap,
    RoleMapQuerySet,
    UnknownMap,
    default_map_slug,
)

# HistoricalRole and the others where `manage.py shell` finds them (responsibilities.history).
keep_history_models_in(sys.modules[__name__], catalogue, maps)

__all__ = [
    "MAP_CURATOR_PERMISSIONS",
    "Contrast",
    "ContrastKind",
    "ContrastQuerySet",
    "DownloadState",
    "Focus",
    "Horizon",
    "MapStatus",
    "PreparedDownload",
    "PreparedDownloadQuerySet",
    "Role",
    "RoleMap",
    "RoleMapQuerySet",
    "RoleQuerySet",
    "RoleVariant",
    "RoleVariantQuerySet",
    "Stakeholders",
    "UnknownMap",
    "default_map_slug",
]
