"""The e-mail outbox: queued by the sweep, sent here, never while a row is locked.

Each e-mail goes through three short steps: it is **claimed** in a transaction of its own
(``SELECT … FOR UPDATE SKIP LOCKED``; the attempt is counted and ``next_attempt_at`` moves a
lease ahead, so no other worker takes it), **handed to the mail server with no transaction
open**, and its outcome is **recorded** in another short transaction. A mail server that
accepts and never answers therefore holds no database lock, only this e-mail worker (which
has its own queue: docs/decisions/0005).

A worker killed between sending and recording leaves the lease to expire, and the e-mail is
sent once more: at most one duplicate per crash per worker process, never a lost one.
Failures are retried after 1, 2, 4 … minutes (at most an hour), then the e-mail is marked
failed for a supervisor to retry (``services.outbox_retry``). When the server cannot be
reached (refused, timed out, hung up) the run stops there: the next e-mails would only wait
for the same timeout, and the next run tries again.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from trustportal.notifications.models import OutboundEmail, OutboxStatus

log = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 8
# The server could not be reached at all: the rest of the run would fail the same way.
UNREACHABLE = (TimeoutError, ConnectionError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


def _backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, … minutes after each failure, at most an hour."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TRUSTPORTAL_OUTBOX_LEASE_SECONDS)


@transaction.atomic
def _claim_email() -> OutboundEmail | None:
    """Take the next due e-mail for this process: count the attempt and push its next attempt
    a lease ahead, then commit (the row lock ends here, before any network I/O)."""
    now = timezone.now()
    email = (
        OutboundEmail.objects.select_for_update(skip_locked=True)
        .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .first()
    )
    if email is not None:
        email.attempts += 1
        email.next_attempt_at = now + _lease()
        email.save(update_fields=["attempts", "next_attempt_at"])
    return email


def _send(email: OutboundEmail, connection) -> Exception | None:
    """Hand the e-mail to the backend, outside any transaction; the error, if any."""
    try:
        connection.open()  # once: the session then stays open for the next e-mails of the run
        EmailMessage(email.subject, email.body, None, [email.to], connection=connection).send()
    except Exception as exc:  # noqa: BLE001 - any backend error is recorded and retried
        connection.close()  # reconnect for the next e-mail: the server may have hung up
        log.warning("e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        return exc
    return None


@transaction.atomic
def _record(email: OutboundEmail, error: Exception | None) -> str:
    """Write the outcome of one attempt (a row a supervisor gave up on stays as it is)."""
    now = timezone.now()
    if error is None:
        changes = {"status": OutboxStatus.SENT, "sent_at": now}
    else:
        changes = {
            "last_error": f"{type(error).__name__}: {error}"[:2000],
            "next_attempt_at": now + _backoff(email.attempts),
            "status": OutboxStatus.FAILED if email.attempts >= MAX_EMAIL_ATTEMPTS else OutboxStatus.PENDING,
        }
    OutboundEmail.objects.filter(pk=email.pk, status=OutboxStatus.PENDING).update(**changes)
    return "sent" if error is None else "failed"


def outbox_deliver(*, limit: int = 500) -> dict:
    """Send queued e-mails: claim, send (no transaction open), record; one e-mail at a time.
    One backend connection (one SMTP session) serves the whole run."""
    counts = {"sent": 0, "failed": 0}
    connection = get_connection()
    try:
        for _ in range(limit):
            email = _claim_email()
            if email is None:
                break
            error = _send(email, connection)
            counts[_record(email, error)] += 1
            if isinstance(error, UNREACHABLE):
                break
    finally:
        connection.close()
    return counts
