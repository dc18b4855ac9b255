"""One place turns a domain input error into a 400 page: a view never catches InputError.

Any InputError a page view raises (an unknown map, role or area, a page number that is not
a page, a format the page does not offer) reaches `InputErrorMiddleware.process_exception`,
which renders the 400 page with the error's sentence. A view whose form should come back
with the error beside it (the comparison, the map comparison, search) names its own renderer
with `@error_page(render)`; the middleware calls it. The API has its own place for the same
errors (api.errors.handler, DRF's EXCEPTION_HANDLER).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from roles.inputs import InputError

ErrorRenderer = Callable[[HttpRequest, InputError], HttpResponse]
View = TypeVar("View", bound=Callable[..., Any])


def error_page(renderer: ErrorRenderer) -> Callable[[View], View]:
    """Mark a view whose 400 is its own page (with the error), not the plain 400 page.
    functools.wraps (cached_page) copies the mark to the wrapper the URLconf holds."""

    def mark(view: View) -> View:
        view.input_error_page = renderer  # type: ignore[attr-defined]
        return view

    return mark


def bad_request(request: HttpRequest, error: InputError) -> HttpResponse:
    return render(request, "400.html", {"error": error}, status=400)


class InputErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, InputError):
            return None
        match = request.resolver_match
        renderer = getattr(match.func, "input_error_page", None) if match else None
        return (renderer or bad_request)(request, exception)
