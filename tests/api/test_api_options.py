"""OPTIONS is answered on every API route for every kind of user, never a 500.

DRF's metadata for OPTIONS asks the view for the object as if the request were a PUT: the
write path's row lock (`select_for_update()`) then ran outside a transaction, which
PostgreSQL refuses (a 500 for a Reader or an Editor; issue 17, finding 5). SQLite ignores the
lock, so this module matters most in the PostgreSQL run (CI runs both).
"""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from responsibilities.models import Assignment, Dispute, Quote, Responsibility, Source
from roles.models import RoleMap
from tests.factories import UserFactory

# Committed data, no surrounding test transaction: inside one, the lock would not have failed.
pytestmark = pytest.mark.django_db(transaction=True)

DETAIL_ROUTES = [
    "/api/v1/maps/{map}/",
    "/api/v1/roles/{role}/",
    "/api/v1/areas/{area}/",
    "/api/v1/responsibilities/{responsibility}/",
    "/api/v1/assignments/{assignment}/",
    "/api/v1/sources/{source}/",
    "/api/v1/quotes/{quote}/",
    "/api/v1/disputes/{dispute}/",
]
LIST_ROUTES = [
    "/api/v1/maps/",
    "/api/v1/roles/",
    "/api/v1/areas/",
    "/api/v1/responsibilities/",
    "/api/v1/assignments/",
    "/api/v1/sources/",
    "/api/v1/quotes/",
    "/api/v1/disputes/",
    "/api/v1/compare/",
    "/api/v1/matrix/",
    "/api/v1/finder/",
    "/api/v1/maps/compare/",
    "/api/v1/roles/{role}/history/",
]


HISTORY_REFUSED = {"anonymous": 401, "signed-in": 403}


def _client(kind: str, editor) -> APIClient:
    client = APIClient()
    if kind == "signed-in":
        client.force_authenticate(UserFactory(username="someone"))
    elif kind == "editor":
        # An Editor (the group) can also view, hence read the history.
        editor.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
        client.credentials(HTTP_AUTHORIZATION=f"Token {editor.token.key}")
    elif kind == "reader":
        viewer = UserFactory(username="reader")
        viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
        client.force_authenticate(viewer)
    return client


@pytest.mark.parametrize("kind", ["anonymous", "signed-in", "reader", "editor"])
def test_options_on_every_route_is_never_a_server_error(kind, editor, disputes, sample):
    """GIVEN the sample world and one user of each kind
    WHEN each asks OPTIONS on every list, detail, computed and history route
    THEN every answer is a 200 (the route's metadata), none a 500; the version history needs
    the view permission, so OPTIONS there is refused like its GET (401 or 403)."""
    lookups = {
        "map": RoleMap.objects.first().slug,
        "role": sample.roles["pm"].slug,
        "area": sample.areas["strategy"].slug,
        "responsibility": Responsibility.objects.first().slug,
        "assignment": Assignment.objects.first().pk,
        "source": Source.objects.first().pk,
        "quote": Quote.objects.first().pk,
        "dispute": Dispute.objects.first().slug,
    }
    client = _client(kind, editor)
    answers = {}
    for route in LIST_ROUTES + DETAIL_ROUTES:
        url = route.format(**lookups)
        answers[url] = client.options(url).status_code
    expected = {
        url: HISTORY_REFUSED.get(kind, 200) if url.endswith("/history/") else 200 for url in answers
    }
    assert answers == expected
