"""The mixed benchmark: a crowd of readers while an editor writes (gunicorn, production
settings, PostgreSQL, generated data, wrk).

Usage: make bench-mixed   (or .venv/bin/python scripts/bench_mixed.py)

At least 500 distinct addresses (pmroles.benchtools.mixed_urls: role pairs and quadruples,
role pages, matrix pages, searches from a word list, a few API reads) picked at random by
BENCH_MIXED_CONNECTIONS (8) connections for BENCH_MIXED_DURATION (60) s, while one API write
(an assignment's note, with If-Match) goes to the map being read every BENCH_WRITE_EVERY
(1.5) s; once anonymous, once with a Reader's API token (what a program sends: pages sign in
by session only, so its pages are the anonymous ones, and the API reads are signed in), and
once with a Reader's session cookie (a browser's signed-in reader: pages and API alike);
each next to the bare view at the same concurrency, each from an empty cache
(BENCH_MIXED_CROWDS picks them: anonymous,token,session). BENCH_MIXED_ROUNDS (1) runs the
crowds that many times in turn, each round starting one crowd later: crowds vary from
minute to minute on a shared machine, so each signed-in crowd is also given as a share of
the anonymous one of its round, and with more than one round the medians over the rounds
are printed.

The crowd's cache is Redis, as in a production with more than one worker (with a cache per
worker, each worker builds every address once more): BENCH_REDIS_URL, default
redis://127.0.0.1:6379/9, flushed before each run; "none" for each worker's local memory.

The database, scale, port, workers and timeout come from the same environment variables as
scripts/bench.py (BENCH_DATABASE_URL, BENCH_SCALE, ...; see scripts/bench_common.py).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import redis
from bench_common import (
    BARE,
    BASE,
    PYTHON,
    TIMEOUT,
    WRK_SCRIPT,
    bench_env,
    ms,
    prepare,
    ratio,
    run,
    sql,
    start_gunicorn,
    stop_gunicorn,
    wrk_summary,
)

from pmroles.benchtools import (
    API_MATRIX_PAGE_ROWS,
    MATRIX_PAGE_ROWS,
    MIXED_KINDS,
    MIXED_WORDS,
    mixed_urls,
    page_count,
)

MIXED_DURATION = int(os.environ.get("BENCH_MIXED_DURATION", "60"))
MIXED_CONNECTIONS = int(os.environ.get("BENCH_MIXED_CONNECTIONS", "8"))
WRITE_EVERY = float(os.environ.get("BENCH_WRITE_EVERY", "1.5"))
MIXED_REDIS = "redis://127.0.0.1:6379/9"
# Which crowds run, in order (BENCH_MIXED_CROWDS=anonymous,session for a shorter run).
MIXED_CROWDS = os.environ.get("BENCH_MIXED_CROWDS", "anonymous,token,session").split(",")
MIXED_ROUNDS = int(os.environ.get("BENCH_MIXED_ROUNDS", "1"))


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

# A browser's signed-in reader: a session in the production session store for bench-reader
# (a Reader), as a login would leave it; printed as the Cookie header's value.
SESSION_SETUP = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
reader = User.objects.get(username="bench-reader")
reader.groups.add(*Group.objects.filter(name="Readers"))
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(reader.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = reader.get_session_auth_hash()
store.create()
print(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
"""


def session_cookie(env) -> str:
    return (
        run(PYTHON, "manage.py", "shell", "-c", SESSION_SETUP, env=env, capture=True)
        .stdout.strip()
        .splitlines()[-1]
    )


