"""Release is a duty too: after a decision that declines the detainer or permits notice only,
the person's release time gets reminders like a hold's limit, and supervisors are told, again
and again, until the person is released. A hold past its limit escalates the same way."""

import datetime as dt

import pytest
import time_machine

from cases.custody import services as custody_services
from cases.detainers import services as detainer_services
from cases.models import CaseReminderKind as Kind
from cases.models import DecisionAction
from tests.factories import ConvictionFactory, CustodyCaseFactory, record_decision
from trustportal.notifications.models import Notification, Reminder, ReminderStatus
from trustportal.notifications.sweep import reminders_sweep

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)  # 04:00 EDT
RELEASE = START + dt.timedelta(hours=10)  # 14:00 EDT


def detainer_for(agency, officer):
    case = CustodyCaseFactory(person__agency=agency, person__first_name="Rosa", releasable_at=RELEASE)
    data = {"received_at": START, "issued_on": START.date(), "request_notify": False}
    return detainer_services.detainer_log(case=case, data=data, acting_user=officer)


def decide(detainer, officer, actions):
    return record_decision(detainer=detainer, actions=actions, rationale="As the guidance says.",
                           person_informed=True, acting_user=officer)  # fmt: skip


def sent(kind):
    return Notification.objects.filter(reminder__kind=kind)


@pytest.mark.parametrize("actions", [[DecisionAction.DECLINE], [DecisionAction.NOTIFY]])
def test_the_release_reminder_fires_at_the_release_time_and_escalates(
    agency, desk_officer, supervisor, actions
):
    with time_machine.travel(START, tick=False):
        detainer = detainer_for(agency, desk_officer)
        if DecisionAction.NOTIFY in actions:
            ConvictionFactory(person=detainer.case.person, statute="53a-55")  # class B: notify permitted
        decide(detainer, desk_officer, actions)
        reminders_sweep()
        assert not sent(Kind.RELEASE_NOW).exists()
    with time_machine.travel(RELEASE - dt.timedelta(minutes=1), tick=False):
        reminders_sweep()
        assert not sent(Kind.RELEASE_NOW).exists()
    with time_machine.travel(RELEASE, tick=False):
        reminders_sweep()
        now = sent(Kind.RELEASE_NOW).get(user=desk_officer)
        assert now.title == "Release now: Rosa " + detainer.case.person.last_name
        assert not sent(Kind.RELEASE_OVERDUE).exists()
    with time_machine.travel(RELEASE + dt.timedelta(hours=2, minutes=1), tick=False):
        reminders_sweep()
        assert sent(Kind.RELEASE_OVERDUE).filter(user=supervisor).count() == 3  # +15 min, +1 h, +2 h
    with time_machine.travel(RELEASE + dt.timedelta(hours=2, minutes=30), tick=False):
        custody_services.case_release(case=detainer.case, at=RELEASE + dt.timedelta(hours=2, minutes=20),
                                      reason="Released", acting_user=desk_officer)  # fmt: skip
    with time_machine.travel(RELEASE + dt.timedelta(days=2), tick=False):
        reminders_sweep()
        assert sent(Kind.RELEASE_OVERDUE).filter(user=supervisor).count() == 3
        assert not Reminder.objects.filter(
            kind=Kind.RELEASE_OVERDUE, status=ReminderStatus.SCHEDULED
        ).exists()


def test_a_transfer_or_hold_decision_gets_no_release_reminder(agency, desk_officer):
    with time_machine.travel(START, tick=False):
        detainer = detainer_for(agency, desk_officer)
        ConvictionFactory(person=detainer.case.person, statute="53a-55")
        decide(detainer, desk_officer, [DecisionAction.HOLD])
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert Kind.HOLD_EXPIRED in kinds and not kinds & {
        Kind.RELEASE_DUE,
        Kind.RELEASE_NOW,
        Kind.RELEASE_OVERDUE,
    }


def test_a_changed_release_time_moves_the_release_reminders(agency, desk_officer):
    with time_machine.travel(START, tick=False):
        detainer = detainer_for(agency, desk_officer)
        decide(detainer, desk_officer, [DecisionAction.DECLINE])
        later = RELEASE + dt.timedelta(hours=3)
        custody_services.case_update(
            case=detainer.case, data={"releasable_at": later}, acting_user=desk_officer
        )
    due = Reminder.objects.filter(kind=Kind.RELEASE_NOW, status=ReminderStatus.SCHEDULED)
    assert {r.due_at for r in due} == {later}


def test_a_hold_past_its_limit_escalates_until_the_person_is_released(agency, desk_officer, supervisor):
    with time_machine.travel(START, tick=False):
        detainer = detainer_for(agency, desk_officer)
        ConvictionFactory(person=detainer.case.person, statute="53a-55")
        decision = decide(detainer, desk_officer, [DecisionAction.HOLD])
    limit = decision.hold_until
    with time_machine.travel(limit + dt.timedelta(hours=8, minutes=1), tick=False):
        reminders_sweep()
        assert sent(Kind.HOLD_ESCALATION).filter(user=supervisor).count() == 5  # 15 min, 1, 2, 4, 8 h
