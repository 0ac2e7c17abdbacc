"""Real Celery worker and beat processes against the pytest-django test database.

The processes get the test database's name (a ``transactional_db`` test commits its rows, so
they see them), the same broker, beat every 2 seconds, and an e-mail backend that writes one
file per message into a temporary folder, so e-mails can be counted across processes.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
MAIL_DIR_VARIABLE = "TRUSTPORTAL_TEST_MAIL_DIR"
MAIL_DELAY_VARIABLE = "TRUSTPORTAL_TEST_MAIL_DELAY"


class OneFilePerMessageBackend(BaseEmailBackend):
    """Test-only e-mail backend: each message becomes one file, written then renamed (atomic),
    so a process killed mid-write never leaves half a message that would be counted."""

    def send_messages(self, email_messages):
        folder = Path(os.environ[MAIL_DIR_VARIABLE])
        for message in email_messages:
            name = uuid.uuid4().hex
            part = folder / f".{name}.part"
            part.write_text(f"{','.join(message.to)}\n{message.subject}\n")
            part.rename(folder / f"{name}.eml")
            time.sleep(float(os.environ.get(MAIL_DELAY_VARIABLE, "0")))  # widen "sent, not yet committed"
        return len(email_messages)


def sent_messages(folder: Path) -> list[tuple[str, str]]:
    """(to, subject) of every message the processes sent."""
    return [tuple(p.read_text().splitlines()[:2]) for p in folder.glob("*.eml")]


def wait_until(predicate, *, timeout: float, interval: float = 0.25, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class CeleryProcess:
    """One ``celery -A trustportal …`` process group, logging to a file in tmp_path."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        self.handle = subprocess.Popen(  # noqa: S603 - fixed command line
            [sys.executable, "-m", "celery", "-A", "trustportal", *args],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool children die with it
        )

    def kill(self):
        """SIGKILL the whole group, as a crash or an OOM kill would."""
        if self.handle.poll() is None:
            os.killpg(self.handle.pid, signal.SIGKILL)
        self.handle.wait(timeout=10)

    def stop(self):
        """Warm shutdown (SIGTERM), then SIGKILL if it has not stopped in 15 s."""
        if self.handle.poll() is not None:
            return
        os.killpg(self.handle.pid, signal.SIGTERM)
        try:
            self.handle.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def celery_env(transactional_db, tmp_path):
    """Environment for worker and beat processes that use this test's database."""
    if connection.vendor != "postgresql":  # only the local SQLite fallback; CI requires PostgreSQL
        pytest.skip("worker processes cannot share the in-memory SQLite test database")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "TRUSTPORTAL_ENV": "test",
        "DATABASE_URL": _database_url(),
        "CELERY_BEAT_SCHEDULE_SECONDS": "2",
        "EMAIL_BACKEND": f"{__name__}.OneFilePerMessageBackend",
        MAIL_DIR_VARIABLE: str(mail_dir),
        "CONN_MAX_AGE": "0",
        "TRUSTPORTAL_OUTBOX_LEASE_SECONDS": "5",  # a killed worker's e-mail comes back soon
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@pytest.fixture
def celery(celery_env, tmp_path, request):
    """Start workers and beat with ``celery.worker()`` / ``celery.beat()``; all stopped at the end."""
    started: list[CeleryProcess] = []

    class Launcher:
        env = celery_env
        mail_dir = Path(celery_env[MAIL_DIR_VARIABLE])

        def worker(self, *extra: str, queues: str = "reminders,email,imports") -> CeleryProcess:
            name = f"test-{uuid.uuid4().hex[:8]}@%h"
            args = ["worker", "-n", name, "-Q", queues, "--loglevel=INFO", "--without-gossip",
                    "--without-mingle", "--without-heartbeat", "--concurrency=1", "--pool=prefork",
                    *extra]  # fmt: skip
            return self._start(args, f"worker-{len(started)}.log")

        def beat(self) -> CeleryProcess:
            args = ["beat", "--loglevel=INFO", "-S", "celery.beat:PersistentScheduler",
                    f"--pidfile={tmp_path / 'beat.pid'}", "-s", str(tmp_path / "beat-schedule")]  # fmt: skip
            return self._start(args, "beat.log")

        def _start(self, args, log_name) -> CeleryProcess:
            process = CeleryProcess(args, celery_env, tmp_path / log_name)
            started.append(process)
            return process

    yield Launcher()
    for process in reversed(started):
        process.stop()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        for process in started:
            print(f"--- {process.log.name}\n{process.tail()}")  # noqa: T201


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
