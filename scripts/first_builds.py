"""First builds measured in one process: what a page costs when no stored answer exists.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a copy of perf_bench> \
       DJANGO_SETTINGS_MODULE=pmroles.settings.bench SECRET_KEY=<anything> \
       .venv/bin/python scripts/first_builds.py [name ...]

Each address is asked once to warm the process (imports, compiled templates), then
FIRST_BUILDS_RUNS (5) times with the stored answers cleared before each request, through
Django's test client. Printed per address, medians: wall time, CPU time of this process
(time.process_time: what the Python side costs, less sensitive to a loaded machine than
wall time), time spent waiting on SQL, the query count and the size. The machine's load
average is printed before and after: on a shared machine read the figures with it (the
least CPU time of the runs is printed too: other work on the same cores inflates the median). The
addresses are the benchmark's (scripts/bench.py) at scale 1, plus the finder showing an area
or a search and a search for a word not asked before (each run a new word).
FIRST_BUILDS_KEEP_PIECES=1 keeps the per-role pieces (roles.pieces) between requests.
Figures are printed, never asserted; the database is only read.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmroles.settings.bench")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

R1, R2, R3, R4 = (f"gen-role-00{i}" for i in range(1, 5))
ADDRESSES = {
    "home": "/",
    "role page": f"/roles/{R1}/",
    "compare-2": f"/compare/?roles={R1},{R2}",
    "compare-4": f"/compare/?roles={R1},{R2},{R3},{R4}",
    "matrix": "/matrix/",
    "finder": "/finder/",
    "finder, an area": "/finder/?area=gen-area-050",
    "finder, a search": "/finder/?fq={word}",
    "search, a new word": "/search/?q={word}",
    "API search": "/api/v1/responsibilities/?search={word}",
    "API compare-2": f"/api/v1/compare/?roles={R1},{R2}",
    "API compare-4": f"/api/v1/compare/?roles={R1},{R2},{R3},{R4}",
}
WORDS = [
    "roadmap",
    "budget",
    "release",
    "pricing",
    "hiring",
    "vendor",
    "launch",
    "backlog",
    "metrics",
    "customer",
]
RUNS = int(os.environ.get("FIRST_BUILDS_RUNS", "5"))
# FIRST_BUILDS_KEEP_PIECES=1: clear only the stored answers before each request and keep the
# per-role pieces (roles.pieces): the first build of an address whose roles were shown before
# (comparing A with C after A with B), the common case when a crowd browses many pairs.
KEEP_PIECES = os.environ.get("FIRST_BUILDS_KEEP_PIECES") == "1"


def clear_answers() -> None:
    """Clear the stored answers (pmroles:read:…), or everything unless KEEP_PIECES."""
    store = caches["default"]
    if not KEEP_PIECES:
        store.clear()
        return
    kept = getattr(store, "_cache", None)  # the local-memory cache of the bench settings
    if kept is None:
        raise SystemExit("FIRST_BUILDS_KEEP_PIECES needs the local-memory cache (no REDIS_URL)")
    for key in [key for key in kept if ":pmroles:read:" in key]:
        store.delete(key.split(":", 2)[2])


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(only: list[str]) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    sql = [0.0, 0]

    def timed(execute, query, params, many, context):
        start = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql[0] += time.perf_counter() - start
            sql[1] += 1

    print(f"load average before: {load()}; pieces kept between requests: {KEEP_PIECES}")
    for name, address in ADDRESSES.items():
        if only and name not in only:
            continue
        client.get(address.format(word="warm"))
        walls, cpus, waits = [], [], []
        for run in range(RUNS):
            clear_answers()
            sql[:] = [0.0, 0]
            with connection.execute_wrapper(timed):
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(address.format(word=WORDS[run % len(WORDS)]))
                body = response.content
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            waits.append(sql[0])
            if response.status_code != 200:
                raise SystemExit(f"{address}: {response.status_code}")
        print(
            f"{name:20} wall {statistics.median(walls) * 1000:7.1f} ms"
            f"  cpu {statistics.median(cpus) * 1000:6.1f} ms (min {min(cpus) * 1000:5.1f})"
            f"  sql {statistics.median(waits) * 1000:6.1f} ms  {sql[1]:2d} queries"
            f"  {len(body) / 1024:7.1f} KiB"
        )
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main(sys.argv[1:])
