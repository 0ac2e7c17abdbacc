"""Load: 50 concurrent signed-in users on two gunicorn workers (budget: p95 < 150 ms, no errors).

    .venv/bin/python benchmarks/bench_load.py [--users 50] [--requests 20]

Uses the page benchmark's database (run bench_pages.py first to fill it: 100,000 cases,
10,000 open detainers). Starts `gunicorn trustportal.wsgi --workers 2` on a free port,
gives each simulated user a signed-in session (second factor verified), and has every user
request a mix of the pages desk officers and supervisors use most, pausing a random
0.5–1.5 × --think seconds between clicks (--think 0: as fast as it can).
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from _django import BENCH_DB, ROOT, setup

PAGES = [
    "/",
    "/cases/",
    "/cases/?q={surname}",
    "/cases/board/table/",
    "/cases/{case}/",
    "/cases/detainers/{detainer}/",
    "/cases/detainers/{detainer}/decision/",
    "/cases/reviews/",
    "/notifications/bell/",
]


def sessions(n):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from trustportal.accounts.models import Agency, User
    from trustportal.accounts.roles import Role

    agency = Agency.objects.get(ori="CT0077700")
    group = Group.objects.get(name=Role.SUPERVISOR)
    keys = []
    for i in range(n):
        user, _ = User.objects.get_or_create(username=f"load{i}", defaults={"agency": agency})
        user.groups.add(group)
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="load", defaults={"confirmed": True})
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["otp_device_id"] = device.persistent_id
        store.create()
        keys.append(store.session_key)
    return keys


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_user(base, key, urls, count, latencies, errors, think):
    for _ in range(count):
        time.sleep(random.uniform(0.5, 1.5) * think)
        url = base + random.choice(urls)
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={key}"})  # noqa: S310
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local server
                response.read()
                if response.status != 200 or "/accounts/login/" in response.url:
                    errors.append(response.url)
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            errors.append(repr(exc))
        latencies.append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's clicks")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread)")
    args = parser.parse_args()
    setup()
    from cases.models import Detainer

    detainer = (
        Detainer.objects.filter(case__agency__ori="CT0077700")
        .select_related("case__person")
        .order_by("id")
        .first()
    )
    if detainer is None:
        sys.exit("Run bench_pages.py first: it fills the benchmark database.")
    ids = {"case": detainer.case_id, "detainer": detainer.pk, "surname": detainer.case.person.last_name}
    urls = [p.format(**ids) for p in PAGES]
    keys = sessions(args.users)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": BENCH_DB, "TRUSTPORTAL_ENV": "test", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "trustportal.wsgi",
            "--workers",
            "2",
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        latencies, errors = [], []
        threads = [
            threading.Thread(
                target=run_user, args=(base, k, urls, args.requests, latencies, errors, args.think)
            )
            for k in keys
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"{args.users} users x {args.requests} requests on 2 gunicorn workers: {len(latencies)} requests "
        f"in {elapsed:.1f} s ({len(latencies) / elapsed:.0f}/s)"
    )
    print(
        f"median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms, errors {len(errors)}  (budget: p95 < 150 ms, no errors)"
    )
    if errors:
        print("first errors:", errors[:3])


if __name__ == "__main__":
    main()
