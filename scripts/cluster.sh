#!/usr/bin/env bash
# Two pmroles app servers behind HAProxy on loopback, sharing PostgreSQL and Redis; a short
# mixed load through the balancer; one app server stopped midway; counts of what happened.
#
# Usage: scripts/cluster.sh   (or make cluster)
# Environment (optional):
#   CLUSTER_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/perf_cluster (created)
#   CLUSTER_REDIS_URL     default redis://127.0.0.1:6379/3
#   CLUSTER_SECONDS       length of the load (default 20); app1 is stopped at 40% of it
#   CLUSTER_CLIENTS       concurrent clients (default 4)
# Ports: HAProxy 8130, app servers 8131 and 8132 (127.0.0.1 only). Everything it starts is
# stopped when it ends, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/perf_cluster}
export REDIS_URL=${CLUSTER_REDIS_URL:-redis://127.0.0.1:6379/3}
# A key prefix of its own: this run's cache entries and throttle counters start empty.
export CACHE_KEY_PREFIX="cluster-$$-$RANDOM"
export DJANGO_SETTINGS_MODULE=pmroles.settings.prod
SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
# HAProxy adds X-Forwarded-For; the API's throttles count the address it gives. The rate is
# raised for the load, which comes from one address; both servers count in the same Redis.
export NUM_PROXIES=1 API_THROTTLE_ANON=100000/hour
# Plain HTTP on loopback behind HAProxy: no HTTPS redirect or HSTS (production defaults).
export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
SECONDS_OF_LOAD=${CLUSTER_SECONDS:-20}
CLIENTS=${CLUSTER_CLIENTS:-4}
RUN=$(mktemp -d /tmp/pmroles-cluster.XXXXXX)
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v haproxy >/dev/null || { echo "haproxy is missing: apt-get install -y haproxy" >&2; exit 2; }
if ! psql "$DATABASE_URL" -Atc 'select 1' >/dev/null 2>&1; then
    db=${DATABASE_URL##*/}
    echo "Creating database $db"
    createdb -h 127.0.0.1 -U postgres "$db"
fi
"$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py loaddata reference -v0
"$BIN/python" manage.py collectstatic --noinput -v0

for n in 1 2; do
    GUNICORN_BIND=127.0.0.1:813$n WEB_CONCURRENCY=2 GUNICORN_LOGLEVEL=warning \
        GUNICORN_ACCESSLOG="$RUN/app$n.log" \
        "$BIN/gunicorn" -c gunicorn.conf.py pmroles.wsgi &
    PIDS+=($!)
    echo "app$n: gunicorn on 127.0.0.1:813$n (pid $!)"
done
APP1=${PIDS[0]}
for _ in $(seq 60); do
    if curl -fs -o /dev/null http://127.0.0.1:8131/ && curl -fs -o /dev/null http://127.0.0.1:8132/; then
        break
    fi
    sleep 0.5
done
haproxy -db -f deploy/haproxy.cfg &
PIDS+=($!)
echo "HAProxy on 127.0.0.1:8130 (pid $!), health checks every second"
sleep 2.5  # two health checks (rise 2) for each server

status=0
APP1_PID=$APP1 SECONDS_OF_LOAD=$SECONDS_OF_LOAD CLIENTS=$CLIENTS "$BIN/python" - <<'EOF' || status=$?
"""The mixed load: CLIENTS threads, each request on a new connection, for SECONDS_OF_LOAD."""

import collections
import os
import signal
import threading
import time
import urllib.error
import urllib.request

BASE = "http://127.0.0.1:8130"
PATHS = [
    "/",
    "/roles/product-owner/",
    "/compare/?roles=product-manager,product-owner",
    "/matrix/",
    "/search/?q=backlog",
    "/sources/",
    "/api/v1/roles/",
    "/api/v1/roles/product-manager/",
    "/api/v1/compare/?roles=product-manager,product-owner",
    "/api/v1/assignments/?page_size=20",
]
duration = float(os.environ["SECONDS_OF_LOAD"])
stop_at = duration * 0.4
results = []  # (started, path, outcome, served_by)
lock = threading.Lock()
start = time.monotonic()


def client(number):
    i = number
    while time.monotonic() - start < duration:
        path = PATHS[i % len(PATHS)]
        i += 1
        began = time.monotonic() - start
        try:
            with urllib.request.urlopen(BASE + path, timeout=30) as response:
                response.read()
                outcome, server = response.status, response.headers.get("X-Served-By", "?")
        except urllib.error.HTTPError as error:
            outcome, server = error.code, error.headers.get("X-Served-By", "?")
        except Exception as error:  # noqa: BLE001 - every failure is counted, by kind
            outcome, server = type(error).__name__, "-"
        with lock:
            results.append((began, path, outcome, server))


threads = [threading.Thread(target=client, args=(n,)) for n in range(int(os.environ["CLIENTS"]))]
for thread in threads:
    thread.start()
time.sleep(stop_at)
stopped = time.monotonic() - start
os.kill(int(os.environ["APP1_PID"]), signal.SIGTERM)
print(f"{stopped:.1f} s: app1 sent SIGTERM (graceful stop) while the load runs")
for thread in threads:
    thread.join()

ok = [r for r in results if isinstance(r[2], int) and r[2] < 400]
failed = [r for r in results if r not in ok]
before = [r for r in results if r[0] < stopped]
after = [r for r in results if r[0] >= stopped]


def by_server(rows):
    return dict(sorted(collections.Counter(r[3] for r in rows).items()))


print(f"{len(results)} requests in {duration:.0f} s from {len(threads)} clients, "
      f"{len(PATHS)} different pages and API endpoints")
print(f"  before the stop: {len(before)}, answered by {by_server(before)}")
print(f"  after the stop:  {len(after)}, answered by {by_server(after)}")
print(f"  statuses: {dict(sorted(collections.Counter(str(r[2]) for r in results).items()))}")
print(f"  failed: {len(failed)}")
for began, path, outcome, server in failed[:10]:
    print(f"    {began:6.2f} s {path} -> {outcome} ({server})")
raise SystemExit(1 if failed else 0)
EOF

# Both servers counted the API requests in the same Redis: one throttle counter for the
# client address, as large as the number of API requests that reached either server.
"$BIN/python" - <<'EOF'
import django

django.setup()
from django.core.cache import cache, caches

from api.throttles import counted

count = counted(caches["throttle"], "throttle_anon_127.0.0.1")
print(f"Redis ({cache._cache._servers[0]}): one anonymous-throttle counter for 127.0.0.1, "
      f"shared by both app servers, counts {count} API requests")
EOF
api_logged=$(cat "$RUN"/app*.log 2>/dev/null | grep -c '"GET /api/v1/' || true)
echo "API requests in the two access logs: $api_logged (the counter is advanced atomically:"
echo "the two figures are equal)"
exit $status
