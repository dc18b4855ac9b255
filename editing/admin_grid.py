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
from responsibilities.levels import SOURCE_BASES, Basis, Level
from roles.access import EDIT_MAP, SEE_MAP
from roles.grid_services import CellEdit, GridConflict, GridRefused, save_grid
from roles.grid_window import CellState, GridWindow, grid_window
from roles.inputs import is_whole_number
from roles.map_entries import EntryRefused, add_own_responsibility, add_own_role
from roles.models import RoleMap

from .grid_paste import apply_paste

LEVEL_CHOICES = [("", "—"), *[(level.value, level.value) for level in Level]]
RATIONALE_MAX = 300


def basis_choices(role_map: RoleMap) -> list[tuple[str, str]]:
    """A team map may record its own decision (agreed); a reference map only sources."""
    offered = [(v, label) for v, label in Basis.choices if role_map.is_team or v in SOURCE_BASES]
    return [("", "basis…"), *offered]


class GridReasonForm(forms.Form):
    change_reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Why you make these changes; every changed cell's history shows it.",
    )
    agreed_rationale = forms.CharField(
        required=False,
        max_length=RATIONALE_MAX,
        label="Rationale of agreed parts",
        help_text=(
            "Team maps: the rationale of every changed part agreed by the team that has none "
            "of its own, e.g. “Agreed at the 2026-12 offsite”."
        ),
    )


class AddRoleForm(forms.Form):
    role_name = forms.CharField(max_length=120, label="New role")
    abbreviation = forms.CharField(max_length=12, required=False)


class AddResponsibilityForm(forms.Form):
    responsibility_name = forms.CharField(max_length=200, label="New responsibility")


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
    if window is not None and window.area_param:
        params = {"area": window.area_param, "page": window.page, "cols": window.cols, **params}
    return f"{url}?{urlencode(params)}" if params else url


def grid_view(model_admin, request, object_id):
    """GET: the grid; POST: save every changed cell (see module docstring)."""
    maps = RoleMap.objects.select_related("based_on")
    role_map = maps.filter(pk=object_id).first() if is_whole_number(object_id) else None
    if role_map is None or not request.user.has_perm(SEE_MAP, role_map):
        raise Http404("No such map.")  # a draft is never hinted at
    if not request.user.has_perm(EDIT_MAP, role_map):
        raise PermissionDenied
    if request.method == "POST" and ("_add_role" in request.POST or "_add_row" in request.POST):
        return _add_entry(model_admin, request, role_map)
    source = request.POST if request.method == "POST" else request.GET
    page = int(source["page"]) if is_whole_number(source.get("page", "")) else 1
    cols = int(source["cols"]) if is_whole_number(source.get("cols", "")) else 1
    window = grid_window(
        role_map=role_map, area_slug=source.get("area") or None, page=page, cols=cols
    )
    reason_form = GridReasonForm(request.POST or None)
    edits: list[CellEdit] = []
    paste_problems: list[str] = []
    conflict: dict = {}
    problems: dict = {}
    status = 200
    if request.method == "POST":
        read = _read_edits(request.POST, window)
        if isinstance(read, str):
            return HttpResponseBadRequest(read)
        edits, paste_problems = apply_paste(request.POST.get("paste", ""), window, read)
        if paste_problems:
            status = 400
        elif reason_form.is_valid():
            try:
                saved = save_grid(
                    role_map=role_map,
                    edits=edits,
                    user=request.user,
                    reason=reason_form.cleaned_data["change_reason"],
                    agreed_rationale=reason_form.cleaned_data["agreed_rationale"],
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
        "basis_choices": basis_choices(role_map),
        "add_role_form": AddRoleForm(),
        "add_row_form": AddResponsibilityForm(),
        "conflict_count": len(conflict),
        "paste_problems": paste_problems,
        "status_url": reverse("admin:roles_rolemap_status", args=[role_map.pk]),
        "reviewed_url": reverse("admin:roles_rolemap_reviewed", args=[role_map.pk]),
        "compare_with": role_map.based_on,
        "compare_url": (
            reverse("web:map-compare") + "?" + urlencode({"b": role_map.slug})
            if role_map.based_on_id
            else ""
        ),
        "paste": request.POST.get("paste", "") if paste_problems else "",
        "problem_count": len(problems),
        "area_links": [(area, grid_url(role_map, area=area.slug)) for area in window.areas],
        "previous_url": grid_url(role_map, window, page=window.page - 1) if window.page > 1 else "",
        "next_url": grid_url(role_map, window, page=window.page + 1)
        if window.page < window.pages
        else "",
        "previous_cols_url": grid_url(role_map, window, cols=window.cols - 1)
        if window.cols > 1
        else "",
        "next_cols_url": grid_url(role_map, window, cols=window.cols + 1)
        if window.cols < window.col_pages
        else "",
    }
    return TemplateResponse(request, "admin/pmroles/map_grid.html", context, status=status)


def _add_entry(model_admin, request, role_map: RoleMap):
    """Add an own role (a column) or an own responsibility (a row, in the area shown)."""
    window = grid_window(role_map=role_map, area_slug=request.POST.get("area") or None)
    try:
        if "_add_role" in request.POST:
            form: forms.Form = AddRoleForm(request.POST)
            if not form.is_valid():
                raise EntryRefused("A new role needs a name (at most 120 characters).")
            entry: object = add_own_role(
                role_map=role_map,
                name=form.cleaned_data["role_name"],
                abbreviation=form.cleaned_data["abbreviation"],
                user=request.user,
            )
        else:
            form = AddResponsibilityForm(request.POST)
            if not form.is_valid():
                raise EntryRefused("A new responsibility needs a name (at most 200 characters).")
            wanted = request.POST.get("row_area") or window.area_param
            area = next((a for a in window.areas if a.slug == wanted), None)
            if area is None:
                raise EntryRefused("Choose the area the new responsibility belongs to.")
            entry = add_own_responsibility(
                role_map=role_map,
                name=form.cleaned_data["responsibility_name"],
                area=area,
                user=request.user,
            )
    except EntryRefused as refused:
        model_admin.message_user(request, f"Nothing was added: {refused.message}", messages.ERROR)
    else:
        model_admin.message_user(request, f"Added “{entry}” to {role_map}.", messages.SUCCESS)
    return HttpResponseRedirect(grid_url(role_map, window))


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
