"""A benchmark that serves: gunicorn, production settings, PostgreSQL, generated data, wrk.

Usage: make bench         (or .venv/bin/python scripts/bench.py)
The mixed load (a crowd while an editor writes) is scripts/bench_mixed.py (make bench-mixed);
the database, gunicorn and wrk helpers both use are in scripts/bench_common.py.

Environment (all optional):
  BENCH_SCALE        generate_data scale (default 1: 100 roles, 100,000 assignments, ...)
  BENCH_DATABASE_URL default postgres://postgres@127.0.0.1:5432/perf_bench (created if missing)
  BENCH_PORT         gunicorn's port on 127.0.0.1 (default 8133)
  BENCH_WORKERS      gunicorn sync workers (default 2)
  BENCH_DURATION     seconds of load per endpoint, and as much again for the bare view (5)
  BENCH_CONNECTIONS  wrk connections, fixed for every run (default 2)
  BENCH_SLOW         an endpoint whose single request takes longer than this many seconds is
                     reported from that request and not loaded (default 5)
  BENCH_TIMEOUT      per-request timeout in seconds; gunicorn kills a worker a little later (30)
  BENCH_REDIS_URL    the cache's Redis database (default: each worker's local memory here;
                     Redis database 9 for scripts/bench_mixed.py; "none": local memory)
  BENCH_ONLY         only the rows with these labels, comma-separated (e.g. "map health,API
                     map as XLSX"), or semicolon-separated when a label has a comma ("matrix
                     CSV, whole map;API matrix CSV, whole map"); a "304" row needs its 200 row
                     in the same run for an ETag

For each endpoint: one request with the header X-Bench-Queries (pmroles.benchtools counts its
SQL queries; gives size, status and ETag), then wrk on the bare view and wrk on the endpoint,
one after the other, so that each ratio compares runs a few seconds apart. Worker memory is
read from /proc after each endpoint. Figures are printed, never asserted.

A whole-map download of a big map is prepared in the background (roles/prepared.py): its
single request answers 202 at once; the benchmark then asks again every 0.1 s until the
file is served, reports that wait as "prepared in" (the note), and loads the kept file. Each
run keeps its files in a folder of its own, so every file is written in the run.

Anonymous reads are cached per data version (pmroles.conditional): the single request
("first" in the table) is the one that computes an answer, unless an earlier row asked for
the same address; under wrk each worker computes it at most once and then serves it from its
cache, so req/s and percentiles measure the cached path. Rows marked 304 send the ETag an
earlier row received.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench_common import (
    BARE,
    BASE,
    PYTHON,
    SCALE,
    TIMEOUT,
    WORKERS,
    WRK_SCRIPT,
    bench_env,
    ms,
    prepare,
    run,
    sql,
    start_gunicorn,
    stop_gunicorn,
    workers,
    wrk_summary,
)

DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "2"))
SLOW = float(os.environ.get("BENCH_SLOW", "5"))
# Labels with a comma in them ("matrix CSV, whole map") are given separated by semicolons.
_ONLY = os.environ.get("BENCH_ONLY", "")
ONLY = {label.strip() for label in _ONLY.split(";" if ";" in _ONLY else ",") if label.strip()}

R1, R2, R3, R4 = "gen-role-001", "gen-role-002", "gen-role-003", "gen-role-004"
ENDPOINTS = [
    ("home", "/", {}),
    ("role page", f"/roles/{R1}/", {}),
    ("compare, 2 roles", f"/compare/?roles={R1},{R2}", {}),
    ("compare, 4 roles", f"/compare/?roles={R1},{R2},{R3},{R4}", {}),
    ("search", "/search/?q=product", {}),
    ("matrix", "/matrix/", {}),
    ("role page, 304", f"/roles/{R1}/", {"If-None-Match": "<etag>"}),
    ("API role detail", f"/api/v1/roles/{R1}/", {}),
    ("API role detail, 304", f"/api/v1/roles/{R1}/", {"If-None-Match": "<etag>"}),
    ("compare, 2 roles, 304", f"/compare/?roles={R1},{R2}", {"If-None-Match": "<etag>"}),
    ("API roles, 100/page", "/api/v1/roles/?page_size=100", {}),
    ("finder", "/finder/", {}),
    ("API assignments", "/api/v1/assignments/", {}),
    ("API matrix, one page", "/api/v1/matrix/", {}),
    ("API matrix, page 2, roles 13-24", "/api/v1/matrix/?page=2&cols=2", {}),
    ("matrix CSV, whole map", "/matrix/?format=csv", {}),
    ("API matrix CSV, whole map", "/api/v1/matrix/?format=csv", {}),
    # The plain grid: role letters only (roles/letters.py), issue 19's per-cell target.
    ("matrix CSV, plain grid", "/matrix/?format=csv&cells=letters", {}),
    ("API matrix CSV, plain grid", "/api/v1/matrix/?format=csv&cells=letters", {}),
    # The whole generated map: its health (four queries, the parts counted in SQL) and its XLSX
    # workbook (streamed from the database 500 rows at a time; peak memory is the figure).
    ("map health", "/maps/generated/health/", {}),
    ("API map health", "/api/v1/maps/generated/health/", {}),
    ("API map as XLSX", "/api/v1/maps/generated/export.xlsx", {}),
    ("API map as XLSX, plain grid", "/api/v1/maps/generated/export.xlsx?cells=letters", {}),
]


@dataclass
class Row:
    label: str
    path: str
    status: int | str = "-"
    size: int = 0
    queries: str = "-"
    single_s: float = 0.0
    rps: float | None = None
    bare_rps: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    errors: int = 0
    rss_mib: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    note: str = ""


# The main queries behind the slow pages, in the shape the ORM sends them: the planner's row
# estimate is printed next to the real count, so a missing statistic shows as a wide gap.
MAP_ID = "(select id from roles_rolemap where slug = 'generated')"
ROLE_IDS = "(select id from roles_role where slug in ('{}'))"
PLANNED = [
    (
        "one role's assignments (role page)",
        f"select * from responsibilities_assignment where role_map_id = {MAP_ID} "
        f"and role_id in {ROLE_IDS.format(R1)}",
    ),
    (
        "4 roles' assignments (compare, holder mask)",
        f"select responsibility_id, role_id, level from responsibilities_assignment "
        f"where role_map_id = {MAP_ID} and role_id in "
        + ROLE_IDS.format("','".join((R1, R2, R3, R4))),
    ),
    (
        "the map's Accountable parts (matrix gaps)",
        f"select responsibility_id from responsibilities_assignment "
        f"where role_map_id = {MAP_ID} and level = 'A'",
    ),
    (
        "responsibilities matching a word (search)",
        "select id from responsibilities_responsibility "
        "where search_vector @@ plainto_tsquery('english', 'product')",
    ),
    (
        "quotes matching a word (search)",
        "select id from responsibilities_quote "
        "where search_vector @@ plainto_tsquery('english', 'product')",
    ),
]


def planner_estimates(env) -> list[tuple[str, int, int]]:
    """(query, planner's estimate, real rows) from EXPLAIN (ANALYZE, FORMAT JSON)."""
    found = []
    for name, query in PLANNED:
        out = sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}", env)
        plan = json.loads(out)[0]["Plan"]
        found.append((name, int(plan["Plan Rows"]), int(plan["Actual Rows"])))
    return found


