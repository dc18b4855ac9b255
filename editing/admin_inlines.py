"""Assignment inlines editors can use: compact, labelled, one area of one map at a time.

A role holds dozens of assignments (a thousand in generated data). Its page lists those of
one area in one map (`?area=<slug>&map=<slug>`, links above the inline; the first area with
assignments by default), in a narrow table: responsibility, level, basis, quotes, and an
edit link for the note and rationale. Tabular inlines show column headers, not labels, so
every widget carries an aria-label (axe checks the page in tests/browser).
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.contrib import admin
from django.db.models import Count, Q, Value
from django.http import HttpRequest
from django.utils.text import capfirst

from responsibilities.models import Area, Assignment, Quote
from roles.inputs import InputError, is_whole_number
from roles.models import RoleMap

from .admin_forms import AssignmentForm, AssignmentFormSet

TEMPLATE = "admin/pmroles/tabular.html"
MAX_ROWS = 40  # a role's assignments shown at once in one area; more: the assignments list


class LabelledInlineMixin:
    """Every widget of a tabular inline gets an aria-label naming its column."""

    template = TEMPLATE

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None:
            wrapper = formfield.widget
            widget = getattr(wrapper, "widget", wrapper)  # inside RelatedFieldWidgetWrapper
            widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
            if wrapper is not widget:
                # No add/change/view icons in a table row: they take a line of their own.
                wrapper.can_add_related = wrapper.can_change_related = False
                wrapper.can_view_related = wrapper.can_delete_related = False
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Quote:
            # The quote's label names its source: fetch it with the quote, not per quote.
            kwargs.setdefault("queryset", Quote.objects.with_source())
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class LabelledFormSet(AssignmentFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this assignment"


class AssignmentInline(LabelledInlineMixin, admin.TabularInline):
    model = Assignment
    form = AssignmentForm
    formset = LabelledFormSet
    extra = 0
    show_change_link = True
    autocomplete_fields = ["quotes"]
    fields = ["role_map", "role", "responsibility", "level", "basis", "rationale", "note", "quotes"]


class ResponsibilityAssignmentInline(AssignmentInline):
    """On a responsibility's page: every role's part in it (a few rows per map)."""

    fields = ["role_map", "role", "level", "basis", "quotes"]
    autocomplete_fields = ["quotes", "role"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("role_map", "role", "responsibility")
            .prefetch_related("quotes")
            .order_by("role_map__name", "role__order", "role__name")
        )


# --- a role's assignments, one area of one map at a time ------------------------------------


class Scope:
    """The map and area a role page shows, from `?map=` and `?area=` (read once)."""

    def __init__(
        self,
        role_map: RoleMap | None,
        areas: Sequence[Area],
        area: Area | None,
        maps: Sequence[RoleMap] = (),
    ):
        self.role_map, self.areas, self.area, self.maps = role_map, areas, area, maps

    @property
    def query(self) -> str:
        parts = []
        if self.area is not None:
            parts.append(f"area={self.area.slug}")
        if self.role_map is not None and not self.role_map.is_default:
            parts.append(f"map={self.role_map.slug}")
        return "?" + "&".join(parts) if parts else ""


def role_scope(request: HttpRequest, role_id: str | None) -> Scope:
    """Areas with this role's assignment count in the map (one query), and the area shown:
    the one asked for, else the first with assignments, else the first. Unknown values fall
    back to the defaults rather than fail: an editor may have typed the address."""
    cached = getattr(request, "_pmroles_scope", None)
    if cached is not None:
        return cached
    # The maps for the switcher above the assignments; `?map=` is resolved among them.
    maps = list(RoleMap.objects.visible_to(request.user).order_by("name"))
    try:
        role_map = RoleMap.objects.resolve(request.GET.get("map") or None, among=maps)
    except InputError:
        role_map = None
    held = Q(responsibilities__assignments__role_id=role_id) & Q(
        responsibilities__assignments__role_map=role_map
    )
    counted: Count | Value
    if role_id and is_whole_number(role_id) and role_map is not None:
        counted = Count("responsibilities__assignments", filter=held)
    else:  # a role being added, or no map: nothing held yet
        counted = Value(0)
    areas = list(Area.objects.annotate(assignment_count=counted).order_by("order", "name"))
    wanted = request.GET.get("area")
    area = next((a for a in areas if a.slug == wanted), None)
    if area is None:
        area = next((a for a in areas if a.assignment_count), areas[0] if areas else None)
    scope = Scope(role_map, areas, area, maps)
    request._pmroles_scope = scope  # type: ignore[attr-defined]  # per-request cache
    return scope


class RoleAssignmentInline(AssignmentInline):
    """On a role's page: its assignments in one area of one map, editable in place."""

    fields = ["role_map", "responsibility", "level", "basis", "quotes"]
    autocomplete_fields = ["quotes", "responsibility"]
    verbose_name_plural = "assignments in this area"

    def _scope(self, request) -> Scope:
        match = request.resolver_match
        return role_scope(request, match.kwargs.get("object_id") if match else None)

    def get_queryset(self, request):
        scope = self._scope(request)
        qs = (
            super()
            .get_queryset(request)
            # role: each row's label; quotes: the form's initial value (the autocomplete
            # widgets still read their chosen options, one query per widget, at most MAX_ROWS).
            .select_related("role_map", "role", "responsibility__area")
            .prefetch_related("quotes")
            .order_by("responsibility__order", "responsibility__name")
        )
        if scope.role_map is None or scope.area is None:
            return qs.none()
        qs = qs.filter(role_map=scope.role_map, responsibility__area=scope.area)
        role_id = self._role_id(request)
        if role_id is None:
            return qs
        # At most MAX_ROWS rows (the formset filters by role afterwards, and a sliced
        # queryset cannot be filtered, hence the ids); the rest via the assignments list.
        shown = list(qs.filter(role_id=role_id).values_list("pk", flat=True)[:MAX_ROWS])
        return qs.filter(pk__in=shown)

    @staticmethod
    def _role_id(request) -> str | None:
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match else None
        return object_id if object_id and is_whole_number(object_id) else None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role_map":
            # New rows go to the map shown; existing rows are filtered to it.
            scope = self._scope(request)
            kwargs["widget"] = forms.HiddenInput
            kwargs["initial"] = scope.role_map.pk if scope.role_map else None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
