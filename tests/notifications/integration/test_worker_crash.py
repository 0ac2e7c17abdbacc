"""A worker killed (SIGKILL, as a crash or an out-of-memory kill) in the middle of the sweep
and again in the middle of sending e-mails loses nothing: once a worker runs again every
reminder is sent, every in-app notification exists exactly once, every address gets its
e-mail, and duplicate e-mails are at most one per crash per worker process.

Why the bound holds: a reminder's notifications, its queued e-mails and its "sent" mark are
committed in one transaction (a crash before commit leaves it due, to be swept again); each
e-mail is claimed (leased) in a short transaction, sent with no transaction open and recorded
in another, one e-mail at a time per process, so a crash can re-send only the one e-mail a
process had in hand, once its lease (5 s here) has run out.
"""

import collections
import datetime as dt

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tests.factories import AgencyFactory
from tests.notifications.conftest import ParcelKind
from tests.notifications.integration.conftest import MAIL_DELAY_VARIABLE, sent_messages, wait_until
from trustportal.accounts.models import User
from trustportal.notifications.models import (
    Notification,
    OutboundEmail,
    OutboxStatus,
    Reminder,
    ReminderStatus,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
REMINDERS = 2000
CONCURRENCY = 1  # worker processes per worker (the bound is per process)


def _many_due_reminders():
    agency = AgencyFactory()
    password = make_password(None)  # unusable: hashing thousands of real passwords takes minutes
    users = User.objects.bulk_create(
        User(username=f"crash{n}", email=f"crash{n}@example.test", agency=agency, password=password)
        for n in range(REMINDERS)
    )
    due = timezone.now() - dt.timedelta(minutes=2)
    Reminder.objects.bulk_create(
        Reminder(agency=agency, kind=ParcelKind.DUE, due_at=due, recipient_user=user,
                 title=f"Crash test #{n}", dedupe_key=f"crash:{n}")
        for n, user in enumerate(users)
    )  # fmt: skip


def _sent_reminders() -> int:
    return Reminder.objects.filter(status=ReminderStatus.SENT).count()


def _sent_emails() -> int:
    return OutboundEmail.objects.filter(status=OutboxStatus.SENT).count()


def test_a_worker_killed_mid_sweep_and_mid_email_loses_nothing(celery):
    _many_due_reminders()
    celery.env["TRUSTPORTAL_SWEEP_BATCH_SIZE"] = "10"  # many small transactions: easy to hit the middle
    crashes = 0
    celery.beat()

    worker = celery.worker()
    wait_until(lambda: _sent_reminders() > 0, timeout=40, interval=0.02, what="the sweep to start")
    worker.kill()
    crashes += 1
    assert 0 < _sent_reminders() < REMINDERS, "killed in the middle of the sweep"

    # The mail server is slow (0.2 s per message): the kill lands while an e-mail has been
    # handed over but its row is not yet marked sent, the worst moment.
    celery.env[MAIL_DELAY_VARIABLE] = "0.2"
    worker = celery.worker()
    wait_until(lambda: _sent_emails() > 0, timeout=40, interval=0.02, what="e-mails to start going out")
    worker.kill()
    crashes += 1
    assert _sent_emails() < REMINDERS, "killed in the middle of sending e-mails"

    del celery.env[MAIL_DELAY_VARIABLE]
    celery.worker()
    wait_until(
        lambda: _sent_reminders() == REMINDERS and _sent_emails() == REMINDERS,
        timeout=90,
        what="a restarted worker to finish",
    )

    assert Notification.objects.count() == REMINDERS
    assert len(set(Notification.objects.values_list("reminder_id", "user_id"))) == REMINDERS
    per_subject = collections.Counter(subject for _, subject in sent_messages(celery.mail_dir))
    assert len(per_subject) == REMINDERS, "every address got its e-mail"
    duplicates = sum(per_subject.values()) - REMINDERS
    assert duplicates <= crashes * CONCURRENCY, f"{duplicates} duplicate e-mails after {crashes} crashes"
    print(f"{crashes} crashes, {duplicates} duplicate e-mail(s), {REMINDERS} reminders")  # noqa: T201
