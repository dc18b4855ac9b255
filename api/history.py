"""One small read-only view per resource, listing an object's versions newest first.

It stands on the shared API base (api/base.py: token or session auth, so an anonymous
request is a 401 with `WWW-Authenticate: Token`; JSON errors; throttles; ETag and 304) and
pages with the same `Pagination` as the lists (`page`, `page_size`). History names the
editors, so it needs the model's view permission (Readers have it).

Queries are fixed whatever the number of versions: find the object's id in its history,
count the versions, read one page (with the author), and one query per many-to-many field.
Deleted objects keep their history, so it stays readable after a deletion.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.views import APIView

from responsibilities.models import Area, Assignment, Dispute, Quote, Responsibility, Source
from roles.inputs import is_whole_number
from roles.models import Role

from .base import ApiViewMixin, Pagination


class CanViewModel(permissions.BasePermission):
    """History names editors, so it needs the model's view permission (Readers have it)."""

    def has_permission(self, request, view):
        opts = view.model._meta
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        )


class HistoryEntrySerializer(serializers.Serializer):
    """One version of an object: what kind of change, when, by whom, why, and its fields then."""

    # Context: `fields` (the record's concrete fields) and `m2m` (the ids of each
    # many-to-many field per version), read once for the whole page.

    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField()
    history_type = serializers.ChoiceField(
        choices=[("+", "created"), ("~", "changed"), ("-", "deleted")]
    )
    history_user = serializers.CharField(
        source="history_user.get_username",
        allow_null=True,
        help_text="Username of whoever made the change; null for scripts and imports.",
    )
    history_change_reason = serializers.CharField(allow_null=True)
    record = serializers.SerializerMethodField(
        help_text=(
            "The object's fields as they were in this version (as in the resource, with "
            "ids for related objects and lists of ids for many-to-many fields)."
        )
    )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_record(self, version) -> dict:
        record = {}
        for field in self.context["fields"]:
            record[field.attname] = (
                field.value_to_string(version)
                if _is_date(field)
                else getattr(version, field.attname)
            )
        for name, values in self.context["m2m"].items():
            record[name] = sorted(values.get(version.history_id, []))
        return record


class HistoryView(ApiViewMixin, APIView):
    model: Any = None  # the historied model, set by history_view()
    lookup_field = "id"
    permission_classes = [CanViewModel]
    pagination_class = Pagination

    def get(self, request, **kwargs):
        # The path names its parameter like the resource's own routes (`slug` or `id`).
        lookup = kwargs[self.lookup_field]
        history = self.model.history
        history_model = history.model
        pk_name = self.model._meta.pk.attname
        if self.lookup_field == pk_name:
            if not is_whole_number(lookup):
                raise Http404
            filters = {pk_name: int(lookup)}
        else:
            object_id = (
                history.filter(**{self.lookup_field: lookup})
                .order_by("-history_date")
                .values_list(pk_name, flat=True)
                .first()
            )
            if object_id is None:
                raise Http404
            filters = {pk_name: object_id}
        versions = (
            history.filter(**filters)
            .order_by("-history_date", "-history_id")
            .select_related("history_user")
        )
        paginator = self.pagination_class()
        page: Any = paginator.paginate_queryset(versions, request, view=self)
        if paginator.page is None or paginator.page.paginator.count == 0:
            raise Http404
        context = {
            "fields": [
                f for f in history_model._meta.concrete_fields if not f.name.startswith("history_")
            ],
            "m2m": self._m2m_values(history_model, page),
        }
        data = HistoryEntrySerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)

    @staticmethod
    def _m2m_values(history_model, page) -> dict[str, dict[int, list[int]]]:
        values: dict[str, dict[int, list[int]]] = {}
        ids = [record.history_id for record in page]
        for field in getattr(history_model, "_history_m2m_fields", []):
            rel = next(
                r
                for r in history_model._meta.related_objects
                if r.related_model.__name__.endswith(f"_{field.name}")
            )
            target = field.related_model._meta.model_name
            rows = rel.related_model.objects.filter(history_id__in=ids).values_list(
                "history_id", f"{target}_id"
            )
            by_version: dict[int, list[int]] = {}
            for history_id, target_id in rows:
                by_version.setdefault(history_id, []).append(target_id)
            values[field.name] = by_version
        return values


def _is_date(field) -> bool:
    return field.get_internal_type() in {"DateField", "DateTimeField"}


def history_view(resource: str, model, lookup_field: str):
    """The view for one resource, described in the schema with its own lookup."""
    lookup = OpenApiParameter(
        lookup_field,
        OpenApiTypes.INT if lookup_field == "id" else OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=f"The {model._meta.verbose_name}'s {lookup_field}.",
    )
    schema = extend_schema(
        operation_id=f"{resource}_history",
        summary=f"Versions of one {model._meta.verbose_name}, newest first",
        description="Needs the model's view permission (Readers have it).",
        tags=[resource],
        parameters=[lookup],
        responses=HistoryEntrySerializer(many=True),
    )

    # A function of its own per resource: extend_schema annotates the function it wraps.
    def get(self, request, **kwargs):
        return HistoryView.get(self, request, **kwargs)

    view: type[HistoryView] = type(
        f"{model.__name__}HistoryView",
        (HistoryView,),
        {"model": model, "lookup_field": lookup_field, "get": schema(get)},
    )
    return view.as_view()


RESOURCES = {
    "roles": (Role, "slug"),
    "responsibilities": (Responsibility, "slug"),
    "areas": (Area, "slug"),
    "assignments": (Assignment, "id"),
    "sources": (Source, "id"),
    "quotes": (Quote, "id"),
    "disputes": (Dispute, "slug"),
}
