"""Reading a page request's parameters: which map, which format, which slugs.

Views call these and turn an InputError into a 400 page that says what to fix; the domain
computations never see a request.
"""

from __future__ import annotations

from django.http import HttpRequest

from roles.inputs import InputError, parse_slugs
from roles.models import RoleMap

__all__ = [
    "InputError",
    "available_maps",
    "optional_map",
    "parse_slugs",
    "requested_format",
    "requested_map",
]


def available_maps(request: HttpRequest) -> list[RoleMap]:
    """The role maps this reader may see (RoleMap.objects.visible_to: a draft only for those
    who may edit it), fetched once per request (one query) and kept on the request: the map
    switcher lists them and requested_map picks from them, so a draft is an unknown map to
    everyone else, never hinted at."""
    maps = getattr(request, "_pmroles_maps", None)
    if maps is None:
        maps = list(RoleMap.objects.visible_to(getattr(request, "user", None)).order_by("name"))
        request._pmroles_maps = maps  # type: ignore[attr-defined]  # per-request cache
    return maps


def requested_map(request: HttpRequest) -> RoleMap:
    """The map `?map=` names, or the default map; UnknownMap (an InputError) otherwise."""
    return RoleMap.objects.resolve(request.GET.get("map") or None, among=available_maps(request))


def optional_map(request: HttpRequest) -> RoleMap | None:
    """For pages that show no map's assignments (home, sources): an unknown `?map=` is
    still an error, but a missing default map (an empty install) is not."""
    if request.GET.get("map"):
        return requested_map(request)
    return next((m for m in available_maps(request) if m.is_default), None)


def requested_format(request: HttpRequest, allowed: tuple[str, ...]) -> str:
    fmt = request.GET.get("format", "html") or "html"
    if fmt not in ("html", *allowed):
        choices = ", ".join(("html", *allowed))
        raise InputError(f"Unknown format “{fmt}”; choose one of: {choices}.", field="format")
    return fmt
