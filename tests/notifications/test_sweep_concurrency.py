"""Two workers sweeping at the same moment against PostgreSQL deliver every reminder exactly
once: FOR UPDATE SKIP LOCKED gives each due row to one of them."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from tests.factories import AgencyFactory, UserFactory, ensure_role_groups
from tests.vendors import postgresql_only
from trustportal.accounts.roles import Role
from trustportal.notifications.models import Notification, OutboundEmail, Reminder, ReminderStatus
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db(transaction=True)
REMINDERS = 300


def _create_due_reminders(agency, users):
    due = timezone.now() - dt.timedelta(minutes=5)
    rows = [
        Reminder(
            agency=agency, kind="decision_due", due_at=due, recipient_role=Role.DESK_OFFICER,
            title=f"Decide #{n}", dedupe_key=f"concurrency:{n}",
        )
        for n in range(REMINDERS)
    ]  # fmt: skip
    Reminder.objects.bulk_create(rows)


def _sweep_in_thread(barrier, results, errors):
    try:
        barrier.wait(timeout=10)
        results.append(reminders_sweep(batch_size=10))
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
    finally:
        connections.close_all()


def test_two_workers_sweeping_at_once_send_each_reminder_once():
    postgresql_only("SKIP LOCKED needs PostgreSQL")
    ensure_role_groups()
    agency = AgencyFactory()
    users = [UserFactory(agency=agency, roles=[Role.DESK_OFFICER]) for _ in range(2)]
    _create_due_reminders(agency, users)

    barrier, results, errors = threading.Barrier(2), [], []
    threads = [threading.Thread(target=_sweep_in_thread, args=(barrier, results, errors)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    sent = [r["sent"] for r in results]
    assert sum(sent) == REMINDERS, "each reminder claimed by exactly one worker"
    assert all(n > 0 for n in sent), f"both workers took part: {sent}"
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert Notification.objects.count() == REMINDERS * len(users)
    pairs = set(Notification.objects.values_list("reminder_id", "user_id"))
    assert len(pairs) == REMINDERS * len(users)
    assert OutboundEmail.objects.count() == REMINDERS * len(users)
