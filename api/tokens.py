"""API tokens stored hashed, with an expiry, and revoked by deleting them.

DRF's tokens were kept in plain text and never expired (issue 17, finding 8): anyone who
read the table or a backup could act as any token's user. The token table now holds the
SHA-256 digest of each key (its first 40 hex characters, DRF's key column): a presented key
is hashed and looked up, and the key itself exists only where it was handed out
(`manage.py issue_token`, which prints a new key once). A token older than
PMROLES_TOKEN_DAYS (90) is refused with a sentence; deleting it (admin, or
`issue_token --revoke`) revokes it. Keys issued before hashing were replaced by their digest
in migration api/0002, so they keep working until rotated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


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
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(digest(key))
        if token.created + lifetime() < timezone.now():
            raise exceptions.AuthenticationFailed(
                "This token has expired; ask for a new one (manage.py issue_token --rotate)."
            )
        return user, token
