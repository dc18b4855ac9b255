"""Gunicorn's configuration for pmroles: `gunicorn -c gunicorn.conf.py pmroles.wsgi`.

Every value can be changed from the environment (GUNICORN_*), so `make serve`, the benchmark
and the two-server cluster use this one file.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: two per core plus one is gunicorn's rule of thumb for I/O-bound apps; this one
# is CPU-bound (templates, serializers), so one per core plus one, at least two.
workers = _int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Restart a worker after this many requests (with jitter so they do not all restart at once):
# memory a large response leaves behind is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# A request running this long kills its worker (the master starts another one).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Request lines: gunicorn's own limit (at most 8190 bytes) answers a longer one with a bare
# HTML 414 without the security headers, under /api/ too. 0 lifts it, so Django answers
# with a 414 (JSON under /api/) above PMROLES_MAX_REQUEST_LINE (pmroles.errors). gunicorn
# then reads a line of any length within `timeout`; the proxy in front bounds it (HAProxy
# refuses a request larger than its buffer, 16 KB by default: deploy/haproxy.cfg).
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 0)
# Load the app before forking: workers share its memory and a broken app fails at start.
preload_app = True

# Access log with the request time in microseconds (%(D)s); GUNICORN_ACCESSLOG= (empty)
# turns it off, e.g. for a benchmark.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Behind a proxy on the same machine: trust its X-Forwarded-* headers only from loopback.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn's control socket (gunicornc) defaults to one path per user, which two servers on one
# machine (scripts/cluster.sh) would share: off unless GUNICORN_CONTROL_SOCKET names a path.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
