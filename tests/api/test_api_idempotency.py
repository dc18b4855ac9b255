"""`Idempotency-Key` on API POSTs: a retry gets the first answer, not a second write.

While connections were being terminated, a write answered 503 could have committed, and
its retry got "slug already exists" (issue 17, finding 3). With the key, the answer is
stored in the write's own transaction: a retry of a committed write gets that answer.
"""

import pytest

from api.models import IdempotentAnswer
from responsibilities.models import Area

pytestmark = pytest.mark.django_db

BODY = {"slug": "pricing", "name": "Pricing"}


def _post(client, body, key="retry-1"):
    return client.post("/api/v1/areas/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_the_same_key_and_body_get_the_same_answer_without_a_second_write(editor_client, db):
    first = _post(editor_client, BODY)
    again = _post(editor_client, BODY)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Area.objects.filter(slug="pricing").count() == 1
    assert Area.history.filter(slug="pricing").count() == 1


def test_the_same_key_with_another_body_is_a_422(editor_client, db):
    assert _post(editor_client, BODY).status_code == 201
    response = _post(editor_client, {**BODY, "name": "Prices"})
    assert response.status_code == 422
    assert "already used for a different request" in response.json()["detail"]
    assert Area.objects.get(slug="pricing").name == "Pricing"


def test_without_a_key_a_retry_is_refused_as_a_duplicate(editor_client, db):
    """Why the key exists: the retry of a committed create without it names the slug."""
    first = editor_client.post("/api/v1/areas/", BODY, format="json")
    again = editor_client.post("/api/v1/areas/", BODY, format="json")
    assert (first.status_code, again.status_code) == (201, 400)


def test_a_refused_write_stores_nothing_so_its_retry_runs(editor_client, db):
    assert _post(editor_client, {"slug": "pricing"}).status_code == 400  # no name
    assert not IdempotentAnswer.objects.exists()
    assert _post(editor_client, {"slug": "pricing"}).status_code == 400


def test_keys_are_per_user(editor_client, editor, db):
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    other = UserFactory(username="other")
    other.user_permissions.set(editor.user_permissions.all())
    other_client = APIClient()
    other_client.force_authenticate(other)
    assert _post(editor_client, BODY).status_code == 201
    response = _post(other_client, {"slug": "other", "name": "Other"})
    assert response.status_code == 201
    assert not response.has_header("Idempotent-Replayed")


def test_an_overlong_key_is_a_400(editor_client, db):
    response = _post(editor_client, BODY, key="k" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Area.objects.exists()


def test_the_schema_documents_the_key_on_creates_only():
    from tests.api.api_support import api_schema

    for path, operations in api_schema()["paths"].items():
        if "post" not in operations:
            continue
        names = {p["name"] for p in operations["post"].get("parameters", [])}
        creates = "{" not in path and not path.endswith("/finder/")
        assert ("Idempotency-Key" in names) == creates, path
