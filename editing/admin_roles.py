"""Admin for roles and maps: assignments inline, duplicate/copy actions, import and export."""

from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from roles import services as role_services
from roles.access import EDIT_MAP, SEE_MAP, edits_any_map, is_curator
from roles.map_editors import let_sign_in
from roles.models import Contrast, Role, RoleMap, RoleVariant

from . import services
from .admin_actions import export_map, export_selected
from .admin_base import EditorAdmin
from .admin_grid import grid_view
from .admin_inlines import MAX_ROWS, RoleAssignmentInline, role_scope
from .admin_map_actions import (
    may_start_team_map,
    reviewed_view,
    start_team_map_view,
    status_view,
)
from .interchange import FORMATS, FormatError, Problem, check_size, detect_format, load
from .interchange.xlsx import XLSX, WorkbookRefused, max_bytes, size_in_words


class RoleVariantInline(admin.StackedInline):
    model = RoleVariant
    extra = 0
    classes = ["collapse"]  # folded: the assignments are what editors come for
    autocomplete_fields = ["quotes"]
    prepopulated_fields = {"slug": ["name"]}


# Actions that write declare what they need (Django's admin offers an action without
# `permissions` to anyone who may view the list, Readers included): has_<name>_permission.
@admin.action(
    description="Duplicate the selected roles (with their assignments)", permissions=["duplicate"]
)
def duplicate_roles(modeladmin, request, queryset):
    for role in queryset:
        copy = role_services.duplicate_role(role=role, user=request.user)
        url = reverse("admin:roles_role_change", args=[copy.pk])
        modeladmin.message_user(
            request,
            f"Created “{copy.name}” from “{role.name}” ({url}); Accountable parts were "
            "copied as Responsible.",
            messages.SUCCESS,
        )


