"""`manage.py issue_token USERNAME` prints a working API token, or says what is wrong."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _issue(*args) -> str:
    out = StringIO()
    call_command("issue_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_issues_once_and_the_token_authenticates(api_client):
    user = UserFactory(username="ada")
    key = _issue("ada")
    assert key == Token.objects.get(user=user).key
    assert _issue("ada") == key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.post("/api/v1/areas/", {"slug": "a", "name": "A"}, format="json")
    assert response.status_code == 403  # authenticated, but no permission yet


def test_rotate_replaces_the_token():
    UserFactory(username="ada")
    old = _issue("ada")
    new = _issue("ada", "--rotate")
    assert new != old and not Token.objects.filter(key=old).exists()


def test_unknown_user_is_a_sentence():
    with pytest.raises(CommandError, match="There is no user named “ghost”"):
        _issue("ghost")
