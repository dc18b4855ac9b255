"""Browsing pages: the roles, one role, one responsibility, the sources."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from responsibilities.models import Responsibility, Source

from ..comparison import MAX_ROLES, MIN_ROLES, who_does
from ..models import Role


def home(request):
    roles = Role.objects.for_listing()
    return render(
        request,
        "roles/home.html",
        {"roles": roles, "min_roles": MIN_ROLES, "max_roles": MAX_ROLES},
    )


def role_detail(request, slug: str):
    role = get_object_or_404(Role.objects.for_detail(), slug=slug)
    by_area = [
        (area, list(items))
        for area, items in groupby(role.map_assignments, key=lambda a: a.responsibility.area)
    ]
    others = [other for other in Role.objects.order_by("order", "name") if other.pk != role.pk]
    return render(
        request,
        "roles/role_detail.html",
        {"role": role, "by_area": by_area, "others": others},
    )


def responsibility_detail(request, slug: str):
    try:
        responsibility, cells = who_does(slug)
    except Responsibility.DoesNotExist:
        raise Http404("No responsibility with this address.") from None
    return render(
        request,
        "roles/responsibility_detail.html",
        {
            "responsibility": responsibility,
            "cells": cells,
            "holders": [c for c in cells if c.assignment],
            "without": [c for c in cells if not c.assignment],
        },
    )


def source_list(request):
    sources = Source.objects.with_quote_counts().order_by("title")
    return render(request, "roles/source_list.html", {"sources": sources})


def source_detail(request, pk: int):
    source = get_object_or_404(Source.objects.with_quotes(), pk=pk)
    return render(request, "roles/source_detail.html", {"source": source})
