"""Every API error is a JSON body with a readable message, never a 500 or an HTML page.

DRF already turns its own exceptions into JSON; this handler adds the Django exceptions
that would otherwise escape as 500s (oversized bodies, model validation, protected rows),
and is the API's one place for the domain's input errors: an InputError (unknown map,
role or area, a page that is not a page) is a 400 naming its field, DRF's error shape, so
no view catches it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import ProtectedError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from roles.inputs import InputError


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than the limit of {limit} bytes.")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = (
        "The resource changed since you read it (If-Match does not match its current ETag). "
        "Fetch it again and retry."
    )


class PreconditionRequired(APIException):
    """A write to an existing object must say which version it was based on (issue 17):
    without If-Match two editors' writes would silently undo each other."""

    status_code = 428
    default_code = "precondition_required"
    default_detail = (
        "Send If-Match with the ETag you last read from this object (GET it first), so that "
        "a change someone made since is not silently overwritten."
    )


WILDCARD_IS_NO_VERSION = (
    "If-Match: * is not a version: send the ETag you last read from this object (GET it "
    "first), so that a change someone made since is not silently overwritten."
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def model_error_dict(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Django's `__all__` key becomes DRF's `non_field_errors`."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: list(exc.messages)}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages
        for key, messages in exc.message_dict.items()
    }


def refuse_large_body(request) -> None:
    """DRF's JSON parser reads the stream directly, so Django's size check never runs."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        length = 0
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        raise PayloadTooLarge()


def handler(exc, context):
    if isinstance(exc, InputError):
        exc = ValidationError({exc.field: [exc.message]})
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoValidationError):
        return Response(model_error_dict(exc), status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, ProtectedError):
        names = sorted({str(obj) for obj in exc.protected_objects})[:5]
        exc = Conflict(
            "This cannot be deleted while other records use it: "
            + ", ".join(names)
            + ". Delete or move those first."
        )
    elif isinstance(exc, DataError):
        # A value the database refuses (out of range, NUL in text) that slipped past the
        # checks in front of it: the client's input, so a 400 rather than a 500.
        return Response(
            {"detail": "A value in the request is out of range for the database."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A bare list (e.g. SearchFilter refusing a null character) becomes an object.
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response
