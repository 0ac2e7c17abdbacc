"""The sweep delivers each due reminder once (notifications + queued e-mails), late ones
too, and cancels the ones whose reason has gone (asking the registered relevance checker);
reminders_status reports what is stuck. (Cases' own checks: tests/cases/test_reminders_relevance.py.)"""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ReminderFactory, UserFactory
from trustportal.accounts.roles import Role
from trustportal.notifications import relevance
from trustportal.notifications import sweep as sweep_module
from trustportal.notifications.models import Notification, OutboundEmail, ReminderStatus
from trustportal.notifications.outbox import outbox_deliver
from trustportal.notifications.sweep import reminders_sweep
from trustportal.notifications.tasks import deliver_outbox, sweep_reminders

pytestmark = pytest.mark.django_db


def desk_reminder(agency, **kwargs):
    return ReminderFactory(
        agency=agency, recipient_user=None, recipient_role=Role.DESK_OFFICER, title="Decide for Ana Lopez",
        link="/cases/detainers/1/decision/", **kwargs,
    )  # fmt: skip


@pytest.fixture
def two_desk_officers(agency, desk_officer):
    return [desk_officer, UserFactory(agency=agency, roles=[Role.DESK_OFFICER], email="second@example.test")]


def test_it_delivers_a_due_reminder_once_even_when_the_sweep_runs_twice(agency, two_desk_officers):
    reminder = desk_reminder(agency)
    assert reminders_sweep() == {"sent": 1, "cancelled": 0, "failed": 0}
    assert reminders_sweep() == {"sent": 0, "cancelled": 0, "failed": 0}

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.sent_at is not None
    notes = Notification.objects.filter(reminder=reminder)
    assert sorted(n.user_id for n in notes) == sorted(u.pk for u in two_desk_officers)
    assert {n.title for n in notes} == {"Decide for Ana Lopez"}
    emails = OutboundEmail.objects.filter(reminder=reminder)
    assert sorted(e.to for e in emails) == sorted(u.email for u in two_desk_officers)
    assert "/cases/detainers/1/decision/" in emails[0].body


def test_it_sends_the_queued_emails_through_the_email_backend(agency, two_desk_officers):
    desk_reminder(agency)
    sweep_reminders()  # the Celery tasks, run in-process: the sweep queues the e-mails …
    assert mail.outbox == [], "the sweep itself never talks to the mail server"
    deliver_outbox()  # … the outbox task (on its own queue) sends them
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in two_desk_officers)
    assert mail.outbox[0].subject == "[TrustPortal] Decide for Ana Lopez"
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    sweep_reminders(), deliver_outbox()
    assert len(mail.outbox) == 2


def test_it_sends_a_reminder_that_fell_due_while_no_worker_ran(agency, desk_officer):
    late = desk_reminder(agency, due_at=timezone.now() - dt.timedelta(hours=3))
    reminders_sweep()
    late.refresh_from_db()
    assert late.status == ReminderStatus.SENT
    assert Notification.objects.filter(reminder=late, user=desk_officer).exists()


def test_it_leaves_reminders_that_are_not_due_yet(agency, desk_officer):
    later = desk_reminder(agency, due_at=timezone.now() + dt.timedelta(minutes=1))
    reminders_sweep()
    later.refresh_from_db()
    assert later.status == ReminderStatus.SCHEDULED
    assert not Notification.objects.exists()


def test_it_records_a_reminder_nobody_could_receive(agency):
    UserFactory(agency=agency, roles=[Role.DESK_OFFICER], is_active=False)
    reminder = desk_reminder(agency)
    reminders_sweep()
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.last_error == "No active recipient (Desk officer)."
    assert not Notification.objects.exists()


