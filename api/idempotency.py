"""`Idempotency-Key` on API POSTs: the same key and body get the same answer, once written.

ResourceMixin.create (api/base.py) calls `replay` inside the write's transaction and `keep`
after the write, in the same transaction, so an answer is stored exactly when its write
commits. The same key with another body or address is a 422: the key names one request.
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .models import IdempotentAnswer

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = (
        "This Idempotency-Key was already used for a different request (another body or "
        "address); use a new key for a new request."
    )


class KeyInFlight(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_in_flight"
    default_detail = (
        "A request with this Idempotency-Key is being handled right now; retry it shortly "
        "to get its answer."
    )


def key_of(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationError({HEADER: [f"must be 1 to {MAX_KEY_LENGTH} characters."]})
    return key


def _fingerprint(request) -> str:
    canonical = json.dumps(request.data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{request.path}\n{canonical}".encode()).hexdigest()


def replay(request, key: str) -> Response | None:
    """The stored answer for this key (row locked until the transaction ends), or None."""
    stored = IdempotentAnswer.objects.select_for_update().filter(user=request.user, key=key).first()
    if stored is None:
        return None
    if stored.fingerprint != _fingerprint(request):
        raise KeyReused()
    response = Response(stored.body, status=stored.status)
    response["Idempotent-Replayed"] = "true"
    return response


def keep(request, key: str, response: Response) -> None:
    """Store the answer with the write; a concurrent twin with the same key is a 409."""
    try:
        with transaction.atomic():
            IdempotentAnswer.objects.create(
                user=request.user,
                key=key,
                path=request.path[:500],
                fingerprint=_fingerprint(request),
                status=response.status_code,
                body=json.loads(json.dumps(response.data, cls=JSONEncoder)),
            )
    except IntegrityError:
        raise KeyInFlight() from None
