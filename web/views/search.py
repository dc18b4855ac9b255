"""The search page: results with the matched words marked, or straight to a comparison."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse

from roles.search import LIMIT, MAX_QUERY_LENGTH

from ..errors import error_page
from ..holders import attach_holders
from ..params import InputError, optional_map
from ..search_page import search as run_search


def _page(request, *, results=None, error: InputError | None = None, role_map=None):
    return render(
        request,
        "web/search.html",
        {
            "results": results,
            "error": error,
            "q": request.GET.get("q", "")[: MAX_QUERY_LENGTH * 2],
            "max_length": MAX_QUERY_LENGTH,
            "limit": LIMIT,
            "role_map": role_map,
        },
        status=400 if error else 200,
    )


def _error(request, error: InputError):
    """The search's 400: the search form again, saying why (web.errors calls this)."""
    return _page(request, error=error)


@error_page(_error)
def search(request):
    """No `q` shows the form; a blank or overlong `q` is a 400 that says why; a query
    naming two to four roles ("pm vs po") goes to their comparison."""
    results = None
    role_map = optional_map(request)
    if "q" in request.GET:
        results = run_search(request.GET["q"], role_map)
        attach_holders([*results.responsibilities, *results.area_matches], role_map)
    if results is not None and results.comparison:
        params = {"roles": ",".join(results.comparison)}
        if request.GET.get("map"):
            params["map"] = request.GET["map"]
        return redirect(f"{reverse('web:compare')}?{urlencode(params)}")
    return _page(request, results=results, role_map=role_map)
