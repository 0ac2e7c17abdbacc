"""The e-mail outbox: a failing e-mail backend is retried with backoff and recorded, gives
up after eight tries, and supervisors can ask for a retry."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem, smtp
from django.core.mail.backends.base import BaseEmailBackend

from tests.factories import OutboundEmailFactory
from trustportal.audit.models import AuditEvent
from trustportal.notifications.models import OutboxStatus
from trustportal.notifications.outbox import MAX_EMAIL_ATTEMPTS, outbox_deliver
from trustportal.notifications.services import outbox_retry

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    return settings


def at(minutes: float):
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def test_it_retries_a_failing_backend_with_backoff_then_sends(failing_backend):
    with at(0):
        email = OutboundEmailFactory(to="dana@example.test")
        assert outbox_deliver() == {"sent": 0, "failed": 1}
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.PENDING, 1)
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert email.next_attempt_at == START + dt.timedelta(minutes=1)

    with at(0.5):
        assert outbox_deliver() == {"sent": 0, "failed": 0}, "not before the next attempt time"
    with at(1):
        outbox_deliver()
    email.refresh_from_db()
    assert (email.attempts, email.next_attempt_at) == (2, START + dt.timedelta(minutes=3))
    with at(3):
        outbox_deliver()
    email.refresh_from_db()
    assert (email.attempts, email.next_attempt_at) == (3, START + dt.timedelta(minutes=7))

    failing_backend.EMAIL_BACKEND = LOCMEM  # the mail server is back
    with at(7):
        assert outbox_deliver() == {"sent": 1, "failed": 0}
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.SENT, 4)
    assert email.sent_at == START + dt.timedelta(minutes=7)
    assert [m.to for m in mail.outbox] == [["dana@example.test"]]
    with at(60):
        outbox_deliver()
    assert len(mail.outbox) == 1


def test_it_gives_up_after_eight_attempts_until_a_supervisor_retries(failing_backend, supervisor):
    with at(0):
        email = OutboundEmailFactory(reminder__agency=supervisor.agency)
    waits = []
    while email.status == OutboxStatus.PENDING:
        with time_machine.travel(email.next_attempt_at, tick=False):
            outbox_deliver()
        previous, email = email, type(email).objects.get(pk=email.pk)
        waits.append((email.next_attempt_at - previous.next_attempt_at).total_seconds() / 60)
    assert (email.status, email.attempts) == (OutboxStatus.FAILED, MAX_EMAIL_ATTEMPTS)
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]

    failing_backend.EMAIL_BACKEND = LOCMEM
    with at(24 * 60):
        outbox_retry(email=email, acting_user=supervisor)
        email.refresh_from_db()
        assert email.status == OutboxStatus.PENDING
        assert outbox_deliver() == {"sent": 1, "failed": 0}
    event = AuditEvent.objects.get(action="outbox.retry")
    assert (event.actor, event.object_id, event.agency) == (supervisor, str(email.pk), supervisor.agency)


def test_it_refuses_to_retry_an_email_already_sent(supervisor):
    email = OutboundEmailFactory(reminder__agency=supervisor.agency, status=OutboxStatus.SENT)
    with pytest.raises(ValidationError):
        outbox_retry(email=email, acting_user=supervisor)


class RefusingBackend(locmem.EmailBackend):
    """A mail server that refuses one address."""

    def send_messages(self, messages):
        if any("bad@example.test" in m.to for m in messages):
            raise smtplib.SMTPRecipientsRefused({"bad@example.test": (550, b"No such user")})
        return super().send_messages(messages)


def test_one_failing_address_does_not_hold_up_the_others(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    bad, good = OutboundEmailFactory(to="bad@example.test"), OutboundEmailFactory(to="good@example.test")
    assert outbox_deliver() == {"sent": 1, "failed": 1}
    bad.refresh_from_db(), good.refresh_from_db()
    assert (bad.status, good.status) == (OutboxStatus.PENDING, OutboxStatus.SENT)
    assert "SMTPRecipientsRefused" in bad.last_error
    assert [m.to for m in mail.outbox] == [["good@example.test"]]


class FakeSMTP:
    """Stands in for smtplib.SMTP: counts sessions and messages."""

    sessions, messages = 0, 0

    def __init__(self, *args, **kwargs):
        FakeSMTP.sessions += 1

    def sendmail(self, *args, **kwargs):
        FakeSMTP.messages += 1

    def quit(self):
        pass


def test_one_smtp_session_serves_a_whole_run(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    monkeypatch.setattr(smtp.EmailBackend, "connection_class", property(lambda backend: FakeSMTP))
    OutboundEmailFactory.create_batch(3)
    FakeSMTP.sessions = FakeSMTP.messages = 0
    assert outbox_deliver() == {"sent": 3, "failed": 0}
    assert (FakeSMTP.sessions, FakeSMTP.messages) == (1, 3)