def memory(master: int) -> tuple[list[float], list[float]]:
    rss, peak = [], []
    for pid in workers(master):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss.append(int(fields["VmRSS"].split()[0]) / 1024)
        peak.append(int(fields["VmHWM"].split()[0]) / 1024)
    return rss, peak


def single(path: str, headers: dict) -> tuple[int | str, int, str, float, str]:
    """One request: status, body size, queries, seconds, ETag."""
    request = urllib.request.Request(BASE + path, headers={**headers, "X-Bench-Queries": "1"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read()
            status, reply = response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, reply = error.read(), error.code, error.headers
    except (TimeoutError, urllib.error.URLError) as error:
        if isinstance(error, urllib.error.URLError) and not isinstance(error.reason, TimeoutError):
            raise
        return "timeout", 0, "-", time.monotonic() - started, ""
    elapsed = time.monotonic() - started
    return status, len(body), reply.get("X-Bench-Queries", "?"), elapsed, reply.get("ETag", "")


def wrk(path: str, headers: dict, script: Path) -> dict:
    args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", f"--timeout={int(TIMEOUT)}s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args += ["-s", str(script), BASE + path]
    return wrk_summary(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def cpu_ticks(master: int) -> dict[int, int]:
    ticks = {}
    for pid in workers(master):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def wait_idle(master: int) -> None:
    """Wait until no worker is still busy (a request its client gave up on keeps running
    until it ends or gunicorn kills the worker), so the next figures are not shared."""
    deadline = time.monotonic() + TIMEOUT + 15
    while time.monotonic() < deadline:
        before = cpu_ticks(master)
        time.sleep(0.5)
        after = cpu_ticks(master)
        if len(after) == WORKERS and all(after[p] - before.get(p, 0) <= 2 for p in after):
            return


def measure(master: int, script: Path) -> list[Row]:
    rows, etags = [], {}
    wrk(BARE, {}, script)  # warm-up: connections, first requests of each worker
    for label, path, headers in ENDPOINTS:
        if ONLY and label not in ONLY:
            continue
        # "<etag>": the ETag the same address answered with earlier in this run.
        headers = {k: (etags.get(path, "") if v == "<etag>" else v) for k, v in headers.items()}
        row = Row(label, path)
        row.status, row.size, row.queries, row.single_s, tag = single(path, headers)
        if row.status == 202:  # a big map's download, being prepared
            accepted_s, waited = row.single_s, time.monotonic()
            while row.status == 202 and time.monotonic() - waited < TIMEOUT * 10:
                time.sleep(0.1)
                row.status, row.size, row.queries, row.single_s, tag = single(path, headers)
            row.note = (
                f"202 in {ms(accepted_s * 1000)}, prepared in "
                f"{time.monotonic() - waited - row.single_s:.2f} s; "
            )
        if tag and "If-None-Match" not in headers:
            etags[path] = tag
        if row.status == "timeout":
            row.note += f"no answer within {TIMEOUT:.0f} s (single request); not loaded"
            wait_idle(master)
        elif row.single_s > SLOW:
            row.note += f"single request {row.single_s:.1f} s; not loaded (> {SLOW:g} s)"
            wait_idle(master)
        else:
            bare = wrk(BARE, {}, script)
            load = wrk(path, headers, script)
            wait_idle(master)  # requests wrk gave up on at the end must not overlap the next
            row.bare_rps, row.rps = bare["rps"], load["rps"]
            row.p50_ms, row.p95_ms, row.p99_ms = load["p50"], load["p95"], load["p99"]
            row.errors = load["errors"]
            if load["errors"]:
                row.note += f"{load['errors']} errors or timeouts of {load['requests']}"
        row.rss_mib, row.peak_mib = memory(master)
        rows.append(row)
        print(f"  measured {label}", file=sys.stderr, flush=True)
    return rows


def size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n} B"


def table(rows: list[Row]) -> str:
    lines = [
        "| request | status | first | req/s | bare req/s | × bare | p50 | p95 | p99 | size "
        "| queries | worker RSS after (MiB) | worker peak (MiB) | note |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in rows:
        if not r.rps or not r.bare_rps:
            rate = bare = ratio = "-"
            p50 = ms(r.single_s * 1000) + " (1 req)"
            p95 = p99 = "-"
        else:
            rate, bare = f"{r.rps:.1f}", f"{r.bare_rps:.0f}"
            ratio = (
                f"1/{r.bare_rps / r.rps:.0f}"
                if r.rps < r.bare_rps / 2
                else f"{r.rps / r.bare_rps:.2f}"
            )
            p50, p95, p99 = ms(r.p50_ms), ms(r.p95_ms), ms(r.p99_ms)
        rss = " / ".join(f"{m:.0f}" for m in r.rss_mib)
        peak = " / ".join(f"{m:.0f}" for m in r.peak_mib)
        lines.append(
            f"| `{r.path}` ({r.label}) | {r.status} | {ms(r.single_s * 1000)} | {rate} | {bare} "
            f"| {ratio} | {p50} | {p95} "
            f"| {p99} | {size(r.size)} | {r.queries} | {rss} | {peak} | {r.note} |"
        )
    return "\n".join(lines)


def machine(env) -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    versions = run(
        PYTHON,
        "-c",
        "import django, gunicorn, psycopg2; "
        "print(django.get_version(), gunicorn.__version__, psycopg2.__version__.split()[0])",
        env=env,
        capture=True,
    ).stdout.split()
    postgres = sql("show server_version", env)
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    wrk_version = (wrk_version.split() or ["?", "?"])[1]
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem_kib / 1024 / 1024:.1f} GiB memory, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"Django {versions[0]}, gunicorn {versions[1]} ({WORKERS} sync workers), "
        f"psycopg2 {versions[2]}, PostgreSQL {postgres}, wrk {wrk_version}"
    )


def main() -> None:
    if "--mixed" in sys.argv:  # the former spelling of scripts/bench_mixed.py
        import bench_mixed

        bench_mixed.main()
        return
    env = bench_env()
    unknown = ONLY - {label for label, _path, _headers in ENDPOINTS}
    if unknown:
        raise SystemExit(f"BENCH_ONLY names no row: {', '.join(sorted(unknown))}")
    generation = prepare(env)
    # Prepared downloads of this run in a folder of its own (rows of an earlier run name
    # files that are not there, so they are written again).
    env["PMROLES_DOWNLOADS_DIR"] = tempfile.mkdtemp(prefix="pmroles-bench-downloads-")
    counts = sql(
        "select (select count(*) from roles_role), (select count(*) from responsibilities_area), "
        "(select count(*) from responsibilities_responsibility), "
        "(select count(*) from responsibilities_assignment a join roles_rolemap m "
        "on m.id = a.role_map_id where m.slug = 'generated'), "
        "(select count(*) from responsibilities_quote), "
        "(select count(*) from responsibilities_source)",
        env,
    ).split("|")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT)
    script = Path(handle.name)
    server = start_gunicorn(env)
    try:
        started = time.monotonic()
        rows = measure(server.pid, script)
        took = time.monotonic() - started
    finally:
        stop_gunicorn(server)
        script.unlink(missing_ok=True)
    print()
    print(f"Machine: {machine(env)}")
    print(
        f"Data: scale {SCALE:g} — {counts[0]} roles, {counts[1]} areas, {counts[2]} "
        f"responsibilities, {counts[3]} assignments in the map 'generated', {counts[4]} quotes, "
        f"{counts[5]} sources (reference data included); generate_data: {generation}"
    )
    print(
        f"Load: wrk, 1 thread, {CONNECTIONS} connections, {DURATION} s on the bare view then "
        f"{DURATION} s on the endpoint; single requests over {SLOW:g} s are not loaded; "
        f"timeout {TIMEOUT:g} s; sizes uncompressed (wrk asks for no gzip); whole run {took:.0f} s"
    )
    print()
    print(table(rows))
    print()
    print("| main query | planner's estimate (rows) | real rows |")
    print("|---|--:|--:|")
    for name, estimate, actual in planner_estimates(env):
        print(f"| {name} | {estimate} | {actual} |")


if __name__ == "__main__":
    main()
