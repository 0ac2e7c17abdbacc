"""The sweep delivers each due reminder once (notifications + queued e-mails), late ones
too, and cancels the ones whose reason has gone; reminders_status reports what is stuck."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cases import reminders as reminders_module
from cases.detainers import services as detainer_services
from cases.models import (
    CaseStatus,
    CustodyCase,
    Notification,
    OutboundEmail,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from cases.reminders import outbox_deliver, reminders_sweep
from cases.tasks import sweep_reminders
from tests.factories import CustodyCaseFactory, ReminderFactory, UserFactory
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)


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
    sweep_reminders()  # the Celery task, run in-process: sweep then outbox
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in two_desk_officers)
    assert mail.outbox[0].subject == "[TrustPortal] Decide for Ana Lopez"
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    sweep_reminders()
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


def test_it_sends_each_planned_reminder_when_its_time_comes(agency, desk_officer, supervisor):
    with time_machine.travel(START, tick=False):
        case = CustodyCaseFactory(person__agency=agency, releasable_at=START + dt.timedelta(hours=10))
        detainer = detainer_services.detainer_log(
            case=case, data={"received_at": START, "issued_on": START.date()}, acting_user=desk_officer
        )
        assert reminders_sweep()["sent"] == 0
    with time_machine.travel(START + dt.timedelta(hours=6), tick=False):  # T-4h
        assert reminders_sweep()["sent"] == 1
        assert [n.user for n in Notification.objects.all()] == [desk_officer]
    with time_machine.travel(START + dt.timedelta(hours=10, minutes=1), tick=False):  # T-1h and overdue
        assert reminders_sweep()["sent"] == 2
    overdue = Notification.objects.get(reminder__kind=ReminderKind.DECISION_OVERDUE)
    assert overdue.user == supervisor
    assert overdue.link == f"/cases/detainers/{detainer.pk}/decision/"


def test_it_cancels_instead_of_sending_when_the_person_has_left(agency, desk_officer):
    with time_machine.travel(START, tick=False):
        case = CustodyCaseFactory(person__agency=agency, releasable_at=START + dt.timedelta(hours=2))
        detainer_services.detainer_log(
            case=case, data={"received_at": START, "issued_on": START.date()}, acting_user=desk_officer
        )
    # The release was recorded without the service's hook (e.g. by an import): the sweep checks.
    CustodyCase.objects.filter(pk=case.pk).update(status=CaseStatus.RELEASED, closed_at=START)
    with time_machine.travel(START + dt.timedelta(hours=3), tick=False):
        counts = reminders_sweep()
    assert counts["sent"] == 0 and counts["cancelled"] == Reminder.objects.count() > 0
    assert set(Reminder.objects.values_list("cancelled_reason", flat=True)) == {"case closed"}
    assert not Notification.objects.exists()


def test_it_cancels_the_release_time_request_once_the_time_is_entered(agency, desk_officer):
    with time_machine.travel(START, tick=False):
        case = CustodyCaseFactory(person__agency=agency, releasable_at=None)
        detainer_services.detainer_log(
            case=case, data={"received_at": START, "issued_on": START.date()}, acting_user=desk_officer
        )
        CustodyCase.objects.filter(pk=case.pk).update(releasable_at=START + dt.timedelta(hours=9))
        reminders_sweep()
    missing = Reminder.objects.get(kind=ReminderKind.RELEASABLE_MISSING)
    assert (missing.status, missing.cancelled_reason) == (ReminderStatus.CANCELLED, "release time entered")


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
    real = reminders_module._recipients

    def recipients(reminder, cache):
        if reminder.pk == broken.pk:
            raise RuntimeError("mail directory unavailable")
        return real(reminder, cache)

    monkeypatch.setattr(reminders_module, "_recipients", recipients)
    assert reminders_sweep() == {"sent": 1, "cancelled": 0, "failed": 1}
    broken.refresh_from_db(), fine.refresh_from_db()
    assert (broken.status, broken.attempts) == (ReminderStatus.SCHEDULED, 1)
    assert broken.last_error == "RuntimeError: mail directory unavailable"
    assert fine.status == ReminderStatus.SENT

    monkeypatch.setattr(reminders_module, "_recipients", real)
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
