"""The API's conditional GET: its ETag, and anonymous reads answered from the data version.

The API base (api/base.py) calls the hooks below (before_drf, granted_before, answer_early,
tag, remember); reads.py holds the key and the stored entries. `tag` sets the ETag of the
one scheme (etags.py: a JSON answer's tag hashes its data, so If-Match on writes agrees)
and answers 304 to a matching If-None-Match. The first
anonymous 200 at a data version stores that ETag and the body; a later request for the same
URL and Accept header at the same version gets a 304 (If-None-Match matches) or the stored
body, without building anything. Throttles still count it. A signed-in client's answer can
depend on its permissions, which are not domain data, so it is computed each time, except
on the views that say `readers_share_answers` (start).

`before_drf` answers the cheapest case, an anonymous If-None-Match that matches, before
DRF builds its request (parsers, negotiation, authentication): the view's throttles are
asked first, so a 304 still counts, and anything else goes through DRF as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from responsibilities.versioning import EVERYTHING, Reads
from roles.models import default_map_slug

from . import etags, signed_in
from .pages import maps_seen_by
from .reads import Read, anonymous_by_headers, enabled


def reads(view_class, request, kwargs) -> Reads:
    """What a view's answer reads: the evidence and the map `?map=` names for views that
    say `map_scoped = True` (their own `version_reads` may narrow it further), the
    evidence and every map otherwise."""
    custom = getattr(view_class, "version_reads", None)
    if custom is not None:
        return custom(request, kwargs)
    if getattr(view_class, "map_scoped", False):
        return Reads(map_slug=request.GET.get("map") or default_map_slug())
    return EVERYTHING


class Answered(Exception):
    """Raised from APIView.initial to end a request early with a ready response."""

    def __init__(self, response: HttpResponse):
        super().__init__("answered from the data version")
        self.response = response


def authenticates_late(view, request) -> bool:
    """A read whose answer readers share authenticates after its versions are read (in
    `start`), with the `readers` stamp among them: a token's or a session's reader is then
    taken from what is remembered under that stamp, with no query of its own."""
    return (
        request.method in ("GET", "HEAD")
        and enabled()
        and getattr(type(view), "readers_share_answers", False)
    )


def start(view, request) -> Read | None:
    """The request's key and entry, or None when it does not apply.

    Signed-in requests are stored only for views that say `readers_share_answers = True`:
    views whose answer depends on its reader through nothing but the maps they may see
    (`?map=` is resolved among them), keyed by that set as the pages are, and whose
    permissions grant every safe method to everyone (tests/api/test_api_signed_in_reads.py
    holds them to it), so a stored answer needs no permission check (granted_before).
    Those views authenticate here, once the versions are read (authenticates_late); the
    others have authenticated before."""
    if request.method not in ("GET", "HEAD") or not enabled():
        return None
    accept = request.headers.get("Accept", "")

    def readers_variant() -> str:
        # After the versions, which carry the `readers` stamp when the request carries
        # credentials: who is asking is then read from what is remembered under it.
        user = request.user
        if not user.is_authenticated:
            return accept
        signed_in.token_reader(request._request, user)
        seen = maps_seen_by(user)
        signed_in.remember_permissions(user)
        return f"{accept}|{seen}"

    variant: str | Callable[[], str] = readers_variant
    if not authenticates_late(view, request):
        if request.user.is_authenticated:
            return None
        variant = accept
    read = Read(
        request._request,
        layer="api",
        variant=variant,
        reads=reads(type(view), request._request, view.kwargs),
    )
    view._pmroles_read = read
    return read


def granted_before(view, request) -> bool:
    """A 200 stored at this version under this reader's key proves they may see it: an
    anonymous reader's permissions depend on nothing but the method and the view, and the
    views that store signed-in answers grant every safe method to everyone. So the
    permission check, which builds the queryset (a query for ?map=), can be skipped."""
    read = start(view, request)
    return read is not None and read.entry is not None


def answer_early(view) -> None:
    """After throttles: raise Answered with a 304 or the stored body when there is one."""
    read = getattr(view, "_pmroles_read", None)
    if read is None:
        return
    response = read.not_modified(with_last_modified=False) or read.cached_response(
        with_last_modified=False
    )
    if response is not None:
        raise Answered(response)


def tag(request, response):
    """Tag a successful GET/HEAD response; answer 304 when the client already has it."""
    renderer = getattr(response, "accepted_renderer", None)
    if renderer is not None and renderer.format == "json":
        etag = etags.for_data(response.data)
    else:
        response.render()
        etag = etags.for_bytes(response.content, response.get("Content-Type", ""))
    response["ETag"] = etag
    patch_vary_headers(response, ("Accept",))
    if etags.matches(request.headers.get("If-None-Match"), etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        patch_vary_headers(not_modified, ("Accept",))
        return not_modified
    return response


def remember(view, response) -> None:
    """After the ETag is set: keep it (and the body) for the next anonymous reader."""
    read = getattr(view, "_pmroles_read", None)
    if read is not None and response.status_code in (200, 304) and response.has_header("ETag"):
        if hasattr(response, "render"):
            response.render()  # DRF renders late; the stored body is the rendered one
        read.store(response, response["ETag"])


def before_drf(view_func):
    """Wrap an API view function (ApiViewMixin.as_view) with the early 304."""

    @wraps(view_func)  # keeps cls, initkwargs, actions and csrf_exempt for router and schema
    def wrapper(request, *args, **kwargs):
        if (
            request.method in ("GET", "HEAD")
            and "If-None-Match" in request.headers
            and enabled()
            and anonymous_by_headers(request)
        ):
            read = Read(
                request,
                layer="api",
                variant=request.headers.get("Accept", ""),
                reads=reads(view_func.cls, request, kwargs),
            )
            response = read.not_modified(with_last_modified=False)
            if response is not None and _throttles_allow(view_func.cls, request):
                return response
        return view_func(request, *args, **kwargs)

    return wrapper


def _throttles_allow(view_class, request) -> bool:
    # The view's own throttles, as DRF would run them; a refusal falls through to DRF,
    # which answers 429 (a refused request is not recorded, so it is not counted twice).
    view = view_class()
    return all(throttle.allow_request(request, view) for throttle in view.get_throttles())
