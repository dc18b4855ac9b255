"""Benchmark only (pmroles.settings.bench): the bare view and a per-request query counter."""

import random
import tempfile

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
                # Streamed bodies (CSV) run their queries while they are read: read them
                # here, into a file past the first megabyte, so that the worker's memory
                # figures show the export's, not a copy of its whole body.
                # Not a `with`: the response reads the file after this returns.
                spool = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115
                for chunk in response.streaming_content:
                    spool.write(chunk)
                spool.seek(0)
                response.streaming_content = iter(lambda: spool.read(1 << 16), b"")
        response["X-Bench-Queries"] = str(count)
        return response


# Rows a page of the matrix page (web.matrix_page.PAGE_SIZE) and of the API matrix
# (api.computed.MATRIX_PAGE_SIZE): the mixed load asks only for pages that exist
# (tests/web/test_bench_urls.py keeps these equal to the views' own).
MATRIX_PAGE_ROWS = 100
API_MATRIX_PAGE_ROWS = 50


def page_count(rows: int, page_rows: int) -> int:
    return max(1, -(-rows // page_rows))


# The mixed load (scripts/bench_mixed.py): what a crowd of readers asks for.
MIXED_KINDS = {
    "compare-2": 30,
    "compare-4": 15,
    "role": 15,
    "matrix": 15,
    "search": 15,
    "api-role": 5,
    "api-matrix": 5,
}


# Searched words: the generated data's vocabulary (pmroles' generator) and a few it lacks.
MIXED_WORDS = (
    "product",
    "roadmap",
    "backlog",
    "stakeholder",
    "customer",
    "release",
    "pricing",
    "budget",
    "risk",
    "vision",
    "launch",
    "market",
    "quality",
    "team",
    "sprint",
    "strategy",
)


def mixed_urls(
    roles: list[str],
    words: list[str],
    matrix_pages: int,
    count: int = 600,
    api_matrix_pages: int | None = None,
    seed: int = 0,
    role_pages: int = 2,
) -> list[tuple[str, str]]:
    """(kind, address) pairs for a crowd: role pairs and quadruples, role pages, matrix
    pages, searches from a word list and a few API reads, in MIXED_KINDS proportions.

    Distinct addresses where the data allows (a cache keyed by address must not make the
    crowd look like one repeat visitor); the same seed gives the same list. Page numbers stay
    within `matrix_pages` (the API's within `api_matrix_pages`, default the same) and
    `role_pages`: a page past the last is a 400, not a page.
    """
    rng = random.Random(seed)
    kinds = [kind for kind, weight in MIXED_KINDS.items() for _ in range(weight)]
    first = list(MIXED_KINDS)  # one of each kind first, then in proportion
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for _ in range(count * 20):
        if len(found) >= count:
            break
        kind = first[len(found)] if len(found) < len(first) else rng.choice(kinds)
        if kind == "compare-2":
            url = "/compare/?roles=" + ",".join(rng.sample(roles, 2))
        elif kind == "compare-4":
            url = "/compare/?roles=" + ",".join(rng.sample(roles, min(4, len(roles))))
        elif kind == "role":
            url = f"/roles/{rng.choice(roles)}/?page={rng.randint(1, role_pages)}"
        elif kind == "matrix":
            url = f"/matrix/?page={rng.randint(1, matrix_pages)}"
        elif kind == "search":
            url = "/search/?q=" + "+".join(rng.sample(words, rng.randint(1, 2)))
        elif kind == "api-role":
            url = f"/api/v1/roles/{rng.choice(roles)}/"
        else:
            url = f"/api/v1/matrix/?page={rng.randint(1, api_matrix_pages or matrix_pages)}"
        if url not in seen:
            seen.add(url)
            found.append((kind, url))
    return found
