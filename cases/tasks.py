"""Celery tasks: thin, idempotent, no personal data in the broker (they take no arguments)."""

from celery import shared_task

from cases.reminders import outbox_deliver, reminders_sweep


@shared_task(name="cases.tasks.sweep_reminders", ignore_result=True)
def sweep_reminders():
    """Every minute: deliver due reminders (notifications + queued e-mails), then send e-mail."""
    counts = reminders_sweep()
    counts.update({f"email_{k}": v for k, v in outbox_deliver().items()})
    return counts


@shared_task(name="cases.tasks.deliver_outbox", ignore_result=True)
def deliver_outbox():
    return outbox_deliver()
