"""Benchmark only (pmroles.settings.bench): the bare view and a per-request query counter."""

from django.db import connections
from django.http import HttpResponse


def bare(request):
    """The smallest Django response: what the framework, the server and the network cost."""
    return HttpResponse(b"ok", content_type="text/plain")


class QueryCountMiddleware:
    """Counts the SQL queries of a request that asks for it (header X-Bench-Queries: 1).

    The answer goes back in the X-Bench-Queries response header. Other requests pass
    straight through, so the load runs measure the app, not the counting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_BENCH_QUERIES" not in request.META:
            return self.get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                # Streamed bodies (CSV) run their queries while they are read.
                response.streaming_content = list(response.streaming_content)
        response["X-Bench-Queries"] = str(count)
        return response
