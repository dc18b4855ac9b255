"""Browsing pages: the roles, one role, one responsibility, the sources."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from responsibilities.models import Assignment, Dispute, Quote, Responsibility, Source
from roles.comparison import MAX_ROLES, MIN_ROLES
from roles.coverage import coverage_by_role, stored_coverage
from roles.departs import mark_departures
from roles.dispute_sides import mark_dispute_sides
from roles.matrix import who_does
from roles.models import Role
from roles.picker import picker_roles
from roles.pieces import tokens_for
from roles.role_page import part_ids
from roles.thinness import thinness

from ..context_processors import map_query
from ..paging import paged
from ..params import optional_map, requested_map
from ..role_parts import mark_parts

# Assignments on a role page, quotes on a source page: how many per page (?page=N).
PAGE_SIZE = 50


def home(request):
    role_map = optional_map(request)
    roles = list(Role.objects.for_listing(role_map))
    # Whether each role's evidence is thin (few quotes or a single source), so that its card
    # can say so: a bounded sample of each role's parts, kept per role (roles.thinness).
    coverage = thinness(role_map, [role.pk for role in roles]) if role_map else {}
    for role in roles:
        role.coverage = coverage.get(role.pk)  # type: ignore[attr-defined]  # for the card
    return render(
        request,
        "web/home.html",
        {"roles": roles, "min_roles": MIN_ROLES, "max_roles": MAX_ROLES, "role_map": role_map},
    )


def role_detail(request, slug: str):
    role_map = requested_map(request)
    role = get_object_or_404(Role.objects.visible_in(role_map).for_page(role_map), slug=slug)
    tokens = tokens_for(role_map, [role.pk])  # the versions of the pieces below, one query
    # A page of assignments at a time (a role can hold thousands), grouped by area: their
    # order is kept per role (roles/role_page.py), and only the page's rows are read.
    page = paged(part_ids(role_map, role.pk, tokens), request.GET.get("page"), PAGE_SIZE)
    page.object_list = Assignment.objects.for_role_list(role_map).by_ids(list(page.object_list))
    # What the responsibility page shows of a team's part, here too: the sources' part and
    # quotes beside a departure, and the side taken where the sources disagree.
    mark_departures(role_map, list(page.object_list))
    mark_dispute_sides(role_map, list(page.object_list))
    carried = map_query(request)
    # Each part's evidence without the template engine.
    mark_parts(list(page.object_list), map_query=carried)
    by_area = [
        (area, list(items))
        for area, items in groupby(page.object_list, key=lambda a: a.responsibility.area)
    ]
    # The roles to compare it with: the role picker's, kept per catalogue.
    others = [other for other in picker_roles(role_map, tokens) if other.slug != role.slug]
    return render(
        request,
        "web/role_detail.html",
        {
            "role": role,
            "by_area": by_area,
            "page": page,
            "others": others,
            "role_map": role_map,
            "disputes": list(Dispute.objects.involving_role(role.slug, role_map)),
            "coverage": stored_coverage(role_map, [role.pk], tokens)[role.pk],
        },
    )


def responsibility_detail(request, slug: str):
    role_map = requested_map(request)
    try:
        responsibility, cells = who_does(slug, role_map=role_map)
    except Responsibility.DoesNotExist:
        raise Http404("No responsibility with this address.") from None
    parts = [c.assignment for c in cells if c.assignment]
    mark_departures(role_map, parts)
    mark_dispute_sides(role_map, parts)
    return render(
        request,
        "web/responsibility_detail.html",
        {
            "responsibility": responsibility,
            "role_map": role_map,
            "cells": cells,
            "holders": [c for c in cells if c.assignment],
            "without": [c for c in cells if not c.assignment],
            "disputes": list(Dispute.objects.affecting(responsibility.slug, role_map)),
        },
    )


def source_list(request):
    """Sources belong to no map; `?map=` is still checked so the links keep a real one, and
    the coverage table reads that map (none on an empty install)."""
    role_map = optional_map(request)
    sources = Source.objects.with_quote_counts().order_by("title")
    coverage = coverage_by_role(role_map) if role_map else {}
    roles = [(role, coverage.get(role.pk)) for role in Role.objects.in_order(role_map)]
    return render(
        request,
        "web/source_list.html",
        {"sources": sources, "role_map": role_map, "roles": roles},
    )


def source_detail(request, pk: int):
    role_map = optional_map(request)
    source = get_object_or_404(Source.objects.all(), pk=pk)
    # A page of quotes at a time (a source can have hundreds), each with what it supports.
    page = paged(Quote.objects.for_source(source, role_map), request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "web/source_detail.html",
        {"source": source, "quotes": page.object_list, "page": page, "role_map": role_map},
    )
