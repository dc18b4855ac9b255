"""Reading a page request's parameters: which map, which format, which slugs.

Views call these and turn an InputError into a 400 page that says what to fix; the domain
computations never see a request.
"""

from __future__ import annotations

from django.http import HttpRequest

from roles.inputs import InputError, parse_slugs
from roles.models import RoleMap

__all__ = ["InputError", "parse_slugs", "requested_format", "requested_map"]


def requested_map(request: HttpRequest) -> RoleMap:
    """The map `?map=` names, or the default map; UnknownMap (an InputError) otherwise."""
    return RoleMap.objects.resolve(request.GET.get("map") or None)


def requested_format(request: HttpRequest, allowed: tuple[str, ...]) -> str:
    fmt = request.GET.get("format", "html") or "html"
    if fmt not in ("html", *allowed):
        choices = ", ".join(("html", *allowed))
        raise InputError(f"Unknown format “{fmt}”; choose one of: {choices}.", field="format")
    return fmt
