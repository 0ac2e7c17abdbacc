"""How the reminders are doing, for operators and monitoring (``manage.py reminders_status``)."""

import datetime as dt

from django.utils import timezone

from trustportal.notifications import heartbeat
from trustportal.notifications.models import OutboundEmail, OutboxStatus, Reminder, ReminderStatus

OVERDUE_AFTER = dt.timedelta(minutes=5)  # a sweep runs every minute: later than this, none runs
EMAIL_DOWN_AFTER = dt.timedelta(minutes=15)


def email_down(now: dt.datetime) -> bool:
    """Every e-mail attempt has been failing for 15 minutes: an e-mail queued more than 15
    minutes ago is still retrying, and no e-mail at all went out in those 15 minutes."""
    since = now - EMAIL_DOWN_AFTER
    stuck = OutboundEmail.objects.filter(
        status=OutboxStatus.PENDING, attempts__gt=0, created_at__lte=since
    ).exclude(last_error="")
    return stuck.exists() and not OutboundEmail.objects.filter(sent_at__gte=since).exists()


def reminders_status() -> dict:
    now = timezone.now()
    scheduled = Reminder.objects.filter(status=ReminderStatus.SCHEDULED)
    pending = OutboundEmail.objects.filter(status=OutboxStatus.PENDING)
    last_sweep = heartbeat.last_sweep_at()
    return {
        "scheduled": scheduled.count(),
        "due": scheduled.filter(due_at__lte=now).count(),
        "overdue": scheduled.filter(due_at__lte=now - OVERDUE_AFTER).count(),
        "failing": scheduled.exclude(last_error="").count(),
        "emails_pending": pending.count(),
        "emails_retrying": pending.filter(attempts__gt=0).count(),
        "emails_failed": OutboundEmail.objects.filter(status=OutboxStatus.FAILED).count(),
        "email_down": email_down(now),
        "last_sweep": last_sweep,
        "sweep_late": heartbeat.sweep_is_late(last_sweep),
    }
