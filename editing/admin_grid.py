"""The admin's "Edit as a grid": a map's roles × one area's responsibilities in one form.

A plain form (works without JavaScript; static/admin/pmroles/map-grid.js only marks changed
cells and moves between them with the arrow keys). Each cell sends back the state it was
loaded with, so roles.grid_services.save_grid can refuse a save when someone else changed a
cell since; the editor's values are then shown again beside the other version. The writes
and their rules live in the domain; this module only reads the form and shapes the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from responsibilities.history import REASON_MAX_LENGTH
from responsibilities.levels import Basis, Level
from roles.access import EDIT_MAP
from roles.grid_services import CellEdit, GridConflict, GridRefused, save_grid
from roles.grid_window import CellState, GridWindow, grid_window
from roles.inputs import is_whole_number
from roles.models import RoleMap

LEVEL_CHOICES = [("", "—"), *[(level.value, level.value) for level in Level]]
BASIS_CHOICES = [("", "basis…"), *Basis.choices]
RATIONALE_MAX = 300


class GridReasonForm(forms.Form):
    change_reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Why you make these changes; every changed cell's history shows it.",
    )


@dataclass
class CellView:
    """One cell of the page: its field names, the value shown, what it was when loaded."""

    name: str
    role: object
    value: CellState
    was: CellState
    errors: list[str] = field(default_factory=list)
    theirs: CellState | None = None

    @property
    def changed(self) -> bool:
        return not self.value.same_as(self.was)


def _cell_name(role_id: int, duty_id: int) -> str:
    return f"{role_id}-{duty_id}"


def _read_edits(post, window: GridWindow) -> list[CellEdit] | str:
    """The cells of the window as the form sent them, or a sentence saying what is wrong."""
    edits = []
    for row in window.rows:
        for role, _ in row.cells:
            name = _cell_name(role.pk, row.responsibility.pk)
            was = CellState.decode(post.get(f"was-{name}", ""))
            if was is None:
                return (
                    "The grid sent back does not match the grid shown (a cell is missing); "
                    "reload the page and make the changes again."
                )
            level = post.get(f"level-{name}", "")
            basis = post.get(f"basis-{name}", "")
            rationale = " ".join(post.get(f"rationale-{name}", "").split())
            if len(rationale) > RATIONALE_MAX:
                rationale = rationale[:RATIONALE_MAX]
            edits.append(
                CellEdit(role.pk, row.responsibility.pk, was, CellState(level, basis, rationale))
            )
    return edits


def grid_url(role_map: RoleMap, window: GridWindow | None = None, **params) -> str:
    url = reverse("admin:roles_rolemap_grid", args=[role_map.pk])
    if window is not None and window.area is not None:
        params = {"area": window.area.slug, "page": window.page, **params}
    return f"{url}?{urlencode(params)}" if params else url


def grid_view(model_admin, request, object_id):
    """GET: the grid; POST: save every changed cell (see module docstring)."""
    role_map = RoleMap.objects.filter(pk=object_id).first() if is_whole_number(object_id) else None
    if role_map is None:
        raise Http404("No such map.")
    if not request.user.has_perm(EDIT_MAP, role_map):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    page = int(source["page"]) if is_whole_number(source.get("page", "")) else 1
    window = grid_window(role_map=role_map, area_slug=source.get("area") or None, page=page)
    reason_form = GridReasonForm(request.POST or None)
    edits: list[CellEdit] = []
    conflict: dict = {}
    problems: dict = {}
    status = 200
    if request.method == "POST":
        read = _read_edits(request.POST, window)
        if isinstance(read, str):
            return HttpResponseBadRequest(read)
        edits = read
        if reason_form.is_valid():
            try:
                saved = save_grid(
                    role_map=role_map,
                    edits=edits,
                    user=request.user,
                    reason=reason_form.cleaned_data["change_reason"],
                )
            except GridConflict as exc:
                conflict, status = exc.current, 409
            except GridRefused as exc:
                problems, status = exc.problems, 400
            else:
                model_admin.message_user(
                    request,
                    f"Saved {saved.count} cell{'s' if saved.count != 1 else ''} "
                    f"({saved.created} added, {saved.changed} changed, {saved.removed} removed).",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(grid_url(role_map, window))
        else:
            status = 400
    rows = _rows(window, {edit.key: edit for edit in edits}, conflict, problems)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": role_map,
        "title": f"Edit “{role_map.name}” as a grid",
        "window": window,
        "rows": rows,
        "reason_form": reason_form,
        "level_choices": LEVEL_CHOICES,
        "basis_choices": BASIS_CHOICES,
        "conflict_count": len(conflict),
        "problem_count": len(problems),
        "area_links": [(area, grid_url(role_map, area=area.slug)) for area in window.areas],
        "previous_url": grid_url(role_map, window, page=window.page - 1) if window.page > 1 else "",
        "next_url": grid_url(role_map, window, page=window.page + 1)
        if window.page < window.pages
        else "",
    }
    return TemplateResponse(request, "admin/pmroles/map_grid.html", context, status=status)


def _rows(window: GridWindow, sent: dict, conflict: dict, problems: dict) -> list[dict]:
    rows = []
    for row in window.rows:
        cells = []
        for role, loaded in row.cells:
            key = (role.pk, row.responsibility.pk)
            edit = sent.get(key)
            cell = CellView(name=_cell_name(*key), role=role, value=loaded, was=loaded)
            if edit is not None:
                cell.value, cell.was = edit.new, edit.was
            if key in conflict:
                theirs = conflict[key]
                cell.theirs = theirs
                if not cell.changed:
                    cell.value = theirs  # the editor did not touch it: show theirs, keep it
                cell.was = theirs  # a second save, after reading both, applies the editor's
            cell.errors = problems.get(key, [])
            cells.append(cell)
        rows.append({"responsibility": row.responsibility, "cells": cells})
    return rows
