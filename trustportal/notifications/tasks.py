"""Celery tasks: thin, idempotent, no personal data in the broker (they take no arguments).
Beat runs both every minute (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from trustportal.notifications.outbox import outbox_deliver
from trustportal.notifications.sweep import reminders_sweep


@shared_task(name="notifications.sweep_reminders", ignore_result=True)
def sweep_reminders():
    """Every minute: deliver due reminders (notifications + queued e-mails), then send e-mail."""
    counts = reminders_sweep()
    counts.update({f"email_{k}": v for k, v in outbox_deliver().items()})
    return counts


@shared_task(name="notifications.deliver_outbox", ignore_result=True)
def deliver_outbox():
    return outbox_deliver()
