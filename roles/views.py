"""Server-rendered pages for readers. Each view calls one queryset method per model."""

from itertools import groupby

from django.shortcuts import get_object_or_404, render

from .models import Role


def home(request):
    roles = Role.objects.for_listing()
    return render(request, "roles/home.html", {"roles": roles})


def role_detail(request, slug: str):
    role = get_object_or_404(Role.objects.for_detail(), slug=slug)
    by_area = [
        (area, list(items))
        for area, items in groupby(role.map_assignments, key=lambda a: a.responsibility.area)
    ]
    return render(request, "roles/role_detail.html", {"role": role, "by_area": by_area})
