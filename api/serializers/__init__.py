"""The API's serializers, one module per resource; every public name is importable from here.

maps, roles, responsibilities (and areas), assignments, sources (and quotes), disputes: the
resources; evidence: coverage and dispute references they share; computed: compare, matrix
and finder; health: a map's health findings (api/map_health.py); common: the model-rules
mixin and fields every resource uses.
"""

from .assignments import (
    AssignmentSerializer,
)
from .common import (
    ModelRulesMixin,
    QuoteIdsField,
)
from .computed import (
    AttributeDiffSerializer,
    CellSerializer,
    CompareContrastSerializer,
    CompareRowSerializer,
    ComparisonSerializer,
    FinderMatchSerializer,
    FinderQuerySerializer,
    FinderResultSerializer,
    FinderSerializer,
    IdsField,
    MapField,
    MatrixPageSerializer,
    MatrixWindowRowSerializer,
    PairSerializer,
    ResponsibilityRefSerializer,
    RoleCountSerializer,
    RoleRefSerializer,
    SlugsField,
)
from .disputes import (
    DisputePositionSerializer,
    DisputeSerializer,
    PositionQuoteSerializer,
)
from .evidence import (
    BasisCountsSerializer,
    CoverageSerializer,
    DisputeRefSerializer,
    LevelCountsSerializer,
)
from .maps import (
    MapCopySerializer,
    MapReviewSerializer,
    RoleMapSerializer,
)
from .responsibilities import (
    AreaSerializer,
    ResponsibilityAssignmentSerializer,
    ResponsibilitySerializer,
)
from .roles import (
    AreaCountSerializer,
    ContrastRefSerializer,
    RoleAssignmentSerializer,
    RoleListSerializer,
    RoleSerializer,
    RoleVariantSerializer,
)
from .sources import (
    BlankableURLField,
    QuoteSerializer,
    QuoteSupportsSerializer,
    SourceRefSerializer,
    SourceSerializer,
    SupportedAssignmentSerializer,
)

__all__ = [
    "AreaCountSerializer",
    "AreaSerializer",
    "AssignmentSerializer",
    "AttributeDiffSerializer",
    "BasisCountsSerializer",
    "BlankableURLField",
    "CellSerializer",
    "CompareContrastSerializer",
    "CompareRowSerializer",
    "ComparisonSerializer",
    "ContrastRefSerializer",
    "CoverageSerializer",
    "DisputePositionSerializer",
    "DisputeRefSerializer",
    "DisputeSerializer",
    "FinderMatchSerializer",
    "FinderQuerySerializer",
    "FinderResultSerializer",
    "FinderSerializer",
    "IdsField",
    "LevelCountsSerializer",
    "MapCopySerializer",
    "MapField",
    "MapReviewSerializer",
    "MatrixPageSerializer",
    "MatrixWindowRowSerializer",
    "ModelRulesMixin",
    "PairSerializer",
    "PositionQuoteSerializer",
    "QuoteIdsField",
    "QuoteSerializer",
    "QuoteSupportsSerializer",
    "ResponsibilityAssignmentSerializer",
    "ResponsibilityRefSerializer",
    "ResponsibilitySerializer",
    "RoleAssignmentSerializer",
    "RoleCountSerializer",
    "RoleListSerializer",
    "RoleMapSerializer",
    "RoleRefSerializer",
    "RoleSerializer",
    "RoleVariantSerializer",
    "SlugsField",
    "SourceRefSerializer",
    "SourceSerializer",
    "SupportedAssignmentSerializer",
]
