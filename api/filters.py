"""django-filter FilterSets: related rows are named by slug, as in the URLs."""

from __future__ import annotations

import django_filters as filters

from responsibilities.models import (
    Assignment,
    Basis,
    Dispute,
    Kind,
    Level,
    Quote,
    Responsibility,
    Source,
    visible_in_q,
)
from roles.models import Focus, Horizon, Role, Stakeholders

from .base import map_if_any, requested_map


class RoleFilter(filters.FilterSet):
    focus = filters.ChoiceFilter(choices=Focus.choices)
    horizon = filters.ChoiceFilter(choices=Horizon.choices)
    stakeholders = filters.ChoiceFilter(choices=Stakeholders.choices)
    responsibility = filters.CharFilter(
        method="filter_responsibility",
        help_text="Roles with a part (any level) in this responsibility (slug), in the map.",
    )

    class Meta:
        model = Role
        fields = ["focus", "horizon", "stakeholders", "responsibility"]

    def filter_responsibility(self, queryset, name, value):
        ids = Assignment.objects.in_map(requested_map(self.request)).filter(
            responsibility__slug=value
        )
        return queryset.filter(pk__in=ids.values("role_id"))


class ResponsibilityFilter(filters.FilterSet):
    area = filters.CharFilter(field_name="area__slug", help_text="Area slug.")
    kind = filters.ChoiceFilter(choices=Kind.choices)
    role = filters.CharFilter(
        method="filter_role", help_text="Responsibilities this role (slug) has a part in."
    )
    level = filters.ChoiceFilter(
        choices=Level.choices,
        method="filter_level",
        help_text="With `role`: that role's level; alone: someone holds it at this level.",
    )

    class Meta:
        model = Responsibility
        fields = ["area", "kind", "role", "level"]

    def _assignments(self):
        qs = Assignment.objects.in_map(requested_map(self.request))
        role = self.form.cleaned_data.get("role")
        level = self.form.cleaned_data.get("level")
        if role:
            qs = qs.filter(role__slug=role)
        if level:
            qs = qs.filter(level=level)
        return qs

    def filter_role(self, queryset, name, value):
        return queryset.filter(pk__in=self._assignments().values("responsibility_id"))

    def filter_level(self, queryset, name, value):
        if self.form.cleaned_data.get("role"):
            return queryset  # filter_role already applied both
        return queryset.filter(pk__in=self._assignments().values("responsibility_id"))


class AssignmentFilter(filters.FilterSet):
    role = filters.CharFilter(field_name="role__slug", help_text="Role slug.")
    responsibility = filters.CharFilter(
        field_name="responsibility__slug", help_text="Responsibility slug."
    )
    area = filters.CharFilter(field_name="responsibility__area__slug", help_text="Area slug.")
    level = filters.ChoiceFilter(choices=Level.choices)
    basis = filters.ChoiceFilter(
        choices=Basis.choices,
        help_text="How the sources support the level: stated, described or inferred.",
    )
    source = filters.CharFilter(
        method="filter_source", help_text="Assignments backed by a quote from this source (slug)."
    )

    class Meta:
        model = Assignment
        fields = ["role", "responsibility", "area", "level", "basis", "source"]

    def filter_source(self, queryset, name, value):
        backed = Quote.objects.filter(source__slug=value).values("assignments")
        return queryset.filter(pk__in=backed)


class QuoteFilter(filters.FilterSet):
    source = filters.CharFilter(field_name="source__slug", help_text="Source slug.")
    role = filters.CharFilter(
        method="filter_role", help_text="Quotes backing this role (slug) directly."
    )
    responsibility = filters.CharFilter(
        method="filter_responsibility", help_text="Quotes backing this responsibility (slug)."
    )

    class Meta:
        model = Quote
        fields = ["source", "role", "responsibility"]

    # The role or responsibility of that slug as the requested map sees it: never another
    # map's own entry (a draft's) that happens to share the slug.
    def filter_role(self, queryset, name, value):
        through = Role.quotes.through.objects.filter(
            visible_in_q(map_if_any(self.request), "role__"), role__slug=value
        )
        return queryset.filter(pk__in=through.values("quote_id"))

    def filter_responsibility(self, queryset, name, value):
        through = Responsibility.quotes.through.objects.filter(
            visible_in_q(map_if_any(self.request), "responsibility__"),
            responsibility__slug=value,
        )
        return queryset.filter(pk__in=through.values("quote_id"))


class SourceFilter(filters.FilterSet):
    slug = filters.CharFilter()
    publisher = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Source
        fields = ["slug", "publisher"]


class DisputeFilter(filters.FilterSet):
    role = filters.CharFilter(
        method="filter_role", help_text="Disputes that involve this role (slug)."
    )
    responsibility = filters.CharFilter(
        method="filter_responsibility",
        help_text="Disputes that affect this responsibility (slug).",
    )

    class Meta:
        model = Dispute
        fields = ["role", "responsibility"]

    def filter_role(self, queryset, name, value):
        disputes = Dispute.objects.involving_role(value, map_if_any(self.request))
        return queryset.filter(pk__in=disputes.values("pk"))

    def filter_responsibility(self, queryset, name, value):
        disputes = Dispute.objects.affecting(value, map_if_any(self.request))
        return queryset.filter(pk__in=disputes.values("pk"))
