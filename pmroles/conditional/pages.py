"""Pages answer reloads from the data version: 304 or a stored body, no work.

`cached_page` wraps the public page views (web/urls.py): see reads.py for the
key and what is stored. Pages send `ETag` (a hash of the body) and `Last-Modified` (when
the data last changed), and honour `If-None-Match` and `If-Modified-Since`. Signed-in
readers take this path too, keyed by the maps they may see (`readers`).

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
from roles.models import RoleMap, default_map_slug

from . import etags, signed_in
from .reads import Read, anonymous_by_headers, enabled


def reads_map(request: HttpRequest, kwargs: dict) -> Reads:
    """The evidence and the map `?map=` names (the default map without it)."""
    return Reads(map_slug=request.GET.get("map") or default_map_slug())


def reads_map_without_notes(request: HttpRequest, kwargs: dict) -> Reads:
    """The evidence and the map, but no assignment's note (the matrix, the search, the
    finder, the home page): an edit of a note alone leaves their stored answers alone."""
    return Reads(map_slug=request.GET.get("map") or default_map_slug(), notes=False)


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


def readers(request: HttpRequest) -> str:
    """Who a page is for, as far as it differs: the maps the reader may see.

    A page depends on its reader only through the maps they may see (the switcher lists
    them, `?map=` is resolved among them: web/params.available_maps); nothing else on a
    public page is theirs. So a signed-in reader's page is stored too, under the set of maps
    they see, shared by everyone who sees the same set (every Reader sees the published
    maps); an anonymous reader's costs no query (no session to read)."""
    if anonymous_by_headers(request):
        return ""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # Pages sign in by session only: a token (an Authorization header) or an expired
        # session leaves the reader anonymous, so the page is the anonymous one.
        return ""
    return maps_seen_by(user)


def maps_seen_by(user) -> str:
    """The maps `user` may see, as a key fragment (one query, or none for a user remembered
    with them: signed_in): what a signed-in reader's stored answer is shared under (pages,
    and the API views that say so)."""
    remembered = getattr(user, "_pmroles_maps_seen", None)
    if remembered is not None:
        return remembered
    maps = RoleMap.objects.visible_to(user).order_by("pk")
    seen = "maps:" + ",".join(str(pk) for pk in maps.values_list("pk", flat=True))
    signed_in.remember_maps(user, seen)
    return seen


def cached_page(view, reads: Callable[[HttpRequest, dict], Reads] = reads_map):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not enabled():
            return view(request, *args, **kwargs)
        read = Read(
            request,
            layer="web",
            reads=reads(request, kwargs),
            variant=lambda: readers(request),  # after the versions: they carry the stamp
        )
        early = read.not_modified(with_last_modified=True) or read.cached_response(
            with_last_modified=True
        )
        if early is not None:
            return early
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if getattr(response, "streaming", False):
            # A whole-map download: its tag comes from the version and address, and only
            # the tag is kept, so a reload that sends it back is a 304, not the whole file.
            response["ETag"] = etags.for_stream(read.key)
            response["Last-Modified"] = read.last_modified
            read.store(response, response["ETag"])
            return response
        etag = etags.for_bytes(response.content, response.get("Content-Type", ""))
        response["ETag"] = etag
        response["Last-Modified"] = read.last_modified
        read.store(response, etag)
        if etags.matches(request.headers.get("If-None-Match"), etag):
            return read.not_modified(with_last_modified=True) or response
        return response

    return wrapper
