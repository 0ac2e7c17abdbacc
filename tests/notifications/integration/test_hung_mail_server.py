"""A mail server that accepts connections and never answers does not hold up the in-app
reminders: with a worker per queue (sweep, e-mail), a reminder that falls due while the
e-mail worker waits on the server still reaches the bell within two sweeps, and no database
connection sits "idle in transaction" (holding row locks) while the server is waited on."""

import socket
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import ReminderFactory, UserFactory
from tests.notifications.integration.conftest import wait_until
from trustportal.notifications.models import Notification, OutboundEmail, OutboxStatus

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
SWEEP_SECONDS = 2  # CELERY_BEAT_SCHEDULE_SECONDS in the integration environment


class SilentSMTPServer:
    """Accepts every connection and never says a word (no greeting, no reply)."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(client)  # held open, never answered

    def close(self):
        self.sock.close()
        for client in self.accepted:
            client.close()


@pytest.fixture
def silent_smtp():
    server = SilentSMTPServer()
    yield server
    server.close()


def _idle_in_transaction() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_in_app_reminders_arrive_while_the_mail_server_hangs(celery, silent_smtp):
    celery.env.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(silent_smtp.port),
        EMAIL_TIMEOUT="120",  # longer than the test: the e-mail worker stays stuck throughout
    )
    officer = UserFactory(email="dana@example.test")
    first = ReminderFactory(recipient_user=officer, title="First", due_at=timezone.now())
    celery.worker(queues="reminders"), celery.worker(queues="email"), celery.beat()

    wait_until(
        lambda: Notification.objects.filter(reminder=first).exists(), timeout=60, what="the first sweep"
    )
    wait_until(lambda: silent_smtp.accepted, timeout=30, what="the e-mail worker to reach the silent server")
    time.sleep(SWEEP_SECONDS)  # the e-mail worker is now waiting on the server

    second = ReminderFactory(recipient_user=officer, title="Second", due_at=timezone.now())
    queued = time.monotonic()
    wait_until(
        lambda: Notification.objects.filter(reminder=second).exists(),
        timeout=2 * SWEEP_SECONDS + 4,  # two sweeps, and a little for the worker to pick one up
        interval=0.1,
        what="the second reminder's notification within two sweeps",
    )
    print(f"in-app notification {time.monotonic() - queued:.1f} s after it fell due")  # noqa: T201

    assert _idle_in_transaction() == 0, "no transaction is held open while the server is waited on"
    stuck = OutboundEmail.objects.get(reminder=first)
    assert (stuck.status, stuck.sent_at) == (OutboxStatus.PENDING, None)
    assert OutboundEmail.objects.filter(reminder=second, status=OutboxStatus.PENDING).exists()
