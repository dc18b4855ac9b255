"""The method page and the disputes: how the evidence is read, and where it disagrees."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from responsibilities.models import Dispute

from ..markdown import render_markdown
from ..params import optional_map


def method(request):
    """docs/reading.md (for readers) as a page; a missing document is said plainly, never
    a 500. The editors' method, docs/evidence.md, is not a public page."""
    path = settings.PMROLES_METHOD_DOC
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        body = None
    else:
        # render_markdown escapes raw HTML and drops unsafe link addresses (web.markdown).
        body = mark_safe(render_markdown(text))
    return render(request, "web/method.html", {"body": body})


def dispute_list(request):
    """Disputes belong to no map; the roles and responsibilities they name are those the
    map viewed (`?map=`, else the default) sees, never another map's own."""
    role_map = optional_map(request)  # an unknown map: a 400 (web.errors)
    disputes = Dispute.objects.for_listing(role_map)
    return render(request, "web/dispute_list.html", {"disputes": disputes, "role_map": role_map})


def dispute_detail(request, slug: str):
    role_map = optional_map(request)  # an unknown map: a 400 (web.errors)
    dispute = get_object_or_404(Dispute.objects.with_evidence(role_map), slug=slug)
    return render(request, "web/dispute_detail.html", {"dispute": dispute, "role_map": role_map})
