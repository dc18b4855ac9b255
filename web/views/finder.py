"""The "which role is mine?" page.

The form offers one area's responsibilities at a time, or the matches of a search, never
every responsibility; what is ticked travels in the URL (`responsibilities=`), so choosing
from several areas is a series of GETs. `find=1` asks for the ranking, so ticking nothing
then is an error, not a reset.
"""

from django.shortcuts import render

from roles.finder import (
    ALSO_HOLDS_SHOWN,
    LIST_LIMIT,
    MAX_TICKED,
    chosen_responsibilities,
    compare_candidates,
    finder_choices,
    known_responsibilities,
    rank_roles,
)

from ..holders import attach_holders
from ..params import InputError, parse_slugs, requested_map

RESULTS_SHOWN = 10


def finder(request):
    slugs = parse_slugs(request.GET.getlist("responsibilities"))
    asked = "find" in request.GET
    words = " ".join(request.GET.get("fq", "").split())[:200]
    pick = request.GET.get("pick")  # which button: "area" or "search"; none from a link
    results, error, choices, role_map, ticked = None, None, None, None, []
    try:
        role_map = requested_map(request)
        if slugs or asked:
            ticked = chosen_responsibilities(slugs, role_map)
        if asked:
            results = rank_roles(ticked, role_map)
    except InputError as exc:
        error = exc
        ticked = known_responsibilities(slugs, role_map)
    try:
        choices = finder_choices(
            area_slug=request.GET.get("area") or None,
            search_words=None if pick == "area" else words,
            ticked=ticked,
            role_map=role_map,
        )
    except InputError as exc:
        error = error or exc
        choices = finder_choices(
            area_slug=None, search_words=None, ticked=ticked, role_map=role_map
        )
    # Each responsibility offered says who holds it (one query): the answer is on the form.
    attach_holders(choices.offered, role_map)
    shown = results[:RESULTS_SHOWN] if results else []
    return render(
        request,
        "web/finder.html",
        {
            "choices": choices,
            "ticked_slugs": {r.slug for r in ticked},
            "fq": words,
            "results": results[:RESULTS_SHOWN] if results else results,
            # Roles with a part in some ticked work, and those with none (folded away).
            "matching": [r for r in shown if r.share > 0],
            "no_part": [r for r in shown if r.share == 0],
            "hidden_results": max(0, len(results) - RESULTS_SHOWN) if results else 0,
            "compare_roles": compare_candidates(results) if results else [],
            "error": error,
            "role_map": role_map,
            "also_holds_shown": ALSO_HOLDS_SHOWN,
            "list_limit": LIST_LIMIT,
            "max_ticked": MAX_TICKED,
        },
        status=400 if error else 200,
    )
