"""The "which role is mine?" page."""

from itertools import groupby

from django.shortcuts import render

from responsibilities.models import Responsibility
from roles.finder import find_roles

from ..params import InputError, parse_slugs, requested_map


def finder(request):
    """GET form; a submitted form carries `find=1`, so ticking nothing is an error, not a reset."""
    ticked = parse_slugs(request.GET.getlist("responsibilities"))
    submitted = "find" in request.GET or bool(ticked)
    results, error, role_map = None, None, None
    try:
        role_map = requested_map(request)
        if submitted:
            results = find_roles(ticked, role_map=role_map)
    except InputError as exc:
        error = exc
    by_area = [
        (area, list(items))
        for area, items in groupby(Responsibility.objects.for_finder(), key=lambda r: r.area)
    ]
    return render(
        request,
        "web/finder.html",
        {
            "by_area": by_area,
            "ticked": set(ticked),
            "results": results,
            "error": error,
            "role_map": role_map,
        },
        status=400 if error else 200,
    )
