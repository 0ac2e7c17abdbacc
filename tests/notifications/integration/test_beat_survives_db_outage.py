"""Celery beat keeps the clock running while the database is down.

Beat used to read its schedule from the database (django-celery-beat's DatabaseScheduler) and
died for good on the first read that met an outage. The schedule is now static, in code, and
beat's state is a local file: a real beat process whose database cannot be reached at all (a
closed port, as during an outage) still queues the sweep and the outbox on every tick.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.notifications.integration.conftest import ROOT, wait_until

pytestmark = pytest.mark.integration


def _closed_port() -> int:
    """A local port nothing listens on: connections are refused, as while PostgreSQL is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _queued(broker: Path, queue: str) -> int:
    """Messages beat has published to ``queue`` (kombu's filesystem transport: one file each)."""
    return sum(1 for p in (broker / "out").glob(f"*.{queue}.msg"))


@pytest.fixture
def beat_without_database(tmp_path):
    broker = tmp_path / "broker"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "TRUSTPORTAL_ENV": "test",
        "DATABASE_URL": f"postgres://trustportal_app@127.0.0.1:{_closed_port()}/trustportal",
        "TRUSTPORTAL_BROKER_DIR": str(broker),
        "CELERY_BEAT_SCHEDULE_SECONDS": "1",
        "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat-schedule"),
    }
    log = tmp_path / "beat.log"
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [sys.executable, "-m", "celery", "-A", "trustportal", "beat", "--loglevel=INFO",
         f"--pidfile={tmp_path / 'beat.pid'}"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    yield process, broker, log
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=15)


def test_beat_keeps_scheduling_while_the_database_is_unreachable(beat_without_database):
    process, broker, log = beat_without_database
    wait_until(lambda: _queued(broker, "reminders") >= 2, timeout=25, what="beat to queue the sweep twice")
    ticks = _queued(broker, "reminders")
    time.sleep(2.5)  # the database is still down: the clock must go on

    assert process.poll() is None, "beat is still running:\n" + log.read_text(errors="replace")
    assert _queued(broker, "reminders") >= ticks + 2, "the sweep was queued again every second"
    assert _queued(broker, "email") >= 2, "the outbox has its own queue and is queued too"
    assert "OperationalError" not in log.read_text(errors="replace")
