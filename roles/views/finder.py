"""Pages that answer a reader's question: "which role is mine?" and search."""

from itertools import groupby

from django.shortcuts import render

from responsibilities.models import Responsibility

from ..comparison import InputError, parse_slugs
from ..finder import find_roles
from ..search import MAX_QUERY_LENGTH
from ..search import search as run_search


def finder(request):
    """GET form; a submitted form carries `find=1`, so ticking nothing is an error, not a reset."""
    ticked = parse_slugs(request.GET.getlist("responsibilities"))
    submitted = "find" in request.GET or bool(ticked)
    results, error = None, None
    if submitted:
        try:
            results = find_roles(ticked)
        except InputError as exc:
            error = exc
    by_area = [
        (area, list(items))
        for area, items in groupby(Responsibility.objects.for_finder(), key=lambda r: r.area)
    ]
    return render(
        request,
        "roles/finder.html",
        {"by_area": by_area, "ticked": set(ticked), "results": results, "error": error},
        status=400 if error else 200,
    )


def search(request):
    """No `q` at all shows the form; a blank or overlong `q` is a 400 that says why."""
    results, error = None, None
    if "q" in request.GET:
        try:
            results = run_search(request.GET["q"])
        except InputError as exc:
            error = exc
    return render(
        request,
        "roles/search.html",
        {
            "results": results,
            "error": error,
            "q": request.GET.get("q", "")[: MAX_QUERY_LENGTH * 2],
            "max_length": MAX_QUERY_LENGTH,
        },
        status=400 if error else 200,
    )
