"""`/health/`: what an operator and a load balancer need to know, in one JSON answer.

`{"database": "ok", "cache": "ok", "migrations": "ok"}` and 200 when all three are fine;
otherwise the failing part says what is wrong and the status is 503, so a load balancer
takes the server out of rotation. No authentication (it names no data) and no stored
answer: each request checks anew. A cache outage is a 503 here although pages still answer
(pmroles/cache.py): the operator should know; a load balancer that should keep serving
through it can check `/` instead.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

_migrated = False  # once every migration is applied, it stays so for this process


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    for alias in ("default", "throttle"):
        cache = caches[alias]
        if hasattr(cache, "ping"):
            cache.ping()
    return "ok"


def _migrations() -> str:
    global _migrated
    if _migrated:
        return "ok"
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"{len(pending)} migrations not applied"
    _migrated = True
    return "ok"


def _check(probe) -> str:
    try:
        return probe()
    except Exception as exc:  # noqa: BLE001  # any failure is the answer, not a 500
        return f"unavailable ({exc.__class__.__name__})"


@never_cache
def health(request):
    report = {"database": _check(_database), "cache": _check(_cache)}
    report["migrations"] = _check(_migrations) if report["database"] == "ok" else "unknown"
    healthy = all(value == "ok" for value in report.values())
    response = JsonResponse(report, status=200 if healthy else 503)
    if not healthy:
        response["Retry-After"] = "10"
    return response
