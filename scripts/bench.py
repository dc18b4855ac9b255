"""A benchmark that serves: gunicorn, production settings, PostgreSQL, generated data, wrk.

Usage: make bench         (or .venv/bin/python scripts/bench.py)
       make bench-mixed   (or .venv/bin/python scripts/bench.py --mixed): a crowd, below

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
  BENCH_REDIS_URL    the cache's Redis (default: none for the table, redis://127.0.0.1:6379/9
                     for the crowd; "none": each worker's local memory)
  BENCH_ONLY         only the rows with these labels, comma-separated (e.g. "map health,API
                     map as XLSX"); a "304" row needs its 200 row in the same run for an ETag

Mixed load (--mixed): at least 500 distinct addresses (pmroles.benchtools.mixed_urls: role
pairs and quadruples, role pages, matrix pages, searches from a word list, a few API reads)
picked at random by BENCH_MIXED_CONNECTIONS (8) connections for BENCH_MIXED_DURATION (60) s,
while one API write (an assignment's note, with If-Match) goes to the map being read every
BENCH_WRITE_EVERY (1.5) s; once anonymous, once signed in (an Authorization header: no stored
answers), each next to the bare view at the same concurrency, each from an empty cache. The
crowd's cache is Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/9, flushed before
each run; "none": each worker's local memory), as in a production with several workers.

For each endpoint: one request with the header X-Bench-Queries (pmroles.benchtools counts its
SQL queries; gives size, status and ETag), then wrk on the bare view and wrk on the endpoint,
one after the other, so that each ratio compares runs a few seconds apart. Worker memory is
read from /proc after each endpoint. Figures are printed, never asserted.

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
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pmroles.benchtools import (  # noqa: E402
    API_MATRIX_PAGE_ROWS,
    MATRIX_PAGE_ROWS,
    MIXED_KINDS,
    MIXED_WORDS,
    mixed_urls,
    page_count,
)

PYTHON = sys.executable
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/perf_bench")
PORT = int(os.environ.get("BENCH_PORT", "8133"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "2"))
SLOW = float(os.environ.get("BENCH_SLOW", "5"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "30"))
MIXED_DURATION = int(os.environ.get("BENCH_MIXED_DURATION", "60"))
MIXED_CONNECTIONS = int(os.environ.get("BENCH_MIXED_CONNECTIONS", "8"))
WRITE_EVERY = float(os.environ.get("BENCH_WRITE_EVERY", "1.5"))
MIXED_REDIS = "redis://127.0.0.1:6379/9"
ONLY = {label.strip() for label in os.environ.get("BENCH_ONLY", "").split(",") if label.strip()}
BASE = f"http://127.0.0.1:{PORT}"
BARE = "/bench/bare/"

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
    # The whole generated map: its health (four queries, the parts counted in SQL) and its XLSX
    # workbook (streamed from the database 500 rows at a time; peak memory is the figure).
    ("map health", "/maps/generated/health/", {}),
    ("API map health", "/api/v1/maps/generated/health/", {}),
    ("API map as XLSX", "/api/v1/maps/generated/export.xlsx", {}),
]

# wrk reports percentiles through its Lua hooks; --latency only prints 50/75/90/99.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write, e.status, e.timeout))
end
"""


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


def run(*args, env=None, check=True, capture=False):
    return subprocess.run(args, cwd=ROOT, env=env, check=check, text=True, capture_output=capture)


def ensure_database(env) -> None:
    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    probe = run("psql", DATABASE_URL, "-Atc", "select 1", env=env, check=False, capture=True)
    if probe.returncode != 0:
        print(f"Creating database {name} …", flush=True)
        run(
            "createdb",
            "-h",
            url.hostname or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            name,
            env=env,
        )


def sql(query: str, env) -> str:
    return run("psql", DATABASE_URL, "-Atc", query, env=env, capture=True).stdout.strip()


