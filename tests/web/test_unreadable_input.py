"""Addresses no page can read (a NUL byte, bytes that are not UTF-8) get a 400 page saying why.

One middleware (pmroles.errors) stops them before any view; PostgreSQL would otherwise
refuse the NUL with a 500 wherever a parameter reaches a query.
"""

import json

import pytest
from django.test import RequestFactory

from pmroles import errors, urls
from pmroles.middleware import database

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/?map=%00", "NUL"),
        ("/compare/?roles=%00", "NUL"),
        ("/compare/?roles=product-manager,%00", "NUL"),
        ("/compare/?roles=product-manager&roles=product-owner&map=%00", "NUL"),
        ("/search/?q=%00", "NUL"),
        ("/search/?q=back%00log", "NUL"),
        ("/finder/?find=1&responsibilities=%00", "NUL"),
        ("/matrix/?map=%00", "NUL"),
        ("/roles/product-owner/?map=%00", "NUL"),
        ("/responsibilities/product-backlog/?map=%00", "NUL"),
        ("/search/?q=%ff", "UTF-8"),
        ("/compare/?roles=product-manager,%ff", "UTF-8"),
        ("/finder/?responsibilities=%c3%28", "UTF-8"),
        ("/roles/product%00owner/", "NUL"),
    ],
)
def test_unreadable_address_is_a_400_page(client, sample, url, says):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "That request did not work" in html and says in html


def test_readable_unicode_still_works(client, sample):
    response = client.get("/search/?q=%C3%A9quipe")  # "équipe", valid UTF-8
    assert response.status_code == 200


def test_case_variant_of_a_role_is_a_404_page(client, sample):
    response = client.get("/roles/Product-Owner/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


# handler500 goes through the outage check first (a database error is a 503), which hands
# every other error to pmroles.errors.server_error.
HANDLERS = [
    ("handler400", errors.bad_request, 400),
    ("handler403", errors.permission_denied, 403),
    ("handler404", errors.page_not_found, 404),
    ("handler500", database.server_error, 500),
]


@pytest.mark.parametrize(("name", "view", "status"), HANDLERS)
@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/v1/roles/", "application/json"), ("/roles/product-owner/", "text/html")],
)
def test_error_handlers_answer_json_under_api_and_a_page_elsewhere(
    name, view, status, path, content_type
):
    assert getattr(urls, name) == f"{view.__module__}.{view.__name__}"
    request = RequestFactory().get(path)
    response = view(request) if status == 500 else view(request, Exception("boom"))
    assert response.status_code == status
    assert response["Content-Type"].startswith(content_type)
    if content_type == "application/json":
        body = json.loads(response.content)
        assert set(body) == {"detail"} and body["detail"]
        assert "boom" not in body["detail"]