@admin.register(Role)
class RoleAdmin(EditorAdmin):
    list_display = ["name", "abbreviation", "focus", "horizon", "assignment_count"]
    list_filter = [
        "focus",
        "horizon",
        "stakeholders",
        "assignments__level",
        ("assignments__responsibility__area", admin.RelatedOnlyFieldListFilter),
        ("quotes__source", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "abbreviation", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["quotes"]
    inlines = [RoleVariantInline, RoleAssignmentInline]
    actions = [duplicate_roles, export_selected]

    change_form_template = "admin/pmroles/role_change_form.html"

    def has_duplicate_permission(self, request):
        """A duplicate is a new role with new assignments."""
        return self.has_add_permission(request) and request.user.has_perm(
            "responsibilities.add_assignment"
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(assignment_count=Count("assignments", distinct=True))
        )

    @admin.display(ordering="assignment_count", description="Assignments")
    def assignment_count(self, obj):
        return obj.assignment_count

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The area links above the assignments (see admin_inlines.role_scope)."""
        extra = {"assignment_scope": role_scope(request, object_id), "max_rows": MAX_ROWS}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A pmroles-rolemap file (.json, .yaml or .csv), or an XLSX workbook as the "
        "matrix page exports it."
    )
    format = forms.ChoiceField(
        choices=[("", "From the file name"), *[(f, f.upper()) for f in (*FORMATS, XLSX)]],
        required=False,
    )
    map = forms.SlugField(
        required=False,
        help_text="XLSX only: the map to import into (created when it does not exist).",
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, help_text="Report what would change; write nothing."
    )
    change_reason = forms.CharField(required=False, max_length=100)


@admin.action(description="Copy the selected map to a new map", permissions=["copy"])
def copy_maps(modeladmin, request, queryset):
    for role_map in queryset:
        new_map = role_services.copy_role_map(
            source=role_map, name=f"Copy of {role_map.name}", user=request.user
        )
        modeladmin.message_user(
            request,
            f"Created map “{new_map.name}” with {new_map.assignments.count()} assignments.",
            messages.SUCCESS,
        )


@admin.action(description="Mark the selected maps reviewed today", permissions=["change"])
def mark_maps_reviewed(modeladmin, request, queryset):
    """One action per map (roles.services.mark_reviewed), recorded in its history; only
    the maps this user may edit."""
    for role_map in queryset:
        if not request.user.has_perm(EDIT_MAP, role_map):
            continue
        reviewed = role_services.mark_reviewed(role_map=role_map, user=request.user)
        modeladmin.message_user(
            request,
            f"“{reviewed.name}” marked reviewed on {reviewed.last_reviewed:%d %B %Y}.",
            messages.SUCCESS,
        )


def _refusals(queryset) -> list[str]:
    """The maps the deletion rule keeps; the confirmation page is the editor's consent to
    deleting their assignments, so only the default map is refused here."""
    problems = (role_services.map_deletion_problem(role_map=m, confirmed=True) for m in queryset)
    return [problem.message for problem in problems if problem is not None]


DELETE_MAPS = "Delete the selected maps"


@admin.action(permissions=["delete"], description=DELETE_MAPS)
def delete_selected_maps(modeladmin, request, queryset):
    """Django's delete action (confirmation page listing the assignments that go too),
    refusing up front when the selection holds the default map."""
    refusals = _refusals(queryset)
    for message in refusals:
        modeladmin.message_user(request, message, messages.ERROR)
    if refusals:
        return None
    return delete_selected(modeladmin, request, queryset)


@admin.register(RoleMap)
class RoleMapAdmin(EditorAdmin):
    list_display = [
        "name",
        "slug",
        "kind",
        "status",
        "based_on",
        "last_reviewed",
        "assignment_count",
        "updated_at",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["based_on"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [export_map, copy_maps, mark_maps_reviewed]
    change_form_template = "admin/pmroles/rolemap_change_form.html"

    def grid_view(self, request, object_id):
        return grid_view(self, request, object_id)

    def start_team_map_view(self, request, object_id):
        return start_team_map_view(self, request, object_id)

    def status_view(self, request, object_id):
        return status_view(self, request, object_id)

    def reviewed_view(self, request, object_id):
        return reviewed_view(self, request, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The "Edit as a grid" link, for those who may edit the map."""
        role_map = self.get_object(request, unquote(object_id))
        extra = {}
        if role_map is not None and request.user.has_perm(EDIT_MAP, role_map):
            extra["grid_url"] = reverse("admin:roles_rolemap_grid", args=[role_map.pk])
            extra["reviewed_url"] = reverse("admin:roles_rolemap_reviewed", args=[role_map.pk])
        if role_map is not None and may_start_team_map(request.user):
            extra["start_team_map_url"] = reverse(
                "admin:roles_rolemap_start_team_map", args=[role_map.pk]
            )
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                delete_selected_maps,
                "delete_selected",
                DELETE_MAPS,
            )
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        role_map = self.get_object(request, unquote(object_id))
        if role_map is not None and not self.has_delete_permission(request, role_map):
            raise PermissionDenied  # who may delete comes before what may be deleted
        refusals = _refusals([role_map]) if role_map is not None else []
        if refusals:
            self.message_user(request, refusals[0], messages.ERROR)
            return redirect(reverse("admin:roles_rolemap_change", args=[role_map.pk]))
        return super().delete_view(request, object_id, extra_context)

    def save_related(self, request, form, formsets, change):
        """Editors added in the form may sign in, as through `map_editors` and the API."""
        super().save_related(request, form, formsets, change)
        let_sign_in(editors=form.instance.editors.filter(is_staff=False))

    def delete_model(self, request, obj):
        # Confirmed on Django's confirmation page, which lists the assignments that go too.
        role_services.delete_role_map(
            role_map=obj, confirmed=True, user=request.user, reason=f"Deleted {obj} in the admin"
        )

    def delete_queryset(self, request, queryset):
        for role_map in queryset:
            self.delete_model(request, role_map)

    def has_copy_permission(self, request):
        """A copy is a new map with new assignments."""
        return self.has_add_permission(request) and request.user.has_perm(
            "responsibilities.add_assignment"
        )

    # -- who sees and edits which map (roles/access.py) ------------------------------------
    # Readers and Editors hold the model permissions; a team map's own editors hold none:
    # they see the maps everyone may see (read-only, to start a team map from one) and
    # change their own. A draft is absent for everyone who may not edit it.
    def has_module_permission(self, request):
        return super().has_module_permission(request) or edits_any_map(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is not None and not request.user.has_perm(SEE_MAP, obj):
            return False
        return super().has_view_permission(request, obj) or edits_any_map(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return request.user.has_perm(EDIT_MAP, obj) and (
                super().has_change_permission(request, obj) or not is_curator(request.user)
            )
        return super().has_change_permission(request, obj)

    def _hidden(self, request, object_id) -> bool:
        """A live map this user may not see: its history answers as for an unknown id."""
        pk: Any = self._checked_pk(object_id)
        return (
            RoleMap.objects.filter(pk=pk).exists()
            and not self.get_queryset(request).filter(pk=pk).exists()
        )

    def history_view(self, request, object_id, extra_context=None):
        if self._hidden(request, object_id):
            raise Http404("No such map.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self._hidden(request, object_id):
            raise Http404("No such map.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        """Only the Editors group decides what kind a map is (a reference map is theirs)."""
        fields = list(super().get_readonly_fields(request, obj))
        return fields if is_curator(request.user) else [*fields, "kind"]

    def get_queryset(self, request):
        maps = RoleMap.objects.visible_to(request.user).select_related("based_on")
        return maps.annotate(assignment_count=Count("assignments"))

    @admin.display(ordering="assignment_count", description="Assignments")
    def assignment_count(self, obj):
        return obj.assignment_count

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="roles_rolemap_import",
            ),
            path(
                "<path:object_id>/grid/",
                self.admin_site.admin_view(self.grid_view),
                name="roles_rolemap_grid",
            ),
            path(
                "<path:object_id>/start-team-map/",
                self.admin_site.admin_view(self.start_team_map_view),
                name="roles_rolemap_start_team_map",
            ),
            path(
                "<path:object_id>/reviewed/",
                self.admin_site.admin_view(self.reviewed_view),
                name="roles_rolemap_reviewed",
            ),
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="roles_rolemap_status",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The link only for those who may import (the view itself checks again).
        may_import = _may_import(request.user)
        extra = {"import_url": reverse("admin:roles_rolemap_import")} if may_import else {}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def import_view(self, request):
        """Upload a file; problems are listed and nothing changes, as with import_roles."""
        if not _may_import(request.user):
            raise PermissionDenied
        problems, report = [], None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                workbook = _is_xlsx(upload.name, form.cleaned_data["format"])
                if workbook:
                    document = _workbook_document(upload, form.cleaned_data["map"])
                else:
                    fmt = detect_format(upload.name, form.cleaned_data["format"] or None)
                    check_size(upload.size)  # before reading: the upload is on disk until then
                    document = load(upload.read().decode("utf-8-sig"), fmt)
                report = services.import_role_map(
                    document=document,
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                    reason=form.cleaned_data["change_reason"] or f"Admin import {upload.name}",
                    remove_missing=workbook,
                )
            except UnicodeDecodeError:
                problems = ["file: not UTF-8 text."]
            except FormatError as exc:
                problems = [f"file: {exc}"]
            except (services.ImportRefused, WorkbookRefused) as refused:
                problems = [str(p) for p in refused.problems]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a role map",
            "form": form,
            "problems": problems,
            "report": report,
        }
        return TemplateResponse(request, "admin/pmroles/import.html", context)


def _is_xlsx(name: str, fmt: str) -> bool:
    return fmt == XLSX or (not fmt and name.lower().endswith(".xlsx"))


def _workbook_document(upload, map_slug: str) -> dict:
    """The document of an uploaded workbook; its size is checked before it is read."""
    if not map_slug:
        raise WorkbookRefused([Problem("map", "an XLSX import needs the map to import into.")])
    if upload.size > max_bytes():
        raise WorkbookRefused(
            [
                Problem(
                    "file",
                    f"the file is {size_in_words(upload.size)}; an XLSX import takes at most "
                    f"{size_in_words(max_bytes())}.",
                )
            ]
        )
    return services.workbook_document(upload.read(), map_slug=map_slug)


def _may_import(user) -> bool:
    perms = [
        f"{m._meta.app_label}.{action}_{m._meta.model_name}"
        for m in apps.get_models()
        # The content editors curate: every domain model the admin shows (not history, not
        # bookkeeping such as the data version).
        if m._meta.app_label in {"roles", "responsibilities"} and admin.site.is_registered(m)
        for action in ("add", "change")
    ]
    return user.is_active and user.is_staff and user.has_perms(perms)


@admin.register(RoleVariant)
class RoleVariantAdmin(EditorAdmin):
    list_display = ["name", "role"]
    list_filter = ["role"]
    search_fields = ["name", "summary"]
    autocomplete_fields = ["quotes"]
    actions = [export_selected]


@admin.register(Contrast)
class ContrastAdmin(EditorAdmin):
    list_display = ["aspect", "kind", "summary"]
    list_filter = ["kind", "roles"]
    search_fields = ["aspect", "summary"]
    filter_horizontal = ["roles"]
    autocomplete_fields = ["quotes"]
    actions = [export_selected]
