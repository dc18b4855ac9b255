"""Browsing pages: the roles, one role, one responsibility, the sources."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from responsibilities.models import Responsibility, Source
from roles.comparison import MAX_ROLES, MIN_ROLES
from roles.matrix import who_does
from roles.models import Role

from ..params import InputError, optional_map, requested_map


def _bad_request(request, error: InputError):
    return render(request, "400.html", {"error": error}, status=400)


def home(request):
    try:
        role_map = optional_map(request)
    except InputError as error:
        return _bad_request(request, error)
    roles = Role.objects.for_listing()
    return render(
        request,
        "web/home.html",
        {"roles": roles, "min_roles": MIN_ROLES, "max_roles": MAX_ROLES, "role_map": role_map},
    )


def role_detail(request, slug: str):
    try:
        role_map = requested_map(request)
    except InputError as error:
        return _bad_request(request, error)
    role = get_object_or_404(Role.objects.for_detail(role_map), slug=slug)
    by_area = [
        (area, list(items))
        for area, items in groupby(role.map_assignments, key=lambda a: a.responsibility.area)
    ]
    others = [other for other in Role.objects.order_by("order", "name") if other.pk != role.pk]
    return render(
        request,
        "web/role_detail.html",
        {"role": role, "by_area": by_area, "others": others, "role_map": role_map},
    )


def responsibility_detail(request, slug: str):
    try:
        role_map = requested_map(request)
    except InputError as error:
        return _bad_request(request, error)
    try:
        responsibility, cells = who_does(slug, role_map=role_map)
    except Responsibility.DoesNotExist:
        raise Http404("No responsibility with this address.") from None
    return render(
        request,
        "web/responsibility_detail.html",
        {
            "responsibility": responsibility,
            "role_map": role_map,
            "cells": cells,
            "holders": [c for c in cells if c.assignment],
            "without": [c for c in cells if not c.assignment],
        },
    )


def source_list(request):
    """Sources belong to no map; `?map=` is still checked so the links keep a real one."""
    try:
        role_map = optional_map(request)
    except InputError as error:
        return _bad_request(request, error)
    sources = Source.objects.with_quote_counts().order_by("title")
    return render(request, "web/source_list.html", {"sources": sources, "role_map": role_map})


def source_detail(request, pk: int):
    try:
        role_map = optional_map(request)
    except InputError as error:
        return _bad_request(request, error)
    source = get_object_or_404(Source.objects.with_quotes(), pk=pk)
    return render(request, "web/source_detail.html", {"source": source, "role_map": role_map})
