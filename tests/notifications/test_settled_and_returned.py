"""Notifications follow what happens: a "decision due" notice stops being new once the
decision is recorded, and an officer is told at once when a supervisor returns their
decision (with the comments)."""

import pytest
from django.utils import timezone

from cases.decisions.services import decision_review
from cases.models import ReviewOutcome
from cases.reminders import reminders_for_decision
from tests.factories import DecisionFactory, DetainerFactory
from trustportal.notifications.models import Notification, Reminder, ReminderStatus
from trustportal.notifications.scheduling import Target, schedule
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db


def test_a_decision_due_notice_is_no_longer_new_once_the_decision_is_recorded(desk_officer, agency):
    detainer = DetainerFactory(case__person__agency=agency, case__releasable_at=timezone.now())
    schedule(
        kind="decision_due",
        due_at=timezone.now(),
        user=desk_officer,
        target=Target.of(detainer),
        group=f"cases.custodycase:{detainer.case_id}",
        dedupe_key=f"decision_due:test:{detainer.pk}",
        agency=agency,
        title="Decision due",
    )
    reminders_sweep()
    note = Notification.objects.get(user=desk_officer, title="Decision due")
    assert note.read_at is None
    decision = DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    reminders_for_decision(decision=decision)
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_returned_decision_notifies_the_officer_who_recorded_it(desk_officer, supervisor, agency):
    decision = DecisionFactory(detainer__case__person__agency=agency, recorded_by=desk_officer)
    decision_review(
        decision=decision,
        outcome=ReviewOutcome.RETURNED,
        comments="Add the offense date.",
        acting_user=supervisor,
    )
    reminder = Reminder.objects.get(kind="review_returned")
    assert reminder.recipient_user == desk_officer
    reminders_sweep()
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    note = Notification.objects.get(user=desk_officer, reminder=reminder)
    assert "Add the offense date." in note.body and note.link == f"/cases/decisions/{decision.pk}/"


def test_an_approved_decision_sends_no_return_notice(desk_officer, supervisor, agency):
    decision = DecisionFactory(detainer__case__person__agency=agency, recorded_by=desk_officer)
    decision_review(decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor)
    assert not Reminder.objects.filter(kind="review_returned").exists()
