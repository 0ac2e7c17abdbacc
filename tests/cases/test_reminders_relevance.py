"""Cases' relevance check, which the floor's sweep runs before sending: reminders of a person
who left custody, of a detainer already decided, of a release time since entered, of a hold
that ended or a decision corrected or reviewed are cancelled instead of sent, also when the
change bypassed the services' hooks (e.g. an import)."""

import datetime as dt

import pytest
import time_machine

from cases import reminder_relevance
from cases.decisions.services import decision_review
from cases.detainers import services as detainer_services
from cases.models import CaseReminderKind as ReminderKind
from cases.models import CaseStatus, CustodyCase, DecisionAction, Detainer, DetainerStatus
from tests.factories import CustodyCaseFactory, record_decision
from trustportal.notifications.models import Notification, Reminder, ReminderStatus
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)


def log_detainer(agency, user, *, releasable_in=dt.timedelta(hours=10)):
    case = CustodyCaseFactory(person__agency=agency, releasable_at=START + releasable_in)
    data = {"received_at": START, "issued_on": START.date(), "pc_final_order": True, "request_notify": False}
    return without_notice_reminders(detainer_services.detainer_log(case=case, data=data, acting_user=user))


def without_notice_reminders(detainer):
    """The notice of the detainer has reminders of its own (tests/cases/test_notices.py)."""
    Reminder.objects.filter(kind__in=reminder_relevance.NOTICE_KINDS).delete()
    return detainer


def record_hold(detainer, user):
    return record_decision(
        detainer=detainer,
        actions=[DecisionAction.HOLD],
        rationale="ICE asked to hold; counsel confirmed the warrant.",
        override_reason="A judge's warrant was faxed; the copy is on file.",
        person_informed=True,
        acting_user=user,
    )


def test_it_sends_each_planned_reminder_when_its_time_comes(agency, desk_officer, supervisor):
    with time_machine.travel(START, tick=False):
        case = CustodyCaseFactory(person__agency=agency, releasable_at=START + dt.timedelta(hours=10))
        detainer = detainer_services.detainer_log(
            case=case,
            data={"received_at": START, "issued_on": START.date(), "request_notify": False},
            acting_user=desk_officer,
        )
        without_notice_reminders(detainer)
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
        without_notice_reminders(None)
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


def test_it_cancels_a_decision_reminder_once_the_detainer_is_decided_by_other_means(agency, desk_officer):
    with time_machine.travel(START, tick=False):
        detainer = log_detainer(agency, desk_officer)
    Detainer.objects.filter(pk=detainer.pk).update(status=DetainerStatus.DECIDED)
    with time_machine.travel(START + dt.timedelta(hours=6), tick=False):
        assert reminders_sweep() == {"sent": 0, "cancelled": 1, "failed": 0}
    assert Reminder.objects.get(status=ReminderStatus.CANCELLED).cancelled_reason == "decision recorded"


def test_it_cancels_hold_reminders_once_the_detainer_is_no_longer_decided(agency, desk_officer):
    with time_machine.travel(START, tick=False):
        detainer = log_detainer(agency, desk_officer, releasable_in=dt.timedelta(hours=1))
        decision = record_hold(detainer, desk_officer)
    Detainer.objects.filter(pk=detainer.pk).update(status=DetainerStatus.HONORED)
    with time_machine.travel(decision.hold_until + dt.timedelta(minutes=1), tick=False):
        reminders_sweep()
    hold = Reminder.objects.filter(kind=ReminderKind.HOLD_EXPIRED)
    assert {(r.status, r.cancelled_reason) for r in hold} == {(ReminderStatus.CANCELLED, "detainer honored")}
    assert not Notification.objects.filter(reminder__kind__in=reminder_relevance.HOLD_KINDS).exists()


def test_it_cancels_the_review_reminder_of_a_reviewed_decision(agency, desk_officer, supervisor):
    with time_machine.travel(START, tick=False):
        decision = record_hold(log_detainer(agency, desk_officer), desk_officer)
        decision_review(decision=decision, outcome="approved", comments="", acting_user=supervisor)
    review = Reminder.objects.get(kind=ReminderKind.REVIEW_WAITING)
    Reminder.objects.filter(pk=review.pk).update(status=ReminderStatus.SCHEDULED, cancelled_reason="")
    with time_machine.travel(START + dt.timedelta(hours=3), tick=False):
        reminders_sweep()
    review.refresh_from_db()
    assert (review.status, review.cancelled_reason) == (ReminderStatus.CANCELLED, "reviewed")


def test_a_reminder_whose_case_is_gone_is_not_sent(agency, desk_officer):
    reminder = Reminder.objects.create(
        agency=agency, kind=ReminderKind.DECISION_DUE, due_at=START, recipient_user=desk_officer,
        title="Decide", target_type=reminder_relevance.DETAINER_TARGET, target_id=999_999, dedupe_key="gone",
    )  # fmt: skip
    assert reminders_sweep()["cancelled"] == 1
    reminder.refresh_from_db()
    assert (reminder.status, reminder.cancelled_reason) == (ReminderStatus.CANCELLED, "no longer on record")


def test_the_check_loads_a_whole_batch_in_three_queries(agency, desk_officer, django_assert_max_num_queries):
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            record_hold(log_detainer(agency, desk_officer), desk_officer)
    reminders = list(Reminder.objects.all())
    assert {r.target_type for r in reminders} == {
        reminder_relevance.DETAINER_TARGET,
        reminder_relevance.DECISION_TARGET,
    }
    with django_assert_max_num_queries(3):  # decisions, detainers, cases (none here: no query)
        reasons = reminder_relevance.reasons_gone(reminders)
    assert set(reasons) == {r.pk for r in reminders}
