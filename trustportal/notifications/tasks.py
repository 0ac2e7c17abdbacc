"""Celery tasks: thin, idempotent, no personal data in the broker (they take no arguments).
Beat runs both every minute (settings.CELERY_BEAT_SCHEDULE), each on its own queue
(settings.CELERY_TASK_ROUTES): in-app delivery never waits on e-mail."""

from celery import shared_task

from trustportal.notifications import heartbeat
from trustportal.notifications.outbox import outbox_deliver
from trustportal.notifications.sweep import reminders_sweep


@shared_task(name="notifications.sweep_reminders", ignore_result=True)
def sweep_reminders():
    """Every minute: deliver due reminders (notifications + queued e-mails), then record the
    heartbeat. The e-mails go out from the outbox task, on the e-mail queue."""
    counts = reminders_sweep()
    heartbeat.record_sweep()
    return counts


@shared_task(name="notifications.deliver_outbox", ignore_result=True)
def deliver_outbox():
    return outbox_deliver()
