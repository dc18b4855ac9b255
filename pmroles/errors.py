"""Error answers for the whole site: JSON under /api/, HTML pages elsewhere.

Django's handlers would answer an unmatched `/api/...` address or a crash inside the API
with an HTML page; API clients get the same `{"detail": "..."}` body as every other API
error instead. `UnreadableInputMiddleware` stops requests whose address no view can read
(a NUL byte, bytes that are not UTF-8) before any view or database sees them: PostgreSQL
refuses NUL in text, and every view would otherwise need its own check.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(status: int, detail: str) -> JsonResponse:
    """The body every API error has (api.schema's `Error`)."""
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception=None, template_name="400.html"):
    if is_api(request):
        return json_error(400, "The request could not be understood.")
    return defaults.bad_request(request, exception, template_name=template_name)


def permission_denied(request, exception=None, template_name="403.html"):
    if is_api(request):
        return json_error(403, "You do not have permission to do this.")
    return defaults.permission_denied(request, exception, template_name=template_name)


def page_not_found(request, exception=None, template_name="404.html"):
    if is_api(request):
        return json_error(404, f"No API endpoint or object at {request.path}; see /api/docs/.")
    return defaults.page_not_found(request, exception, template_name=template_name)


def server_error(request, template_name="500.html"):
    if is_api(request):
        return json_error(500, "Something went wrong on our side; the error has been logged.")
    return defaults.server_error(request, template_name=template_name)


def unreadable_input(request: HttpRequest) -> str | None:
    """What is wrong with the address, in a sentence, or None when it can be read."""
    if "\x00" in request.path:
        return "The address contains a NUL character (%00), which no name or value may hold."
    raw = unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " "))
    if b"\x00" in raw:
        return "A query parameter contains a NUL character (%00); remove it."
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "A query parameter is not valid UTF-8 text (e.g. %FF); encode it as UTF-8."
    return None


def request_line_length(request: HttpRequest) -> int:
    """The length of `METHOD /path?query HTTP/1.1` as the client sent it (gunicorn passes
    the raw target as RAW_URI; other servers give the decoded path and query)."""
    target = request.META.get("RAW_URI") or request.get_full_path()
    protocol = request.META.get("SERVER_PROTOCOL", "HTTP/1.1")
    return len(request.method or "") + 1 + len(target) + 1 + len(protocol)


def overlong_address(request: HttpRequest) -> str | None:
    """A sentence when the request line is over PMROLES_MAX_REQUEST_LINE, else None.

    gunicorn answered such lines itself with a bare HTML 414 and none of the security
    headers, under /api/ too; its own limit is lifted (gunicorn.conf.py) so this answers.
    """
    limit = settings.PMROLES_MAX_REQUEST_LINE
    if request_line_length(request) <= limit:
        return None
    return (
        f"The address is longer than the {limit} characters this site accepts; "
        "send fewer or shorter query parameters."
    )


class UnreadableInputMiddleware:
    """A 400 that says what is wrong, for addresses no view could read; a 414 for an
    address longer than the site accepts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        status, problem = 414, overlong_address(request)
        if problem is None:
            status, problem = 400, unreadable_input(request)
        if problem is None:
            return self.get_response(request)
        if is_api(request):
            return json_error(status, problem)
        error = SimpleNamespace(message=problem)
        return render(request, "400.html", {"error": error}, status=status)
