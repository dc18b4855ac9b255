"""What both benchmarks share: settings from the environment, the PostgreSQL database and its
generated data, gunicorn with production settings, and wrk's summary line.

scripts/bench.py (the endpoint table) and scripts/bench_mixed.py (the crowd) import it; it
is no benchmark of its own.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/perf_bench")
PORT = int(os.environ.get("BENCH_PORT", "8133"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "30"))
BASE = f"http://127.0.0.1:{PORT}"
BARE = "/bench/bare/"

# wrk reports percentiles through its Lua hooks; --latency only prints 50/75/90/99.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write, e.status, e.timeout))
end
"""


def bench_env(redis_default: str = "") -> dict[str, str]:
    """The environment of every command and of gunicorn: bench settings, the bench database,
    a throwaway secret key; local-memory cache unless BENCH_REDIS_URL (or `redis_default`)
    names a Redis database ("none": local memory)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmroles.settings.bench",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway, for this run only
    }
    env.pop("REDIS_URL", None)
    redis_url = os.environ.get("BENCH_REDIS_URL", redis_default)
    if redis_url and redis_url != "none":
        env["REDIS_URL"] = redis_url
    return env


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


def stop_gunicorn(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def wrk_summary(out: str) -> dict:
    """wrk's BENCH line (WRK_SCRIPT): requests per second, percentiles in ms, errors."""
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


def ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def ratio(rps: float, bare: float) -> str:
    return f"1/{bare / rps:.0f}" if rps and rps < bare / 2 else f"{rps / bare:.2f}"