def test_one_reminder_that_cannot_be_delivered_does_not_block_the_others(agency, desk_officer, monkeypatch):
    broken, fine = desk_reminder(agency), desk_reminder(agency)
    real = sweep_module._recipients

    def recipients(reminder, cache):
        if reminder.pk == broken.pk:
            raise RuntimeError("mail directory unavailable")
        return real(reminder, cache)

    monkeypatch.setattr(sweep_module, "_recipients", recipients)
    assert reminders_sweep() == {"sent": 1, "cancelled": 0, "failed": 1}
    broken.refresh_from_db(), fine.refresh_from_db()
    assert (broken.status, broken.attempts) == (ReminderStatus.SCHEDULED, 1)
    assert broken.last_error == "RuntimeError: mail directory unavailable"
    assert fine.status == ReminderStatus.SENT

    monkeypatch.setattr(sweep_module, "_recipients", real)
    reminders_sweep()
    broken.refresh_from_db()
    assert (broken.status, broken.last_error) == (ReminderStatus.SENT, "")


def _status_output(*args) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("reminders_status", *args, stdout=out, stderr=StringIO())
    except SystemExit as exc:
        return out.getvalue(), exc.code
    return out.getvalue(), 0


def test_reminders_status_reports_due_overdue_and_failing_counts(agency, desk_officer):
    sweep_reminders()  # a sweep has just run (its heartbeat is fresh)
    desk_reminder(agency, due_at=timezone.now() + dt.timedelta(hours=1))
    output, code = _status_output()
    assert code == 0
    assert "reminders scheduled          1" in output
    assert "reminders overdue (>5 min)   0" in output

    desk_reminder(agency, due_at=timezone.now() - dt.timedelta(minutes=10))
    output, code = _status_output()
    assert code == 1, "an overdue reminder means no worker is running"
    assert "reminders due now            1" in output
    assert "reminders overdue (>5 min)   1" in output
    assert _status_output("--no-fail")[1] == 0

    reminders_sweep()
    outbox_deliver()
    output, code = _status_output()
    assert (code, "e-mails pending              0" in output) == (0, True)


# --- the registered relevance check -------------------------------------------------------


@pytest.fixture
def parcel_checker(monkeypatch):
    """A make-believe app's checker for "parcels.parcel": parcel 1 has been collected."""
    batches = []

    def checker(reminders):
        batches.append(sorted(r.pk for r in reminders))
        return {r.pk: "parcel collected" for r in reminders if r.target_id == 1}

    monkeypatch.setitem(relevance._CHECKERS, "parcels.parcel", checker)
    return batches


def test_it_asks_the_checker_of_the_target_type_once_per_batch(agency, desk_officer, parcel_checker):
    gone = desk_reminder(agency, target_type="parcels.parcel", target_id=1)
    kept = desk_reminder(agency, target_type="parcels.parcel", target_id=2)
    unchecked = desk_reminder(agency, target_type="letters.letter", target_id=1)
    assert reminders_sweep() == {"sent": 2, "cancelled": 1, "failed": 0}
    assert parcel_checker == [sorted([gone.pk, kept.pk])], "one call for the batch, its own type only"
    gone.refresh_from_db()
    assert (gone.status, gone.cancelled_reason) == (ReminderStatus.CANCELLED, "parcel collected")
    assert not Notification.objects.filter(reminder=gone).exists()
    assert set(Notification.objects.values_list("reminder_id", flat=True)) == {kept.pk, unchecked.pk}


def test_a_failing_checker_is_recorded_and_retried_like_any_delivery_error(agency, desk_officer, monkeypatch):
    def broken(reminders):
        raise RuntimeError("parcel register offline")

    monkeypatch.setitem(relevance._CHECKERS, "parcels.parcel", broken)
    reminder, fine = desk_reminder(agency, target_type="parcels.parcel", target_id=2), desk_reminder(agency)
    assert reminders_sweep() == {"sent": 1, "cancelled": 0, "failed": 1}
    reminder.refresh_from_db(), fine.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (
        ReminderStatus.SCHEDULED, "RuntimeError: parcel register offline",
    )  # fmt: skip
    assert fine.status == ReminderStatus.SENT
