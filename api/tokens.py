"""API tokens stored hashed, with an expiry, and revoked by deleting them.

DRF's tokens were kept in plain text and never expired (issue 17, finding 8): anyone who
read the table or a backup could act as any token's user. The token table now holds the
SHA-256 digest of each key (its first 40 hex characters, DRF's key column): a presented key
is hashed and looked up, and the key itself exists only where it was handed out
(`manage.py issue_token`, which prints a new key once). A token older than
PMROLES_TOKEN_DAYS (90) is refused with a sentence; deleting it (admin, or
`issue_token --revoke`) revokes it. Keys issued before hashing were replaced by their digest
in migration api/0002, so they keep working until rotated.

A reader's GET of an answer readers share reads the data versions, with the `readers` stamp,
before it authenticates (api.base.ApiViewMixin.perform_authentication); the token's user is
then remembered under that stamp (pmroles.conditional.signed_in), so a stored answer costs a
token reader the one query it costs anyone. Deleting a token advances `readers` (connect,
called by api.apps), as deactivating a user does, so neither waits for an entry to lapse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db.models import signals
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from pmroles.conditional import signed_in
from responsibilities import version_writes, versioning


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "PMROLES_TOKEN_DAYS", 90)))


def issue(user) -> str:
    """A new token for `user` (replacing any other): the key, to be shown once."""
    Token.objects.filter(user=user).delete()
    key = secrets.token_hex(20)
    Token.objects.create(user=user, key=digest(key))
    return key


class HashedTokenAuthentication(TokenAuthentication):
    _request = None  # the Django request being authenticated (an instance per request)

    def authenticate(self, request):
        self._request = getattr(request, "_request", request)
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        hashed = digest(key)
        remembered = signed_in.remembered_token_user(self._request, hashed)
        if remembered is not None:
            return remembered, Token(key=hashed, user=remembered)
        user, token = super().authenticate_credentials(hashed)
        expires = token.created + lifetime()
        if expires < timezone.now():
            raise exceptions.AuthenticationFailed(
                "This token has expired; ask for a new one (manage.py issue_token --rotate)."
            )
        signed_in.remember_token_user(self._request, hashed, user, expires.timestamp())
        return user, token


def on_token_deleted(sender, **kwargs) -> None:
    """A token revoked (deleted, or replaced by `issue_token --rotate`): `readers` moves, so
    no worker goes on taking it from what it remembered."""
    version_writes.advance(versioning.READERS)


def connect() -> None:
    signals.post_delete.connect(
        on_token_deleted, sender=Token, dispatch_uid="pmroles_readers_token_d"
    )
