"""The map comparison page: what one role map changes relative to another."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from roles.inputs import parse_page
from roles.map_compare import compare_maps, resolve_maps, resolve_role

from ..errors import error_page
from ..params import InputError, available_maps


def _map_query(role_map) -> str:
    """`?map=x` for links into a map's pages; empty for the default map."""
    return "" if role_map.is_default else "?" + urlencode({"map": role_map.slug})


def _error(request, error: InputError):
    """The map comparison's 400: its form again, with the error and what was asked."""
    return render(
        request,
        "web/map_compare.html",
        {
            "error": error,
            "maps": available_maps(request),
            "chosen_a": request.GET.get("a", ""),
            "chosen_b": request.GET.get("b", ""),
        },
        status=400,
    )


@error_page(_error)
def map_compare(request):
    if not request.GET.get("a") and not request.GET.get("b"):
        # No question yet: the form with the maps to choose (a map other than the default
        # against the default one), not an error.
        maps = available_maps(request)
        default = next((m for m in maps if m.is_default), None)
        other = next((m for m in maps if not m.is_default), None)
        return render(
            request,
            "web/map_compare.html",
            {
                "maps": maps,
                "chosen_a": default.slug if default else "",
                "chosen_b": other.slug if other else "",
            },
        )
    a, b = resolve_maps(request.GET.get("a"), request.GET.get("b"), available_maps(request))
    role = resolve_role(request.GET.get("role"), among=(a, b))
    page = parse_page(request.GET.get("page"))
    comparison = compare_maps(a, b, role=role, page=page)

    def page_url(number: int) -> str:
        params = {"a": a.slug, "b": b.slug, **({"role": role.slug} if role else {})}
        return "?" + urlencode({**params, "page": number})

    return render(
        request,
        "web/map_compare.html",
        {
            "comparison": comparison,
            "maps": available_maps(request),
            "chosen_a": a.slug,
            "chosen_b": b.slug,
            "a_query": _map_query(a),
            "b_query": _map_query(b),
            "previous_url": page_url(page - 1) if page > 1 else "",
            "next_url": page_url(page + 1) if page < comparison.num_pages else "",
            "first_index": (page - 1) * comparison.page_size + 1,
            "last_index": (page - 1) * comparison.page_size + len(comparison.rows),
        },
    )