def token(username: str, env) -> str:
    """A new token each run: tokens are stored hashed, so an earlier run's cannot be read
    back, and issue_token without --rotate refuses a user who has one."""
    manage = [PYTHON, "manage.py"]
    return run(*manage, "issue_token", "--rotate", username, env=env, capture=True).stdout.strip()


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
    cookie = session_cookie(env)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(MIXED_SCRIPT.replace("PATHS", paths, 1).replace("SEED", "0", 1))
    script = Path(handle.name)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT)
    bare_script = Path(handle.name)
    print(f"Mixed load: {len(urls)} distinct addresses ({kinds})", flush=True)
    results = []
    try:
        crowds = {
            "anonymous": ("anonymous", {}),
            "token": ("signed in (API token)", {"Authorization": f"Token {reader}"}),
            "session": ("signed in (session)", {"Cookie": cookie}),
        }
        for round_ in range(1, MIXED_ROUNDS + 1):
            # Each round starts one crowd later, so no crowd always runs first or last.
            turn = (round_ - 1) % len(MIXED_CROWDS)
            for name in MIXED_CROWDS[turn:] + MIXED_CROWDS[:turn]:
                who, headers = crowds[name]
                forget_stored_answers(env)
                bare = crowd(BARE, headers, bare_script, min(MIXED_DURATION, 10))
                writer = Writer(editor, ids)
                writer.start()
                load = crowd("/", headers, script, MIXED_DURATION)
                writer.stop.set()
                writer.join()
                results.append((round_, name, who, load, bare, writer))
    finally:
        script.unlink(missing_ok=True)
        bare_script.unlink(missing_ok=True)
    print()
    print(
        "| round | readers | req/s | bare req/s | × bare | % of anonymous | p50 | p95 | p99 "
        "| errors | writes (ok / failed) |"
    )
    print("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    anonymous = {r: load["rps"] for r, name, _, load, _, _ in results if name == "anonymous"}
    shares: dict[str, list[float]] = {}
    for round_, name, who, load, bare, writer in results:
        share = ""
        if name != "anonymous" and anonymous.get(round_):
            shares.setdefault(who, []).append(load["rps"] / anonymous[round_])
            share = f"{100 * shares[who][-1]:.0f} %"
        print(
            f"| {round_} | {who} | {load['rps']:.1f} | {bare['rps']:.0f} "
            f"| {ratio(load['rps'], bare['rps'])} | {share} | {ms(load['p50'])} "
            f"| {ms(load['p95'])} | {ms(load['p99'])} | {load['errors']} "
            f"| {writer.done} / {writer.failed} |"
        )
    if MIXED_ROUNDS > 1:
        print()
        print("Medians over the rounds:")
        for name in MIXED_CROWDS:
            who = crowds[name][0]
            mine = [(load, bare) for _, n, _, load, bare, _ in results if n == name]
            rps = statistics.median(load["rps"] for load, _ in mine)
            bare_rps = statistics.median(bare["rps"] for _, bare in mine)
            p95 = statistics.median(load["p95"] for load, _ in mine)
            share = (
                f", {100 * statistics.median(shares[who]):.0f} % of anonymous"
                if who in shares
                else ""
            )
            print(
                f"- {who}: {rps:.1f} req/s ({ratio(rps, bare_rps)} of bare), p95 {ms(p95)}{share}"
            )


def forget_stored_answers(env) -> None:
    """Each crowd starts with no stored answer (a local-memory cache cannot be reached from
    here: the signed-in run then starts with the anonymous run's answers)."""
    if env.get("REDIS_URL"):
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def crowd(path: str, headers: dict, script: Path, seconds: int) -> dict:
    """wrk with the crowd's concurrency (the endpoint table uses BENCH_CONNECTIONS)."""
    args = ["wrk", "-t2", f"-c{MIXED_CONNECTIONS}", f"-d{seconds}s", f"--timeout={int(TIMEOUT)}s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args += ["-s", str(script), BASE + path]
    return wrk_summary(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    env = bench_env(redis_default=MIXED_REDIS)
    prepare(env)
    server = start_gunicorn(env)
    try:
        mixed(server.pid, env)
    finally:
        stop_gunicorn(server)


if __name__ == "__main__":
    main()
