from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from responsibilities.admin import AssignmentInline

from .models import Contrast, Role, RoleMap, RoleVariant


class RoleAssignmentInline(AssignmentInline):
    """On a role's page: its assignments, ordered by area, editable in place."""

    fields = ["role_map", "responsibility", "level", "note", "quotes"]
    autocomplete_fields = ["quotes", "responsibility"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("role_map", "responsibility__area")
            .order_by("role_map__name", "responsibility__area__order", "responsibility__order")
        )


class RoleVariantInline(admin.StackedInline):
    model = RoleVariant
    extra = 0
    autocomplete_fields = ["quotes"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "focus", "horizon", "stakeholders", "methodology"]
    list_filter = ["focus", "horizon", "stakeholders"]
    search_fields = ["name", "abbreviation", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["quotes"]
    inlines = [RoleVariantInline, RoleAssignmentInline]


@admin.register(RoleMap)
class RoleMapAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "based_on", "updated_at"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RoleVariant)
class RoleVariantAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role"]
    list_filter = ["role"]
    search_fields = ["name", "summary"]
    autocomplete_fields = ["quotes"]


@admin.register(Contrast)
class ContrastAdmin(SimpleHistoryAdmin):
    list_display = ["aspect", "kind", "summary"]
    list_filter = ["kind", "roles"]
    search_fields = ["aspect", "summary"]
    filter_horizontal = ["roles"]
    autocomplete_fields = ["quotes"]
