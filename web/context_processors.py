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


def role_maps(request: HttpRequest) -> dict:
    carried: list[str] = []  # the slug, found once: a page writes map_query on every link

    def query(prefix: str) -> str:
        if not carried:
            carried.append(_map_slug(request))
        slug = carried[0]
        return f"{prefix}{urlencode({'map': slug})}" if slug else ""

    return {
        "role_maps": SimpleLazyObject(lambda: available_maps(request)),
        "current_map": SimpleLazyObject(lambda: _current(request)),
        # "?map=x" to append to a bare URL, "&map=x" to a URL that has a query already;
        # both empty for the default map, so default links stay as they were.
        "map_query": lazy(query, str)("?"),
        "map_and": lazy(query, str)("&"),
        "map_switch_params": [
            (key, value) for key, values in request.GET.lists() if key != "map" for value in values
        ][:MAX_CARRIED_PARAMS],
    }
