"""Requests per second and peak memory of the main API reads, in-process, on generated data.

Usage: .venv/bin/python scripts/benchmark.py [--scale 10] [--requests 50]

It builds a throwaway SQLite database (unless DATABASE_URL is set), fills it with the
test suite's generated data at the given scale, then drives Django's test client. It
prints figures only: speed targets are read from this output, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENDPOINTS = [
    ("roles list", "/api/v1/roles/?page_size=100"),
    ("role detail", "/api/v1/roles/product-owner/"),
    ("responsibilities list", "/api/v1/responsibilities/?page_size=100"),
    ("assignments list", "/api/v1/assignments/?page_size=100"),
    ("quotes list", "/api/v1/quotes/?page_size=100"),
    ("compare (JSON)", "/api/v1/compare/?roles=product-manager,product-owner,project-manager"),
    ("compare (CSV)", "/api/v1/compare/?roles=product-manager,product-owner&format=csv"),
    ("matrix (JSON)", "/api/v1/matrix/"),
    ("matrix (CSV)", "/api/v1/matrix/?format=csv"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="data multiplier (default 10)")
    parser.add_argument("--requests", type=int, default=50, help="requests per endpoint")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/benchmark.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmroles.settings.test")
    # whitenoise looks for collected static files that a benchmark never collects.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.api.api_support import build_dataset

    call_command("migrate", verbosity=0)
    build_dataset(args.scale)
    client = Client(SERVER_NAME="localhost")  # a host ALLOWED_HOSTS accepts
    print(f"scale {args.scale}, {args.requests} requests per endpoint")
    print(f"{'endpoint':<24}{'req/s':>10}{'ms/req':>10}{'peak MiB':>10}{'KiB':>9}")
    for name, url in ENDPOINTS:
        response = client.get(url)  # warm-up, and check it works
        if response.status_code != 200:
            print(f"{name:<24} failed: HTTP {response.status_code}")
            continue
        start = time.perf_counter()
        for _ in range(args.requests):
            client.get(url)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        client.get(url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{name:<24}{args.requests / elapsed:>10.1f}{elapsed / args.requests * 1000:>10.1f}"
            f"{peak / 2**20:>10.2f}{len(response.content) / 1024:>9.1f}"
        )
    tmp.cleanup()


if __name__ == "__main__":
    main()
