"""One small APIView per resource, listing an object's versions newest first.

Queries are fixed whatever the number of versions: find the object's id in its history,
count the versions, read one page (with the author), and one query per many-to-many field.
Deleted objects keep their history, so it stays readable after a deletion.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from responsibilities.models import Area, Assignment, Dispute, Quote, Responsibility, Source
from roles.models import Role

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Past the last version a page is simply empty; past this the database cannot count.
MAX_OFFSET = 2**31 - 1


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


def _int(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: f"must be a whole number, not {raw!r}."}) from None
    if value < 0 or (name == "limit" and value == 0):
        raise ValidationError({name: "must be positive."})
    if name == "offset" and value > MAX_OFFSET:
        raise ValidationError({name: f"must be at most {MAX_OFFSET}."})
    return min(value, maximum) if maximum else value


# Left out of the OpenAPI schema for now: it is staff-only (view permission) and its
# per-model field lists are not yet described; README documents it.
@extend_schema(exclude=True)
class HistoryView(APIView):
    model = None
    lookup_field = "id"
    permission_classes = [CanViewModel]

    def get(self, request, lookup):
        history = self.model.history
        history_model = history.model
        pk_name = self.model._meta.pk.attname
        if self.lookup_field == pk_name:
            if not str(lookup).isdigit():
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
        limit = _int(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        offset = _int(request, "offset", 0)
        versions = history.filter(**filters).order_by("-history_date", "-history_id")
        count = versions.count()
        if count == 0:
            raise Http404
        page = list(versions.select_related("history_user")[offset : offset + limit])
        m2m = self._m2m_values(history_model, page)
        fields = [
            f for f in history_model._meta.concrete_fields if not f.name.startswith("history_")
        ]
        results = []
        for record in page:
            item = {
                "history_id": record.history_id,
                "history_date": record.history_date.isoformat(),
                "history_type": record.history_type,
                "history_user": record.history_user.get_username() if record.history_user else None,
                "history_change_reason": record.history_change_reason,
            }
            for field in fields:
                item[field.attname] = (
                    field.value_to_string(record)
                    if _is_date(field)
                    else getattr(record, field.attname)
                )
            for name, values in m2m.items():
                item[name] = sorted(values.get(record.history_id, []))
            results.append(item)
        return Response(
            {
                "count": count,
                "next": self._page_url(request, offset + limit, limit)
                if offset + limit < count
                else None,
                "previous": self._page_url(request, max(offset - limit, 0), limit)
                if offset
                else None,
                "results": results,
            }
        )

    @staticmethod
    def _page_url(request, offset: int, limit: int) -> str:
        query = request.query_params.copy()
        query["offset"], query["limit"] = str(offset), str(limit)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

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


def history_view(model, lookup_field: str):
    return HistoryView.as_view(model=model, lookup_field=lookup_field)


RESOURCES = {
    "roles": (Role, "slug"),
    "responsibilities": (Responsibility, "slug"),
    "areas": (Area, "slug"),
    "assignments": (Assignment, "id"),
    "sources": (Source, "id"),
    "quotes": (Quote, "id"),
    "disputes": (Dispute, "slug"),
}
