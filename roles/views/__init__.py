"""Server-rendered pages for readers; every page works without JavaScript.

Each view calls queryset methods or the computations in roles.comparison / roles.search,
so a page costs a fixed number of SQL queries whatever the data size.
"""

from .compare import compare, matrix
from .finder import finder, search
from .pages import home, responsibility_detail, role_detail, source_detail, source_list

__all__ = [
    "compare",
    "finder",
    "home",
    "matrix",
    "responsibility_detail",
    "role_detail",
    "search",
    "source_detail",
    "source_list",
]
