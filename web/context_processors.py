"""What every page's header needs: the role maps for the switcher, the map shown, and the
`?map=` to carry on internal links.

Lazy: nothing is queried unless a template uses it, and the maps come from the request's
own list (web.params.available_maps), which views already fetched to resolve `?map=`; so a
page that shows a map pays no extra query, and other pages pay one.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, lazy

from roles.models import default_map_slug

from .params import available_maps

MAX_CARRIED_PARAMS = 50  # other query parameters the switcher form carries along


def _current(request: HttpRequest):
    wanted = request.GET.get("map") or default_map_slug()
    maps = available_maps(request)
    return next((m for m in maps if m.slug == wanted), None)


def _map_slug(request: HttpRequest) -> str:
    """The slug to carry on links: a known map other than the default, else nothing."""
    current = _current(request)
    return current.slug if current is not None and not current.is_default else ""


class _CarriedMap:
    """The `?map=` a page's links carry, found once: a page writes map_query on every link."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.encoded: str | None = None  # "map=<slug>", or "" for the default map

    def query(self, prefix: str) -> str:
        if self.encoded is None:
            slug = _map_slug(self.request)
            self.encoded = urlencode({"map": slug}) if slug else ""
        return f"{prefix}{self.encoded}" if self.encoded else ""


def map_query(request: HttpRequest) -> str:
    """The page's `?map=` for links written in Python ("" for the default map), as the
    templates' `map_query` gives it."""
    return _CarriedMap(request).query("?")


# Made once: lazy() builds a proxy class on each call (about 0.3 ms), which every page paid
# twice when it was called here per request.
_lazy_query = lazy(_CarriedMap.query, str)


def role_maps(request: HttpRequest) -> dict:
    carried = _CarriedMap(request)
    return {
        "role_maps": SimpleLazyObject(lambda: available_maps(request)),
        "current_map": SimpleLazyObject(lambda: _current(request)),
        # "?map=x" to append to a bare URL, "&map=x" to a URL that has a query already;
        # both empty for the default map, so default links stay as they were.
        "map_query": _lazy_query(carried, "?"),
        "map_and": _lazy_query(carried, "&"),
        "map_switch_params": [
            (key, value) for key, values in request.GET.lists() if key != "map" for value in values
        ][:MAX_CARRIED_PARAMS],
    }
