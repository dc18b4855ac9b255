"""Conditional writes are atomic: editors sending the same If-Match at once, one wins.

Real threads, each with its own database connection, on a real (committed) database: the
precondition and the write share one transaction with the row locked, so of twenty PATCHes
carrying the same ETag exactly one is a 200 and the others are 412s.
"""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from responsibilities.models import Area
from tests.factories import AreaFactory

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "SQLite has no row locks (it serialises whole-database writes) and the in-memory "
        "test database refuses concurrent writers; PostgreSQL (CI) runs this test."
    ),
)

EDITORS = 20


def _concurrently(func, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = func(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_one_write_wins_with_the_same_etag(transactional_db, editor, method):
    AreaFactory(slug="contested", name="Contested", description="Before.")
    url = "/api/v1/areas/contested/"
    etag = APIClient().get(url)["ETag"]

    def write(i):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {editor.token.key}")
        body = {"description": f"Editor {i} was here."}
        return getattr(client, method)(url, body, format="json", HTTP_IF_MATCH=etag)

    responses = _concurrently(write, EDITORS)
    statuses = sorted(r.status_code for r in responses)
    if method == "patch":
        assert statuses == [200] + [412] * (EDITORS - 1), statuses
        won = next(r for r in responses if r.status_code == 200)
        assert Area.objects.get(slug="contested").description == won.json()["description"]
        # One change recorded: the losers wrote nothing, not even history.
        assert Area.history.filter(slug="contested", history_type="~").count() == 1
    else:
        # The others waited for the lock and found the row gone.
        assert statuses == [204] + [404] * (EDITORS - 1), statuses
        assert not Area.objects.filter(slug="contested").exists()