def prepare(env) -> str:
    ensure_database(env)
    manage = [PYTHON, "manage.py"]
    run(*manage, "migrate", "--noinput", "-v0", env=env)
    run(*manage, "loaddata", "reference", "-v0", env=env)
    wanted = f"Written by generate_data --scale {SCALE} --seed 0."
    have = sql("select description from roles_rolemap where slug = 'generated'", env)
    if have == wanted:
        generation = "already there (same scale and seed): reused"
    else:
        started = time.monotonic()
        out = run(
            *manage, "generate_data", "--scale", str(SCALE), "--replace", env=env, capture=True
        )
        generation = f"{time.monotonic() - started:.1f} s ({out.stdout.strip()})"
    print(f"generate_data: {generation}", flush=True)
    # Reused data may never have been analysed (or was, before other writes): the planner's
    # statistics are refreshed on every run, so a plan is never made for an empty table.
    sql("ANALYZE", env)
    run(*manage, "collectstatic", "--noinput", "-v0", env=env)
    return generation


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


def start_gunicorn(env) -> subprocess.Popen:
    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": str(WORKERS),
        # No worker recycling: the memory figures show what requests leave behind.
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_LOGLEVEL": "warning",
        "GUNICORN_TIMEOUT": str(int(TIMEOUT) + 5),
    }
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "pmroles.wsgi"], cwd=ROOT, env=server_env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(BASE + BARE, timeout=2) as response:
                if response.status == 200 and len(workers(server.pid)) == WORKERS:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not up yet (a loaded machine: a worker may take seconds to answer)
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering; see its messages above.")
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s.")


def workers(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


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
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (.*)$", out, re.M)
    requests, duration, p50, p95, p99, most, socket, status, timeouts = map(
        int, match.group(1).split()
    )
    return {
        "rps": requests / (duration / 1e6),
        "requests": requests,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "max": most / 1000,
        "errors": socket + status + timeouts,
    }


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
        if tag and "If-None-Match" not in headers:
            etags[path] = tag
        if row.status == "timeout":
            row.note = f"no answer within {TIMEOUT:.0f} s (single request); not loaded"
            wait_idle(master)
        elif row.single_s > SLOW:
            row.note = f"single request {row.single_s:.1f} s; not loaded (> {SLOW:g} s)"
            wait_idle(master)
        else:
            bare = wrk(BARE, {}, script)
            load = wrk(path, headers, script)
            wait_idle(master)  # requests wrk gave up on at the end must not overlap the next
            row.bare_rps, row.rps = bare["rps"], load["rps"]
            row.p50_ms, row.p95_ms, row.p99_ms = load["p50"], load["p95"], load["p99"]
            row.errors = load["errors"]
            if load["errors"]:
                row.note = f"{load['errors']} errors or timeouts of {load['requests']}"
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


def ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def ratio(rps: float, bare: float) -> str:
    return f"1/{bare / rps:.0f}" if rps and rps < bare / 2 else f"{rps / bare:.2f}"


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


MIXED_SCRIPT = (
    """
local paths = {PATHS}
math.randomseed(SEED)
request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
"""
    + WRK_SCRIPT
)

EDITOR_SETUP = """
from django.contrib.auth.models import Permission, User
editor, _ = User.objects.get_or_create(username="bench-editor")
editor.user_permissions.set(
    Permission.objects.filter(content_type__app_label__in=["roles", "responsibilities"])
)
User.objects.get_or_create(username="bench-reader")
"""


def token(username: str, env) -> str:
    manage = [PYTHON, "manage.py"]
    # --rotate: a token is stored hashed, so a second run needs a new one.
    return run(*manage, "issue_token", username, "--rotate", env=env, capture=True).stdout.strip()


class Writer(threading.Thread):
    """One API write every WRITE_EVERY seconds to the map being read: an assignment's note,
    read first for its ETag (If-Match), so each write is a real, accepted edit."""

    def __init__(self, key: str, ids: list[str]):
        super().__init__(daemon=True)
        self.key, self.ids, self.stop = key, ids, threading.Event()
        self.done, self.failed = 0, 0

    def run(self) -> None:
        n = 0
        while not self.stop.wait(WRITE_EVERY):
            n += 1
            url = f"{BASE}/api/v1/assignments/{self.ids[n % len(self.ids)]}/?map=generated"
            auth = {"Authorization": f"Token {self.key}"}
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(url, headers=auth), timeout=TIMEOUT
                ) as response:
                    etag = response.headers["ETag"]
                request = urllib.request.Request(
                    url,
                    method="PATCH",
                    headers={**auth, "If-Match": etag, "Content-Type": "application/json"},
                    data=json.dumps({"note": f"Bench write {n}."}).encode(),
                )
                with urllib.request.urlopen(request, timeout=TIMEOUT):
                    self.done += 1
            except (urllib.error.URLError, TimeoutError, KeyError):
                self.failed += 1


