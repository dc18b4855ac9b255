"""Behaviour every API view shares: auth order, JSON errors, body limit, ETags and the
anonymous conditional reads (pmroles/conditional/), throttles, pagination."""

from __future__ import annotations

from contextlib import suppress

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework import serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from pmroles.conditional import api as conditional
from pmroles.conditional import etags
from roles.inputs import check_page, parse_page, parse_page_size
from roles.models import RoleMap, default_map_slug

from . import idempotency
from .errors import (
    WILDCARD_IS_NO_VERSION,
    PreconditionFailed,
    PreconditionRequired,
    refuse_large_body,
)
from .parsers import JSONParser
from .throttles import AnonThrottle, UserThrottle
from .tokens import HashedTokenAuthentication

MAX_PAGE_SIZE = 100
SLUG_REGEX = "[-a-zA-Z0-9_]+"
PRECONDITIONED = frozenset({"PUT", "PATCH", "DELETE"})


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        """A `page_size` outside 1–100 (or not a number) is a 400, as the schema says,
        rather than DRF's silent fallback to the default (roles.inputs.parse_page_size, the
        rule the comparison uses too)."""
        return parse_page_size(
            request.query_params.get(self.page_size_query_param),
            default=self.page_size,
            most=self.max_page_size,
        )

    def get_page_number(self, request, paginator):
        """The pages' paging rule (roles.inputs.parse_page, check_page): a whole number from
        1 up to the last page (DRF's `page=last` is not one), else a 400 on `page`."""
        number = parse_page(request.query_params.get(self.page_query_param), empty_is_first=False)
        check_page(number, paginator.count, paginator.per_page)
        return number

    def get_paginated_response_schema(self, schema):
        # DRF writes OpenAPI 3.0's `nullable`; the schema is 3.1 (JSON Schema null type).
        described = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            prop = described["properties"][link]
            prop.pop("nullable", None)
            prop["type"] = ["string", "null"]
        return described


def requested_map(request) -> RoleMap:
    """The map `?map=` names (the default map without it), resolved once per request among
    the maps the client may see (a draft is unknown to everyone who may not edit it).

    Permission checks and filters call get_queryset() too, so the answer is kept on the
    request; an unknown map is a 400 on the `map` parameter.
    """
    slug = request.query_params.get("map") if request is not None else None
    cached = getattr(request, "_role_map", None)
    if cached is not None and cached[0] == slug:
        return cached[1]
    user = getattr(request, "user", None)
    # UnknownMap (also a draft the user may not see): a 400 on `map` (api.errors)
    role_map = RoleMap.objects.visible_to(user).resolve(slug)
    if request is not None:
        request._role_map = (slug, role_map)
    return role_map


def map_if_any(request) -> RoleMap | str:
    """The map `?map=` names (400 when unknown), else the default map's slug: quotes and
    disputes belong to no map and are listed on an empty install too, so no default map is
    no error (and the slug costs no query)."""
    if request.query_params.get("map"):
        return requested_map(request)
    return default_map_slug()


class ApiViewMixin(APIView):
    """The API's APIView: a typed base, so each override is checked against DRF's."""

    # Token first: its WWW-Authenticate header is what turns anonymous writes (and anonymous
    # reads of the version history) into 401 rather than 403.
    authentication_classes = [HashedTokenAuthentication, SessionAuthentication]
    throttle_classes = [AnonThrottle, UserThrottle]
    parser_classes = [JSONParser]

    @classmethod
    def as_view(cls, *args, **kwargs):
        return conditional.before_drf(super().as_view(*args, **kwargs))

    def initial(self, request, *args, **kwargs):
        refuse_large_body(request)
        super().initial(request, *args, **kwargs)
        conditional.answer_early(self)  # anonymous reload: 304 or the stored answer

    def perform_authentication(self, request):
        """Reads whose answers readers share authenticate once their versions are read
        (pmroles.conditional.api.start), so a remembered reader costs no query; everything
        else here, as DRF does."""
        if not conditional.authenticates_late(self, request):
            super().perform_authentication(request)

    def check_permissions(self, request):
        if conditional.granted_before(self, request):
            return
        # Who is asking comes before what is asked: an anonymous write is a 401 even when
        # its `?map=` is wrong (DjangoModelPermissions reads the queryset, so the map).
        if (
            request.method not in SAFE_METHODS
            and not request.user.is_authenticated
            and not getattr(self, "anonymous_writes", False)
        ):
            self.permission_denied(request)
        super().check_permissions(request)

    def perform_content_negotiation(self, request, force=False):
        # DRF ignores an empty `?format=`; an unknown one is a 404. Both are a 400 here.
        fmt = request.query_params.get("format")
        formats = {renderer.format for renderer in self.get_renderers()}
        if fmt is not None and fmt not in formats and not force:
            raise ValidationError({"format": [f"choose one of: {', '.join(sorted(formats))}."]})
        return super().perform_content_negotiation(request, force)

    def handle_exception(self, exc):
        if isinstance(exc, conditional.Answered):
            return exc.response
        response = super().handle_exception(exc)
        # Errors are JSON even when the client negotiated CSV or Markdown.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and isinstance(response, Response)
        ):
            answer = conditional.tag(request, response)  # the ETag set on `response` too
            # The whole answer is kept, even when this client gets a 304: the next reader
            # without the tag is then served the stored body instead of a second build.
            conditional.remember(self, response)
            response = answer
        return response


