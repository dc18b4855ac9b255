"""A database outage answers 503 with Retry-After instead of a 500, and heals by itself.

Why a 503: the request was fine and will work later; clients, proxies and monitors treat a
503 with Retry-After as "try again", a 500 as a bug. Pages get an HTML page, `/api/` gets
JSON like every other API error.

Recovery needs no restart: a connection that failed is marked unusable and Django closes it
at the end of the request (`close_old_connections`), so the next request opens a new one.

Two paths lead here: exceptions raised in a view (`process_exception`), and exceptions
raised outside one (a middleware saving the session, a template evaluating the user), which
Django hands to `handler500`: `server_error` below recognises them there.
"""

from __future__ import annotations

import json
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from pmroles import errors

logger = logging.getLogger("pmroles.database")

DATABASE_ERRORS = (OperationalError, InterfaceError)
MESSAGE = "The database is unavailable at the moment; please try again shortly."


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON under /api/, an HTML page elsewhere; no database needed."""
    retry_after = str(getattr(settings, "DATABASE_RETRY_AFTER", 30))
    if request.path.startswith("/api/"):
        response = HttpResponse(
            json.dumps({"detail": MESSAGE}), status=503, content_type="application/json"
        )
    else:
        # No request context: context processors could touch the database (the user).
        html = loader.render_to_string("503.html", {"retry_after": retry_after})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = retry_after
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error(
                "Database unavailable on %s %s: %s", request.method, request.path, exception
            )
            return unavailable(request)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database error raised outside a view is still a 503, not a 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        logger.error("Database unavailable on %s %s: %s", request.method, request.path, exception)
        return unavailable(request)
    return errors.server_error(request, template_name)