def mixed(master: int, env) -> None:
    """The crowd: many distinct addresses, 8 connections, a write every 1.5 s."""
    roles = sql("select slug from roles_role where slug like 'gen-role-%' order by slug", env)
    # The matrix of the generated map: the shared responsibilities and the map's own.
    responsibilities = int(
        sql(
            "select count(*) from responsibilities_responsibility r left join roles_rolemap m "
            "on m.id = r.map_id where r.map_id is null or m.slug = 'generated'",
            env,
        )
    )
    urls = mixed_urls(
        roles.split(),
        list(MIXED_WORDS),
        page_count(responsibilities, MATRIX_PAGE_ROWS),
        api_matrix_pages=page_count(responsibilities, API_MATRIX_PAGE_ROWS),
    )
    kinds = {kind: sum(1 for k, _ in urls if k == kind) for kind in MIXED_KINDS}
    paths = ", ".join(json.dumps(url) for _, url in urls)
    ids = sql(
        "select a.id from responsibilities_assignment a join roles_rolemap m "
        "on m.id = a.role_map_id where m.slug = 'generated' order by a.id limit 200",
        env,
    ).split()
    run(PYTHON, "manage.py", "shell", "-c", EDITOR_SETUP, env=env)
    editor, reader = token("bench-editor", env), token("bench-reader", env)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(MIXED_SCRIPT.replace("PATHS", paths, 1).replace("SEED", "0", 1))
    script = Path(handle.name)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT)
    bare_script = Path(handle.name)
    print(f"Mixed load: {len(urls)} distinct addresses ({kinds})", flush=True)
    results = []
    try:
        for who, headers in (
            ("anonymous", {}),
            ("signed in", {"Authorization": f"Token {reader}"}),
        ):
            forget_stored_answers(env)
            bare = crowd(BARE, headers, bare_script, min(MIXED_DURATION, 10))
            writer = Writer(editor, ids)
            writer.start()
            load = crowd("/", headers, script, MIXED_DURATION)
            writer.stop.set()
            writer.join()
            results.append((who, load, bare, writer))
    finally:
        script.unlink(missing_ok=True)
        bare_script.unlink(missing_ok=True)
    print()
    print(
        "| readers | req/s | bare req/s | × bare | p50 | p95 | p99 | errors | writes "
        "(ok / failed) |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for who, load, bare, writer in results:
        print(
            f"| {who} | {load['rps']:.1f} | {bare['rps']:.0f} | {ratio(load['rps'], bare['rps'])} "
            f"| {ms(load['p50'])} | {ms(load['p95'])} | {ms(load['p99'])} | {load['errors']} "
            f"| {writer.done} / {writer.failed} |"
        )


def forget_stored_answers(env) -> None:
    """Each crowd starts with no stored answer (in Redis; a local-memory cache keeps the
    anonymous run's answers for the signed-in one)."""
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def crowd(path: str, headers: dict, script: Path, seconds: int) -> dict:
    """wrk with the crowd's concurrency (the endpoint table uses BENCH_CONNECTIONS)."""
    args = ["wrk", "-t2", f"-c{MIXED_CONNECTIONS}", f"-d{seconds}s", f"--timeout={int(TIMEOUT)}s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args += ["-s", str(script), BASE + path]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (.*)$", out, re.M)
    requests, duration, p50, p95, p99, most, socket, status, timeouts = map(
        int, match.group(1).split()
    )
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": socket + status + timeouts,
    }


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmroles.settings.bench",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway, for this run only
    }
    # Local-memory cache unless BENCH_REDIS_URL names a Redis database for the run. The crowd
    # uses Redis by default, as a production with more than one worker does: with a cache
    # per worker each worker builds every address once more ("none" compares without it).
    env.pop("REDIS_URL", None)
    redis_url = os.environ.get("BENCH_REDIS_URL", MIXED_REDIS if "--mixed" in sys.argv else "")
    if redis_url and redis_url != "none":
        env["REDIS_URL"] = redis_url
    unknown = ONLY - {label for label, _path, _headers in ENDPOINTS}
    if unknown:
        raise SystemExit(f"BENCH_ONLY names no row: {', '.join(sorted(unknown))}")
    generation = prepare(env)
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
        if "--mixed" in sys.argv:
            mixed(server.pid, env)
            return
        rows = measure(server.pid, script)
        took = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
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
