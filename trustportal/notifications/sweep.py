"""The sweep: every minute, deliver the due reminders (DESIGN §6).

It claims due rows with ``SELECT … FOR UPDATE SKIP LOCKED`` in small batches and, in the
same transaction, writes the in-app notifications, queues the e-mails in the outbox and marks
the reminder sent: a crash before commit leaves the reminder due, a crash after leaves it
sent with its notifications. Running it twice, or on several workers, sends each reminder once.

Before sending, the app that owns the reminder's target says whether its reason is still
there (``relevance``); a reminder whose reason has gone is cancelled instead.
"""

import logging
import os

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from trustportal.accounts.models import User
from trustportal.notifications import relevance
from trustportal.notifications.models import Notification, OutboundEmail, Reminder, ReminderStatus

log = logging.getLogger(__name__)

BATCH_SIZE = 100


def _recipients(reminder: Reminder, cache: dict) -> list[User]:
    """Active recipients; a role's members are looked up once per batch."""
    user = reminder.recipient_user  # None (no query) when the reminder is for a role
    if user is not None:
        return [user] if user.is_active else []
    key = (reminder.agency_id, reminder.recipient_role)
    if key not in cache:
        members = User.objects.filter(agency_id=key[0], is_active=True, groups__name=key[1])
        cache[key] = list(members.distinct().order_by("pk"))
    return cache[key]


def _email_body(reminder: Reminder) -> str:
    link = f"\n\nOpen: {settings.SITE_URL.rstrip('/')}{reminder.link}" if reminder.link else ""
    return f"{reminder.body}{link}\n\nSign in to TrustPortal to see the case."


def default_batch_size() -> int:
    """Rows claimed per transaction; TRUSTPORTAL_SWEEP_BATCH_SIZE overrides (tests use 10)."""
    value = os.environ.get("TRUSTPORTAL_SWEEP_BATCH_SIZE", "")
    return int(value) if value.isdigit() and int(value) > 0 else BATCH_SIZE


def _claim_batch(now, batch_size, skip_ids):
    return list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient_user")
        .filter(status=ReminderStatus.SCHEDULED, due_at__lte=now)
        .exclude(pk__in=skip_ids)
        .order_by("due_at", "id")[:batch_size]
    )


class _Delivery:
    """What one transaction writes for the reminders it settles: their notifications, their
    queued e-mails and their new status, in three bulk statements."""

    FIELDS = ["status", "sent_at", "attempts", "last_error", "cancelled_reason"]

    def __init__(self, now):
        self.now, self.cache = now, {}
        self.reminders, self.notifications, self.emails = [], [], []
        self.counts = {"sent": 0, "cancelled": 0, "failed": 0}

    def settle_all(self, batch: list[Reminder]) -> None:
        """Decide (reads only) whether each reminder goes out, and to whom."""
        gone = relevance.reasons_gone(batch)
        for reminder in batch:
            self.settle(reminder, gone.get(reminder.pk, ""))

    def settle(self, reminder: Reminder, reason: str) -> None:
        users = [] if reason else _recipients(reminder, self.cache)
        reminder.attempts += 1
        if reason:
            reminder.status, reminder.cancelled_reason = ReminderStatus.CANCELLED, reason[:200]
        else:
            reminder.status, reminder.sent_at = ReminderStatus.SENT, self.now
            nobody = f"No active recipient ({reminder.recipient_role or 'user'})."
            reminder.last_error = "" if users else nobody
            self._queue(reminder, users)
        self.reminders.append(reminder)
        self.counts["cancelled" if reason else "sent"] += 1

    def _queue(self, reminder, users) -> None:
        common = dict(reminder=reminder, created_at=self.now)
        self.notifications += [
            Notification(user=u, title=reminder.title, body=reminder.body, link=reminder.link, **common)
            for u in users
        ]
        subject, body = f"[TrustPortal] {reminder.title}"[:200], _email_body(reminder)
        self.emails += [
            OutboundEmail(agency_id=reminder.agency_id, to=address, subject=subject, body=body,
                          next_attempt_at=self.now, **common)
            for address in dict.fromkeys(u.email for u in users if u.email)
        ]  # fmt: skip

    def write(self) -> None:
        Notification.objects.bulk_create(self.notifications, ignore_conflicts=True)
        OutboundEmail.objects.bulk_create(self.emails, ignore_conflicts=True)
        self._write_reminders()

    def _write_reminders(self) -> None:
        """One UPDATE per outcome (sent; sent to nobody; cancelled for one reason): a batch
        has a handful of outcomes, and ``bulk_update``'s CASE WHEN per row and column cost
        more than half the sweep. The rows are locked (claimed FOR UPDATE), so each one's
        attempts can be counted up in the database."""
        outcomes: dict[tuple, list[int]] = {}
        for r in self.reminders:
            outcomes.setdefault((r.status, r.sent_at, r.last_error, r.cancelled_reason), []).append(r.pk)
        for (status, sent_at, last_error, reason), ids in outcomes.items():
            Reminder.objects.filter(pk__in=ids).update(
                status=status,
                sent_at=sent_at,
                last_error=last_error,
                cancelled_reason=reason,
                attempts=F("attempts") + 1,
            )


def _sweep_batch(batch: list[Reminder], now) -> dict:
    """Settle a claimed batch in one savepoint; if anything fails, one reminder at a time, so
    a reminder that cannot be delivered is recorded and retried at the next sweep instead of
    blocking the rest."""
    snapshot = [{f: getattr(r, f) for f in _Delivery.FIELDS} for r in batch]
    try:
        with transaction.atomic():
            delivery = _Delivery(now)
            delivery.settle_all(batch)
            delivery.write()
            return delivery.counts
    except Exception:  # noqa: BLE001 - retried one by one below
        for reminder, fields in zip(batch, snapshot, strict=True):
            for name, value in fields.items():
                setattr(reminder, name, value)
    counts = {"sent": 0, "cancelled": 0, "failed": 0}
    for reminder in batch:
        outcome = _sweep_one(reminder, now)
        counts[outcome] += 1
    return counts


def _sweep_one(reminder: Reminder, now) -> str:
    attempts = reminder.attempts
    try:
        with transaction.atomic():
            delivery = _Delivery(now)
            delivery.settle_all([reminder])
            delivery.write()
            return "sent" if delivery.counts["sent"] else "cancelled"
    except Exception as exc:  # noqa: BLE001 - recorded on the reminder, shown to supervisors
        log.exception("reminder %s could not be delivered", reminder.pk)
        reminder.status, reminder.attempts = ReminderStatus.SCHEDULED, attempts + 1
        reminder.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        reminder.save(update_fields=["status", "attempts", "last_error"])
        return "failed"


def reminders_sweep(*, batch_size: int | None = None, max_batches: int = 1000) -> dict:
    """Deliver every due reminder; safe to run twice or on several workers at once."""
    batch_size = batch_size or default_batch_size()
    counts = {"sent": 0, "cancelled": 0, "failed": 0}
    failed: set[int] = set()
    for _ in range(max_batches):
        with transaction.atomic():
            now = timezone.now()
            batch = _claim_batch(now, batch_size, failed)
            outcomes = _sweep_batch(batch, now)
        failed |= {r.pk for r in batch if r.status == ReminderStatus.SCHEDULED}
        for key, value in outcomes.items():
            counts[key] += value
        if len(batch) < batch_size:
            break
    return counts