class ResourceMixin(ApiViewMixin, viewsets.ModelViewSet):
    """ModelViewSet additions: If-Match preconditions, integrity races as 400, refetching,
    unknown query parameters refused on reads."""

    pagination_class = Pagination
    lookup_value_regex = SLUG_REGEX
    # The reads (list, retrieve) that take `?map=` (and document it).
    reads_map_in: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        self.refuse_unknown_params(request)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        self.refuse_unknown_params(request)
        return super().retrieve(request, *args, **kwargs)

    def known_params(self, action: str) -> frozenset[str]:
        """What a read takes: `format`, and what the schema documents for it (the map,
        paging, search, ordering and the filters; tests/api/test_api_unknown_params.py
        holds the two together)."""
        names = {"format"}
        if action in self.reads_map_in:
            names.add("map")
        if action == "list":
            names |= {"page", Pagination.page_size_query_param}
            if getattr(self, "search_fields", None):
                names.add(api_settings.SEARCH_PARAM)
            if getattr(self, "ordering_fields", None):
                names.add(api_settings.ORDERING_PARAM)
            filterset = getattr(self, "filterset_class", None)
            names |= set(filterset.base_filters if filterset else ())
            names |= set(getattr(self, "filterset_fields", None) or ())
        return frozenset(names)

    def refuse_unknown_params(self, request) -> None:
        """A parameter the read does not take is a 400 naming it, not ignored: a misspelt
        filter would otherwise answer the whole list as if it had matched."""
        known = self.known_params(self.action)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            takes = ", ".join(sorted(known))
            raise ValidationError(
                {name: [f"Unknown parameter; this takes {takes}."] for name in unknown}
            )

    def get_object(self):
        """For a write, the row locked for the rest of the transaction, If-Match checked.

        The lock comes first and the object is read after it, so the precondition compares
        against what is committed now and no other write can slip in between the check and
        this write (two editors sending the same ETag: one 200, one 412). The lock is taken
        on the bare row because FOR UPDATE refuses the outer joins and GROUP BY of the
        listing querysets; SQLite ignores it (it lets one writer in at a time anyway).
        """
        if not self.writing():
            return super().get_object()
        lookup_kwarg = self.lookup_url_kwarg or self.lookup_field
        model = self.get_queryset().model
        lookup = {self.lookup_field: self.kwargs[lookup_kwarg]}
        # A lookup that is not a valid key for this model: get_object() answers 404.
        with suppress(TypeError, ValueError, DjangoValidationError):
            list(model._default_manager.select_for_update().filter(**lookup).values_list("pk"))
        instance = super().get_object()
        self.check_if_match(instance)
        return instance

    def writing(self) -> bool:
        """A write that changes the object, not DRF's OPTIONS metadata, which clones the
        request as a PUT to ask get_object() whether the form may be shown: that runs
        outside any transaction, where PostgreSQL refuses the row lock (a 500 before)."""
        method = self.request.method
        return method in PRECONDITIONED and self.request._request.method == method

    def check_if_match(self, instance) -> None:
        """The one place a write's precondition is checked: no If-Match (or `*`, which
        names no version) is a 428, a stale one a 412."""
        header = self.request.headers.get("If-Match", "").strip()
        if not header:
            raise PreconditionRequired()
        if etags.is_wildcard(header):
            raise PreconditionRequired(WILDCARD_IS_NO_VERSION)
        current = etags.for_data(self.get_serializer(instance).data)
        if not etags.matches(header, current):
            raise PreconditionFailed()

    def create(self, request, *args, **kwargs):
        # The answer (the object read back) is built inside the transaction: once it has
        # committed, nothing is left that could fail and turn the 201 into an error. With
        # an Idempotency-Key it is stored in that transaction too (api/idempotency.py).
        key = idempotency.key_of(request)
        with transaction.atomic():
            replayed = idempotency.replay(request, key) if key else None
            if replayed is not None:
                return replayed
            response = super().create(request, *args, **kwargs)
            if key:
                idempotency.keep(request, key, response)
            return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self.perform_destroy(self.get_object())
        return Response(status=204)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def _save(self, serializer: serializers.ModelSerializer) -> None:
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError as exc:
            # Another request won the race after validation passed: validate again to
            # say which rule it broke, as a field message.
            errors: dict[str, list[str]] = getattr(serializer, "model_errors", lambda attrs: {})(
                serializer.validated_data
            )
            raise ValidationError(
                errors or {"non_field_errors": ["This conflicts with existing data."]}
            ) from exc
        saved = serializer.instance
        if saved is not None:  # always, after save(); the row again, with its annotations
            serializer.instance = self.get_queryset().get(pk=saved.pk)
