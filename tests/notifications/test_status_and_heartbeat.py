"""The clock is seen to run: each sweep records a heartbeat, and ``reminders_status`` exits 1
when the sweep is late or when every e-mail attempt has been failing for 15 minutes (not only
after the eighth failure)."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import OutboundEmailFactory
from trustportal.notifications import heartbeat
from trustportal.notifications.models import OutboxStatus
from trustportal.notifications.outbox import outbox_deliver
from trustportal.notifications.tasks import sweep_reminders

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)


def at(minutes: float):
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def status() -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    try:
        call_command("reminders_status", stdout=out, stderr=err)
    except SystemExit as exc:
        return out.getvalue(), err.getvalue(), exc.code
    return out.getvalue(), err.getvalue(), 0


def test_each_sweep_records_when_it_ran():
    assert heartbeat.last_sweep_at() is None
    with at(0):
        sweep_reminders()
    with at(1):
        sweep_reminders()
    assert heartbeat.last_sweep_at() == START + dt.timedelta(minutes=1)


def test_reminders_status_fails_when_the_sweep_has_stopped():
    output, errors, code = status()
    assert (code, "last sweep                   never") == (1, output.splitlines()[-1])
    with at(0):
        sweep_reminders()
    with at(4):
        output, errors, code = status()
        assert code == 0, errors
        assert "last sweep                   Mon 04 May 2026 04:00 EDT" in output
    with at(6):
        output, errors, code = status()
        assert code == 1
        assert "The sweep has not run for more than 5 minutes" in errors


class FailingBackend:
    """A mail server that is down: every connection is refused."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def close(self):
        pass


def test_reminders_status_fails_when_every_email_has_failed_for_15_minutes(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with at(0):
        email = OutboundEmailFactory()
    for minute in (0, 1, 3, 7, 15):  # the retries: 1, 2, 4, 8 minutes apart
        with at(minute):
            sweep_reminders()  # the sweep itself keeps running
            assert outbox_deliver() == {"sent": 0, "failed": 1}
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.PENDING, 5), "not yet failed for good"

    with at(14):
        assert status()[2] == 0, "failing for 14 minutes: not yet"
    with at(15.5):
        output, errors, code = status()
        assert code == 1
        assert "Every e-mail attempt has been failing for 15 minutes" in errors

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(15.5):
        OutboundEmailFactory(to="works@example.test")
        assert outbox_deliver() == {"sent": 1, "failed": 0}
        assert status()[2] == 0, "an e-mail went out: the server works again"


def test_a_refused_connection_ends_the_run_and_the_rest_wait(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with at(0):
        OutboundEmailFactory.create_batch(3)
        assert outbox_deliver() == {"sent": 0, "failed": 1}, "one try, not three timeouts in a row"


def test_the_sweep_command_delivers_now_and_the_clock_is_on_time(desk_officer):
    from tests.factories import ReminderFactory

    with at(0):
        ReminderFactory(recipient_user=desk_officer, due_at=START - dt.timedelta(minutes=1))
        assert status()[2] == 1  # never swept: late
        out = StringIO()
        call_command("reminders_sweep", stdout=out)
        assert out.getvalue().strip() == "Swept: 1 sent, 0 cancelled, 0 failed."
        assert heartbeat.last_sweep_at() == START
        assert status()[2] == 0
