from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, Assignment, Quote, Responsibility, Source


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["quotes"]
    fields = ["role_map", "role", "responsibility", "level", "note", "quotes"]


class ResponsibilityAssignmentInline(AssignmentInline):
    """On a responsibility's page: every role's part in it."""

    fields = ["role_map", "role", "level", "note", "quotes"]
    autocomplete_fields = ["quotes", "role"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role_map", "role")


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "author", "publisher", "published", "quote_count"]
    search_fields = ["title", "author", "publisher", "url"]
    list_filter = ["publisher"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(ordering="quote_count", description="Quotes")
    def quote_count(self, obj):
        return obj.quote_count


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["key", "short_text", "source", "locator"]
    list_select_related = ["source"]
    search_fields = ["text", "key", "locator", "source__title"]
    list_filter = ["source"]
    autocomplete_fields = ["source"]

    @admin.display(description="Text")
    def short_text(self, obj):
        return str(obj)


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "responsibility_count"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(responsibility_count=Count("responsibilities"))
        )

    @admin.display(ordering="responsibility_count", description="Responsibilities")
    def responsibility_count(self, obj):
        return obj.responsibility_count


@admin.register(Responsibility)
class ResponsibilityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "kind", "assignment_count"]
    list_filter = ["area", "kind", "assignments__role"]
    list_select_related = ["area"]
    search_fields = ["name", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["quotes"]
    inlines = [ResponsibilityAssignmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assignment_count=Count("assignments"))

    @admin.display(ordering="assignment_count", description="Assignments")
    def assignment_count(self, obj):
        return obj.assignment_count


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["role", "responsibility", "level", "role_map"]
    list_filter = ["role_map", "level", "role", "responsibility__area"]
    list_select_related = ["role", "responsibility", "role_map"]
    search_fields = ["role__name", "responsibility__name", "note", "quotes__text"]
    autocomplete_fields = ["role", "responsibility", "quotes"]
