"""`manage.py issue_token USERNAME` prints a working API token once, stored hashed, with an
expiry; --rotate replaces it, --revoke deletes it (issue 17, finding 8)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from api.tokens import digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _issue(*args) -> str:
    out = StringIO()
    call_command("issue_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def _post_with(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.post("/api/v1/areas/", {"slug": "a", "name": "A"}, format="json")


def test_the_key_is_shown_once_stored_hashed_and_authenticates(api_client):
    user = UserFactory(username="ada")
    key = _issue("ada")
    stored = Token.objects.get(user=user)
    assert stored.key == digest(key) and stored.key != key
    with pytest.raises(CommandError, match="cannot be shown again"):
        _issue("ada")
    assert _post_with(api_client, key).status_code == 403  # authenticated, no permission yet
    assert _post_with(api_client, stored.key).status_code == 401  # the stored digest is no key


def test_rotate_replaces_the_token(api_client):
    UserFactory(username="ada")
    old = _issue("ada")
    new = _issue("ada", "--rotate")
    assert new != old and not Token.objects.filter(key=digest(old)).exists()
    assert _post_with(api_client, old).status_code == 401


def test_revoke_deletes_it(api_client):
    UserFactory(username="ada")
    key = _issue("ada")
    _issue("ada", "--revoke")
    assert not Token.objects.exists()
    assert _post_with(api_client, key).status_code == 401


def test_an_expired_token_is_refused_with_a_sentence(api_client, settings):
    user = UserFactory(username="ada")
    key = _issue("ada")
    Token.objects.filter(user=user).update(created=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    response = _post_with(api_client, key)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_key_from_before_hashing_keeps_working_after_the_migration(api_client):
    """The data migration (api/0002) replaces each stored key by its digest."""
    from importlib import import_module

    from django.apps import apps

    user = UserFactory(username="old")
    Token.objects.create(user=user, key="0123456789abcdef0123456789abcdef01234567")
    import_module("api.migrations.0002_hash_api_tokens").hash_keys(apps, None)
    assert Token.objects.get(user=user).key == digest("0123456789abcdef0123456789abcdef01234567")
    response = _post_with(api_client, "0123456789abcdef0123456789abcdef01234567")
    assert response.status_code == 403  # authenticated as the old user, no permission


def test_unknown_user_is_a_sentence():
    with pytest.raises(CommandError, match="There is no user named “ghost”"):
        _issue("ghost")
