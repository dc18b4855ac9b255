"""Admin for responsibilities and evidence (see admin_base and admin_forms for the rules)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from responsibilities.models import (
    Area,
    Assignment,
    Dispute,
    DisputePosition,
    Quote,
    Responsibility,
    Source,
)
from roles.inputs import is_whole_number
from roles.models import RoleMap

from .admin_actions import export_selected
from .admin_base import EditorAdmin
from .admin_forms import AssignmentAdminForm, QuoteAdminForm
from .admin_inlines import ResponsibilityAssignmentInline


@admin.register(Source)
class SourceAdmin(EditorAdmin):
    list_display = ["title", "kind", "author", "publisher", "published", "quote_count"]
    search_fields = ["title", "author", "publisher", "url"]
    list_filter = ["kind", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    actions = [export_selected]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes", distinct=True))

    @admin.display(ordering="quote_count", description="Quotes")
    def quote_count(self, obj):
        return obj.quote_count


@admin.register(Quote)
class QuoteAdmin(EditorAdmin):
    form = QuoteAdminForm
    list_display = ["key", "short_text", "source", "locator", "support_count"]
    list_select_related = ["source"]
    search_fields = ["text", "key", "locator", "source__title"]
    list_filter = ["source"]
    autocomplete_fields = ["source"]
    readonly_fields = ["supports"]
    ordering = ["source__title", "key"]
    actions = [export_selected]

    def get_queryset(self, request):
        # The source is in every quote's label (autocomplete, history): fetch it along.
        return (
            super()
            .get_queryset(request)
            .select_related("source")
            .annotate(support_count=Count("assignments", distinct=True))
        )

    @admin.display(description="Text")
    def short_text(self, obj):
        return f"“{obj.excerpt}”"

    @admin.display(ordering="support_count", description="Assignments backed")
    def support_count(self, obj):
        return obj.support_count

    @admin.display(description="What it supports")
    def supports(self, obj):
        """Every claim this quote is evidence for, so an editor sees what an edit affects."""
        if obj.pk is None:
            return "—"
        groups = [
            ("Role", obj.roles.all()),
            ("Role variant", obj.role_variants.all()),
            ("Responsibility", obj.responsibilities.all()),
            (
                "Assignment",
                obj.assignments.select_related("role", "responsibility", "role_map"),
            ),
            ("Contrast", obj.contrasts.all()),
        ]
        items = [(kind, str(item)) for kind, qs in groups for item in qs]
        if not items:
            return "Nothing yet."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", items))


@admin.register(Area)
class AreaAdmin(EditorAdmin):
    list_display = ["name", "order", "responsibility_count"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [export_selected]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(responsibility_count=Count("responsibilities", distinct=True))
        )

    @admin.display(ordering="responsibility_count", description="Responsibilities")
    def responsibility_count(self, obj):
        return obj.responsibility_count


@admin.register(Responsibility)
class ResponsibilityAdmin(EditorAdmin):
    list_display = ["name", "area", "kind", "assignment_count"]
    list_filter = [
        "area",
        "kind",
        ("assignments__role", admin.RelatedOnlyFieldListFilter),
        "assignments__level",
        "assignments__basis",
        ("quotes__source", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["area"]
    search_fields = ["name", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["quotes"]
    inlines = [ResponsibilityAssignmentInline]
    actions = [export_selected]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(assignment_count=Count("assignments", distinct=True))
        )

    @admin.display(ordering="assignment_count", description="Assignments")
    def assignment_count(self, obj):
        return obj.assignment_count


class VisibleMapFilter(admin.SimpleListFilter):
    """The map switcher of the assignment list: the maps this user may see."""

    title = "role map"
    parameter_name = "role_map__id__exact"

    def lookups(self, request, model_admin):
        return [(m.pk, m.name) for m in RoleMap.objects.visible_to(request.user).order_by("name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and is_whole_number(value):
            return queryset.filter(role_map_id=value)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(EditorAdmin):
    form = AssignmentAdminForm
    list_display = ["role", "responsibility", "level", "basis", "role_map", "quote_count"]
    list_filter = [
        VisibleMapFilter,
        "level",
        "basis",
        "role",
        "responsibility__area",
        ("quotes__source", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["role", "responsibility", "role_map"]
    search_fields = ["role__name", "responsibility__name", "note", "rationale", "quotes__text"]
    autocomplete_fields = ["role", "responsibility", "quotes"]
    actions = [export_selected]

    def get_queryset(self, request):
        # The parts of the maps this user may see (a draft's only for its editors).
        visible = RoleMap.objects.visible_to(request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(role_map__in=visible)
            .annotate(quote_count=Count("quotes", distinct=True))
        )

    @admin.display(ordering="quote_count", description="Quotes")
    def quote_count(self, obj):
        return obj.quote_count


class DisputePositionInline(admin.StackedInline):
    model = DisputePosition
    extra = 0
    fields = ["key", "statement", "roles", "quotes", "order"]
    autocomplete_fields = ["quotes"]
    filter_horizontal = ["roles"]


@admin.register(Dispute)
class DisputeAdmin(EditorAdmin):
    """Where the sources disagree: each position with the roles it concerns and its quotes."""

    list_display = ["topic", "position_count", "order"]
    list_filter = [
        ("roles", admin.RelatedOnlyFieldListFilter),
        ("responsibilities", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["topic", "summary", "slug", "positions__statement", "positions__quotes__text"]
    prepopulated_fields = {"slug": ["topic"]}
    filter_horizontal = ["roles", "responsibilities"]
    inlines = [DisputePositionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_count=Count("positions"))

    @admin.display(ordering="position_count", description="Positions")
    def position_count(self, obj):
        return obj.position_count
