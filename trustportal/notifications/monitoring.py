"""How the reminders are doing, for operators and monitoring (``manage.py reminders_status``)."""

import datetime as dt

from django.utils import timezone

from trustportal.notifications.models import OutboundEmail, OutboxStatus, Reminder, ReminderStatus

OVERDUE_AFTER = dt.timedelta(minutes=5)  # a sweep runs every minute: later than this, none runs


def reminders_status() -> dict:
    now = timezone.now()
    scheduled = Reminder.objects.filter(status=ReminderStatus.SCHEDULED)
    pending = OutboundEmail.objects.filter(status=OutboxStatus.PENDING)
    return {
        "scheduled": scheduled.count(),
        "due": scheduled.filter(due_at__lte=now).count(),
        "overdue": scheduled.filter(due_at__lte=now - OVERDUE_AFTER).count(),
        "failing": scheduled.exclude(last_error="").count(),
        "emails_pending": pending.count(),
        "emails_retrying": pending.filter(attempts__gt=0).count(),
        "emails_failed": OutboundEmail.objects.filter(status=OutboxStatus.FAILED).count(),
    }
