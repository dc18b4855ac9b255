"""Schemathesis against the published schema, in-process, as anonymous and as an editor.

Every operation is exercised with generated requests, valid and invalid, and every
Schemathesis check runs: a 5xx, a response that contradicts the schema, invalid data
accepted, valid data refused, or authentication declared but not enforced fails the test
(and so CI). SCHEMATHESIS_MAX_EXAMPLES sets the depth: small in the normal suite, larger in
the dedicated `.ci/run` step. Each operation's test runs in its own transaction on fresh
data, rolled back afterwards, so the editor's writes never reach another test.
"""

import os
import zlib

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

from tests.world_scale import build_dataset

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))
HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# Every check runs (no `checks=`). Two are told what the schema cannot express, both
# documented for the operations they can happen on:
# - a request that matches the schema but names an unknown role, map or quote, a taken
#   slug, or breaks an evidence rule, is a 400 naming the field;
# - a generated If-Match is a well-formed tag that is not the current one: 412;
# - a write without If-Match (a required header) is refused with 428 Precondition Required.
_checks = schema.config.checks
_checks.positive_data_acceptance.expected_statuses = [
    *_checks.positive_data_acceptance.expected_statuses,
    "400",
    "412",
    "422",  # a generated Idempotency-Key sent again with another body
]
_checks.negative_data_rejection.expected_statuses = [
    *_checks.negative_data_rejection.expected_statuses,
    "412",
]
_checks.missing_required_header.expected_statuses = [
    *_checks.missing_required_header.expected_statuses,
    "428",
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes connections after each request (Django's test client does
    not); that would end the test's transaction on PostgreSQL. Do as the test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def dataset(reference_map):
    """Real data so that reads return full bodies, and the real lookups of that data."""
    data = build_dataset(1)
    assignment = data["map"].assignments.first()
    quote = assignment.quotes.first()
    objects = {
        "/api/v1/roles/{slug}/": "product-owner",
        "/api/v1/areas/{slug}/": "d-area-0",
        "/api/v1/responsibilities/{slug}/": "d-resp-0",
        "/api/v1/maps/{slug}/": "reference",
        "/api/v1/maps/{slug}/health/": "reference",
        "/api/v1/maps/{slug}/export.xlsx": "reference",
        "/api/v1/maps/{slug}/copy/": "reference",
        "/api/v1/maps/{slug}/review/": "reference",
        "/api/v1/maps/{slug}/editors/": "reference",
        # both parameters take this value: the reference map has no editors (a 404 or 403)
        "/api/v1/maps/{slug}/editors/{username}/": "reference",
        "/api/v1/assignments/{id}/": str(assignment.pk),
        "/api/v1/quotes/{id}/": str(quote.pk),
        "/api/v1/sources/{id}/": str(quote.source_id),
        "/api/v1/disputes/{slug}/": "d-dispute-0",
    }
    # Each object's version history too (its path parameter is named like the resource's).
    history = {
        path + "history/": value
        for path, value in objects.items()
        if not path.startswith("/api/v1/maps/")
    }
    return {**objects, **history}


REAL_QUERY = {
    "roles": "product-manager,product-owner,project-manager",
    "responsibilities": "d-resp-0,d-resp-1",
    "map": "reference",
}


def _often(value, percent: int) -> bool:
    """A coin flip decided by the generated value itself (Hypothesis fixes `random`)."""
    return zlib.crc32(repr(value).encode()) % 100 < percent


def _towards_real_data(case, lookups) -> None:
    """Random strings rarely name an existing object: swap in real ones most of the time,
    so that generated requests reach the success paths (and their response schemas).
    Negative cases are sent as generated: swapping a value would make them valid."""
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return
    if case.path_parameters and _often(case.path_parameters, 80):
        for name in case.path_parameters:
            case.path_parameters[name] = lookups[case.path]
    for name, value in REAL_QUERY.items():
        if case.query and name in case.query and _often((name, case.query[name]), 70):
            case.query[name] = value
    if case.headers and "If-None-Match" in case.headers and _often(case.headers, 80):
        del case.headers["If-None-Match"]
    if case.headers and "If-Match" in case.headers and _often(case.headers, 80):
        # The version the client read: the write can then succeed (or break a rule).
        url = case.formatted_path
        read = APIClient().get(url, case.query or {})
        # Django's test client connects its connection closer again after a request; the
        # WSGI calls that follow must not close the test's connection (see above).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        if read.has_header("ETag"):
            case.headers["If-Match"] = read["ETag"]


@schema.parametrize()
@HYPOTHESIS
def test_anonymous(case, dataset):
    _towards_real_data(case, dataset)
    case.call_and_validate()


@pytest.fixture
def editor(editor):
    """The editor may also read the version history (the view permission, as Editors have),
    so that the history's success responses are checked against the schema too."""
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["roles", "responsibilities"],
            codename__startswith="view_",
        )
    )
    return editor


@schema.parametrize()
@HYPOTHESIS
def test_editor_with_token(case, dataset, editor):
    _towards_real_data(case, dataset)
    case.call_and_validate(headers={"Authorization": f"Token {editor.token.key}"})
