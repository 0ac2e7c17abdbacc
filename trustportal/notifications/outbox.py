"""The e-mail outbox: queued by the sweep, sent here one e-mail per transaction.

Each e-mail is handed to the backend while its outbox row is locked and is marked sent in
the same transaction, one at a time per process: a worker killed between sending and
committing re-sends that one e-mail, so at most one duplicate per crash per worker process,
never a lost one. Failures are retried after 1, 2, 4 … minutes (at most an hour), then the
e-mail is marked failed for a supervisor to retry (``services.outbox_retry``).
"""

import datetime as dt
import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from trustportal.notifications.models import OutboundEmail, OutboxStatus

log = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 8


def _backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, … minutes after each failure, at most an hour."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def _claim_email():
    return (
        OutboundEmail.objects.select_for_update(skip_locked=True)
        .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "id")
        .first()
    )


def _send_one(email: OutboundEmail, connection) -> str:
    email.attempts += 1
    try:
        connection.open()  # once: the session then stays open for the next e-mails of the run
        EmailMessage(email.subject, email.body, None, [email.to], connection=connection).send()
    except Exception as exc:  # noqa: BLE001 - any backend error is recorded and retried
        connection.close()  # reconnect for the next e-mail: the server may have hung up
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.next_attempt_at = timezone.now() + _backoff(email.attempts)
        if email.attempts >= MAX_EMAIL_ATTEMPTS:
            email.status = OutboxStatus.FAILED
        log.warning("e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        outcome = "failed"
    else:
        email.status, email.sent_at = OutboxStatus.SENT, timezone.now()
        outcome = "sent"
    email.save(update_fields=["attempts", "last_error", "next_attempt_at", "status", "sent_at"])
    return outcome


def outbox_deliver(*, limit: int = 500) -> dict:
    """Send queued e-mails, one row per transaction; failures wait and are retried.

    The row stays locked while its e-mail is handed to the backend and is marked sent in the
    same transaction: a process killed in between re-sends that one e-mail later. One
    backend connection (one SMTP session) serves the whole run.
    """
    counts = {"sent": 0, "failed": 0}
    connection = get_connection()
    try:
        for _ in range(limit):
            with transaction.atomic():
                email = _claim_email()
                if email is None:
                    break
                counts[_send_one(email, connection)] += 1
    finally:
        connection.close()
    return counts
