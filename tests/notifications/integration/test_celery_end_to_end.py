"""A real Celery worker and beat deliver a due reminder: beat (every 2 s here) queues the
sweep, the worker writes the notification and sends the e-mail."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ReminderFactory, UserFactory
from tests.notifications.integration.conftest import sent_messages, wait_until
from trustportal.notifications.models import (
    Notification,
    OutboundEmail,
    OutboxStatus,
    Reminder,
    ReminderStatus,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_and_beat_deliver_a_due_reminder(celery):
    officer = UserFactory(email="dana@example.test")
    reminder = ReminderFactory(
        recipient_user=officer, title="Release time missing for Ana Lopez",
        due_at=timezone.now() - dt.timedelta(minutes=3),
    )  # fmt: skip
    worker, beat = celery.worker(), celery.beat()

    def delivered():
        return (
            Notification.objects.filter(reminder=reminder, user=officer).exists()
            and OutboundEmail.objects.filter(reminder=reminder, status=OutboxStatus.SENT).exists()
        )

    wait_until(delivered, timeout=60, what="the worker to deliver the reminder")
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT
    wait_until(lambda: sent_messages(celery.mail_dir), timeout=10, what="the e-mail file")
    assert sent_messages(celery.mail_dir) == [
        ("dana@example.test", "[TrustPortal] Release time missing for Ana Lopez")
    ]
    assert worker.handle.poll() is None and beat.handle.poll() is None, "both still running"
