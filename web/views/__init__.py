"""Server-rendered pages for readers; every page works without JavaScript.

Each view reads its parameters (web.params), calls one queryset method or one computation
of the domain (roles.comparison, roles.matrix, roles.finder, roles.search), and renders a
template from templates/web/; a page costs a fixed number of SQL queries whatever the data
size.
"""

from .compare import compare, matrix
from .evidence import dispute_detail, dispute_list, method
from .finder import finder
from .health import map_health_page
from .maps import map_compare
from .pages import home, responsibility_detail, role_detail, source_detail, source_list
from .search import search

__all__ = [
    "compare",
    "dispute_detail",
    "dispute_list",
    "finder",
    "home",
    "map_compare",
    "map_health_page",
    "matrix",
    "method",
    "responsibility_detail",
    "role_detail",
    "search",
    "source_detail",
    "source_list",
]
