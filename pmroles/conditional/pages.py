"""Pages answer anonymous reloads from the data version: 304 or a stored body, no work.

`cached_page` wraps the public page views (web/urls.py): see reads.py for the
key, what is stored and who takes this path. Pages send `ETag` (a hash of the body) and
`Last-Modified` (when the data last changed) to anonymous readers, and honour
`If-None-Match` and `If-Modified-Since`.

Each page names what it reads (`reads`, a function of the request giving a
versioning.Reads): most read the evidence and the map `?map=` names (the default map
without it), so a write to another map leaves their stored answers alone; the method page
reads no domain data but the list of maps; pages that read every map say so.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest

from responsibilities.versioning import EVERYTHING, Reads
from roles.comparison import MAX_ROLES, MIN_ROLES
from roles.inputs import InputError, parse_slugs
from roles.models import default_map_slug

from . import etags
from .reads import Read, anonymous_by_headers, enabled


def reads_map(request: HttpRequest, kwargs: dict) -> Reads:
    """The evidence and the map `?map=` names (the default map without it)."""
    return Reads(map_slug=request.GET.get("map") or default_map_slug())


def reads_role(request: HttpRequest, kwargs: dict) -> Reads:
    """A role page: the evidence and that role's parts in the map."""
    return Reads(
        map_slug=request.GET.get("map") or default_map_slug(), role_slugs=(kwargs["slug"],)
    )


def reads_compared_roles(request: HttpRequest, kwargs: dict) -> Reads:
    """A comparison: the evidence and the compared roles' parts in the map (any input the
    page refuses reads the whole map: a refusal is never stored anyway)."""
    try:
        slugs = parse_slugs(request.GET.getlist("roles"))
    except InputError:
        slugs = []
    if not MIN_ROLES <= len(slugs) <= MAX_ROLES:
        return reads_map(request, kwargs)
    return Reads(map_slug=request.GET.get("map") or default_map_slug(), role_slugs=tuple(slugs))


def reads_evidence(request: HttpRequest, kwargs: dict) -> Reads:
    """The evidence and no map's assignments (disputes)."""
    return Reads()


def reads_maps_list(request: HttpRequest, kwargs: dict) -> Reads:
    """Nothing but the list of maps (the switcher): the method page."""
    return Reads(evidence=False)


def reads_every_map(request: HttpRequest, kwargs: dict) -> Reads:
    """The evidence and the assignments of any map (a source's quotes, two maps compared)."""
    return EVERYTHING


def cached_page(view, reads: Callable[[HttpRequest, dict], Reads] = reads_map):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or not enabled()
            or not anonymous_by_headers(request)
        ):
            return view(request, *args, **kwargs)
        read = Read(request, layer="web", reads=reads(request, kwargs))
        early = read.not_modified(with_last_modified=True) or read.cached_response(
            with_last_modified=True
        )
        if early is not None:
            return early
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        etag = etags.for_bytes(response.content, response.get("Content-Type", ""))
        response["ETag"] = etag
        response["Last-Modified"] = read.last_modified
        read.store(response, etag)
        if etags.matches(request.headers.get("If-None-Match"), etag):
            return read.not_modified(with_last_modified=True) or response
        return response

    return wrapper
