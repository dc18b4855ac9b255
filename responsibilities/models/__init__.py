"""Responsibilities, who holds them (assignments), and the quoted evidence behind them.

Invariants live in the database where it can express them (one assignment per map, role
and responsibility; one Accountable per map and responsibility; non-empty quotes) and
again in clean() so that forms show a readable message before the database refuses.

Each model's QuerySet sits above it: views and viewsets call one of its methods (for_detail,
for_matrix, ...) so that the joins and prefetches a page needs are decided in one place and
the number of SQL queries per page stays fixed whatever the data size. Methods that read one
role map take the RoleMap itself (RoleMap.objects.resolve() turns a slug into one).

One module per concept, each building on the ones before it (import them from here:
`from responsibilities.models import Assignment`):

- visibility.py: what one map sees of the shared catalogue, and slugs unique within it;
- evidence.py: sources and their quotes;
- catalogue.py: areas and responsibilities;
- assignments.py: who holds which responsibility in a map (Assignment and its queries);
- disputes.py: disputes and their positions.

A QuerySet that reads a model of a later module (quotes with the assignments they support,
responsibilities with their assignments and disputes) looks that model up by name
(apps.get_model) instead of importing it, which would make the imports circular.
"""

import sys

from ..history import keep_history_models_in
from ..levels import LEVEL_RANK, Basis, Level, MapKind
from ..versioning import DataVersion  # the data version (versioning.py), registered here
from . import assignments, catalogue, disputes, evidence
from .assignments import Assignment, AssignmentQuerySet
from .catalogue import (
    Area,
    AreaQuerySet,
    Kind,
    Responsibility,
    ResponsibilityQuerySet,
)
from .disputes import (
    DISPUTE_REFS_LIMIT,
    Dispute,
    DisputePosition,
    DisputePositionQuerySet,
    DisputeQuerySet,
)
from .evidence import Quote, QuoteQuerySet, Source, SourceKind, SourceQuerySet
from .visibility import check_slug, natural_key_lookup, slug_clash, visible_in_q

# HistoricalSource and the others where `manage.py shell` finds them (see history.py).
keep_history_models_in(sys.modules[__name__], assignments, catalogue, disputes, evidence)

__all__ = [
    "DISPUTE_REFS_LIMIT",
    "LEVEL_RANK",
    "Area",
    "AreaQuerySet",
    "Assignment",
    "AssignmentQuerySet",
    "Basis",
    "DataVersion",
    "Dispute",
    "DisputePosition",
    "DisputePositionQuerySet",
    "DisputeQuerySet",
    "Kind",
    "Level",
    "MapKind",
    "Quote",
    "QuoteQuerySet",
    "Responsibility",
    "ResponsibilityQuerySet",
    "Source",
    "SourceKind",
    "SourceQuerySet",
    "check_slug",
    "natural_key_lookup",
    "slug_clash",
    "visible_in_q",
]
