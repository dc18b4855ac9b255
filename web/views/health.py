"""The map health page: the RACI checks of roles/health.py, counts first, then the findings
grouped by kind, each linking to its row in the matrix and to its roles."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from roles.health import map_health, thresholds
from roles.models import RoleMap

from ..params import InputError, available_maps

# Findings a kind shows on the page; the XLSX download has them all.
PER_KIND = 50


def map_health_page(request: HttpRequest, slug: str) -> HttpResponse:
    role_map: RoleMap | None = next((m for m in available_maps(request) if m.slug == slug), None)
    if role_map is None:
        raise Http404("There is no such map.")
    map_query = "" if role_map.is_default else "&" + urlencode({"map": role_map.slug})
    try:
        share, quotes = thresholds(request.GET.get("max_a_share"), request.GET.get("min_quotes"))
    except InputError as error:
        return render(
            request,
            "web/map_health.html",
            {"error": error, "role_map": role_map, "params": request.GET},
            status=400,
        )
    health = map_health(role_map, max_a_share=share, min_quotes=quotes)
    groups = [
        {
            "kind": kind,
            "title": title,
            "count": len(found),
            "severity": found[0].severity,
            "findings": found[:PER_KIND],
            "more": max(0, len(found) - PER_KIND),
        }
        for kind, title, found in health.groups
    ]
    return render(
        request,
        "web/map_health.html",
        {
            "role_map": role_map,
            "health": health,
            "groups": groups,
            "map_and": map_query,
            "xlsx_url": "/matrix/?format=xlsx" + map_query,
            "page_url": request.build_absolute_uri(),
        },
    )
