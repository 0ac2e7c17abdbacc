"""Reminders are planned by the real services at the right instants (America/New_York,
across daylight-saving changes), for the right people, about the right target and in the
case's group, and cancelled when their reason goes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Q
from django.utils import timezone

from cases.custody import services
from cases.decisions.services import decision_review
from cases.detainers import services as detainer_services
from cases.models import CaseReminderKind as ReminderKind
from cases.models import Decision, DecisionAction, ReminderPolicy
from tests.factories import CustodyCaseFactory, PersonFactory, UserFactory, record_decision
from trustportal.accounts.roles import Role
from trustportal.notifications.models import Reminder, ReminderStatus
from trustportal.notifications.scheduling import group_of

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
UTC = dt.UTC


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NY)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def book(agency, **kwargs):
    person = PersonFactory(agency=agency, first_name="Ana", last_name="Lopez")
    return CustodyCaseFactory(person=person, created_by=UserFactory(agency=agency), **kwargs)


def log_detainer(case, user):
    data = {
        "received_at": timezone.now(),
        "issued_on": timezone.localdate(),
        "pc_final_order": True,
        "request_notify": False,
    }
    return detainer_services.detainer_log(case=case, data=data, acting_user=user)


def record_hold(detainer, user):
    return record_decision(
        detainer=detainer,
        actions=[DecisionAction.HOLD],
        rationale="ICE asked to hold; counsel confirmed the warrant.",
        override_reason="A judge's warrant was faxed; the copy is on file.",
        person_informed=True,
        acting_user=user,
    )


def about(detainer) -> Q:
    """Reminders about the detainer or one of its decisions."""
    decisions = Decision.objects.filter(detainer=detainer).values("pk")
    return Q(target_type="cases.detainer", target_id=detainer.pk) | Q(
        target_type="cases.decision", target_id__in=decisions
    )


def plan(detainer=None, **filters) -> set[tuple]:
    """(kind, due_at, recipient) of the scheduled reminders."""
    rows = Reminder.objects.filter(status=ReminderStatus.SCHEDULED, **filters)
    if detainer is not None:
        rows = rows.filter(about(detainer))
    return {(r.kind, r.due_at, r.recipient_user_id or r.recipient_role) for r in rows}


def test_it_plans_decision_reminders_across_the_spring_daylight_saving_change(agency, supervisor):
    with time_machine.travel(local(2026, 3, 7, 18, 0), tick=False):
        case = book(agency, releasable_at=local(2026, 3, 8, 5, 0))  # EDT: 09:00 UTC
        detainer = log_detainer(case, supervisor)

    four_before, one_before = utc(2026, 3, 8, 5, 0), utc(2026, 3, 8, 8, 0)
    assert timezone.localtime(four_before).strftime("%H:%M %Z") == "00:00 EST"
    assert timezone.localtime(one_before).strftime("%H:%M %Z") == "04:00 EDT"
    assert plan(detainer) == {
        (ReminderKind.DECISION_DUE, four_before, supervisor.pk),
        (ReminderKind.DECISION_DUE, four_before, Role.DESK_OFFICER),
        (ReminderKind.DECISION_DUE, one_before, supervisor.pk),
        (ReminderKind.DECISION_DUE, one_before, Role.DESK_OFFICER),
        (ReminderKind.DECISION_OVERDUE, utc(2026, 3, 8, 9, 0), Role.SUPERVISOR),
    }
    reminder = Reminder.objects.filter(about(detainer)).get(
        due_at=four_before, recipient_role=Role.DESK_OFFICER
    )
    assert reminder.title == "Detainer decision due in 4 h: Ana Lopez"
    assert "Sun 08 Mar 2026 05:00" in reminder.body
    assert reminder.link == f"/cases/detainers/{detainer.pk}/decision/"
    assert (reminder.target_type, reminder.target_id) == ("cases.detainer", detainer.pk)
    assert reminder.group_key == f"cases.custodycase:{case.pk}"
    assert reminder.dedupe_key == f"decision_due:t{detainer.pk}:20260308T0500:rDesk officer", "format kept"


def test_it_sends_a_desk_officers_reminders_to_the_desk_role_only(agency, desk_officer):
    with time_machine.travel(local(2026, 5, 4, 8, 0), tick=False):
        detainer = log_detainer(book(agency, releasable_at=local(2026, 5, 4, 20, 0)), desk_officer)
    recipients = {recipient for _, _, recipient in plan(detainer)}
    assert recipients == {Role.DESK_OFFICER, Role.SUPERVISOR}


def test_it_follows_the_agencys_reminder_policy(agency, desk_officer):
    ReminderPolicy.objects.create(agency=agency, decision_lead_hours="8, 2")
    with time_machine.travel(local(2026, 5, 4, 8, 0), tick=False):
        detainer = log_detainer(book(agency, releasable_at=local(2026, 5, 4, 20, 0)), desk_officer)
    due = sorted(r.due_at for r in Reminder.objects.filter(about(detainer), kind=ReminderKind.DECISION_DUE))
    assert due == [local(2026, 5, 4, 12, 0), local(2026, 5, 4, 18, 0)]


def test_it_reminds_at_once_when_the_detainer_arrives_inside_the_window(agency, desk_officer):
    now = local(2026, 5, 4, 18, 0)
    with time_machine.travel(now, tick=False):
        detainer = log_detainer(book(agency, releasable_at=local(2026, 5, 4, 20, 0)), desk_officer)
    assert plan(detainer, kind=ReminderKind.DECISION_DUE) == {
        (ReminderKind.DECISION_DUE, now, Role.DESK_OFFICER),
        (ReminderKind.DECISION_DUE, local(2026, 5, 4, 19, 0), Role.DESK_OFFICER),
    }
    assert (
        Reminder.objects.filter(about(detainer)).get(due_at=now).title
        == "Detainer decision due by 20:00: Ana Lopez"
    )


def test_it_asks_for_the_release_time_when_a_detainer_arrives_without_one(agency, supervisor):
    now = local(2026, 5, 4, 9, 30)
    with time_machine.travel(now, tick=False):
        case = book(agency, releasable_at=None)
        detainer = log_detainer(case, supervisor)
    assert plan(detainer) == {
        (ReminderKind.RELEASABLE_MISSING, now, supervisor.pk),
        (ReminderKind.RELEASABLE_MISSING, now, Role.DESK_OFFICER),
    }
    assert Reminder.objects.filter(title="Enter the release time for Ana Lopez").count() == 2


def test_it_replans_when_the_release_time_is_entered_or_changed(agency, desk_officer):
    with time_machine.travel(local(2026, 5, 4, 9, 30), tick=False):
        case = book(agency, releasable_at=None)
        detainer = log_detainer(case, desk_officer)
        services.case_update(
            case=case, data={"releasable_at": local(2026, 5, 5, 12, 0)}, acting_user=desk_officer
        )
    missing = Reminder.objects.get(kind=ReminderKind.RELEASABLE_MISSING)
    assert (missing.status, missing.cancelled_reason) == (ReminderStatus.CANCELLED, "release time changed")
    assert plan(detainer) == {
        (ReminderKind.DECISION_DUE, local(2026, 5, 5, 8, 0), Role.DESK_OFFICER),
        (ReminderKind.DECISION_DUE, local(2026, 5, 5, 11, 0), Role.DESK_OFFICER),
        (ReminderKind.DECISION_OVERDUE, local(2026, 5, 5, 12, 0), Role.SUPERVISOR),
    }

    with time_machine.travel(local(2026, 5, 4, 10, 0), tick=False):
        case.refresh_from_db()
        services.case_update(
            case=case, data={"releasable_at": local(2026, 5, 5, 16, 0)}, acting_user=desk_officer
        )
    assert {due for _, due, _ in plan(detainer)} == {
        local(2026, 5, 5, 12, 0),
        local(2026, 5, 5, 15, 0),
        local(2026, 5, 5, 16, 0),
    }
    # Back to the first time: the cancelled reminders are scheduled again, not duplicated.
    with time_machine.travel(local(2026, 5, 4, 10, 30), tick=False):
        case.refresh_from_db()
        services.case_update(
            case=case, data={"releasable_at": local(2026, 5, 5, 12, 0)}, acting_user=desk_officer
        )
    assert {due for _, due, _ in plan(detainer)} == {
        local(2026, 5, 5, 8, 0),
        local(2026, 5, 5, 11, 0),
        local(2026, 5, 5, 12, 0),
    }
    assert Reminder.objects.filter(about(detainer)).count() == 1 + 3 + 3


def test_it_plans_hold_and_review_reminders_across_the_autumn_daylight_saving_change(
    agency, desk_officer, supervisor
):
    decided = local(2026, 10, 31, 9, 0)
    with time_machine.travel(decided, tick=False):
        case = book(agency, releasable_at=local(2026, 10, 31, 10, 0))  # EDT: 14:00 UTC
        detainer = log_detainer(case, supervisor)
        decision = record_hold(detainer, desk_officer)

    # 48 real hours: clocks fell back on 1 November, so the limit is 09:00 EST local.
    limit = utc(2026, 11, 2, 14, 0)
    assert decision.hold_until == limit
    assert timezone.localtime(limit).strftime("%a %H:%M %Z") == "Mon 09:00 EST"
    assert plan(detainer) == {
        (ReminderKind.HOLD_EXPIRING, utc(2026, 11, 2, 8, 0), Role.DESK_OFFICER),
        (ReminderKind.HOLD_EXPIRING, utc(2026, 11, 2, 13, 0), Role.DESK_OFFICER),
        (ReminderKind.HOLD_EXPIRED, limit, Role.DESK_OFFICER),
        (ReminderKind.HOLD_ESCALATION, utc(2026, 11, 2, 14, 15), Role.SUPERVISOR),
        # repeated until the person is released: 1, 2, 4, 8 and 24 hours after the limit
        *[
            (ReminderKind.HOLD_ESCALATION, limit + dt.timedelta(hours=h), Role.SUPERVISOR)
            for h in (1, 2, 4, 8, 24)
        ],
        (ReminderKind.REVIEW_WAITING, decided + dt.timedelta(hours=2), Role.SUPERVISOR),
    }
    expired = Reminder.objects.get(kind=ReminderKind.HOLD_EXPIRED)
    assert expired.title == "Release now: hold limit reached for Ana Lopez"
    assert "Mon 02 Nov 2026 09:00" in expired.body
    assert (expired.target_type, expired.target_id) == ("cases.decision", decision.pk)
    assert expired.group_key == f"cases.custodycase:{case.pk}"
    decided_kinds = Reminder.objects.filter(about(detainer), kind=ReminderKind.DECISION_DUE)
    assert set(decided_kinds.values_list("cancelled_reason", flat=True)) == {"decision recorded"}


def test_it_reminds_the_officer_who_held_when_not_a_desk_officer(agency, supervisor):
    with time_machine.travel(local(2026, 6, 1, 9, 0), tick=False):
        detainer = log_detainer(book(agency, releasable_at=local(2026, 6, 1, 10, 0)), supervisor)
        record_hold(detainer, supervisor)
    mine = Reminder.objects.filter(recipient_user=supervisor, status=ReminderStatus.SCHEDULED)
    assert set(mine.values_list("kind", flat=True)) == {
        ReminderKind.HOLD_EXPIRING,
        ReminderKind.HOLD_EXPIRED,
        ReminderKind.NOTICE_UNSERVED,  # the notice of the detainer the supervisor logged
    }


def test_it_stops_the_review_reminder_once_a_supervisor_reviews(agency, desk_officer, supervisor):
    with time_machine.travel(local(2026, 6, 1, 9, 0), tick=False):
        detainer = log_detainer(book(agency, releasable_at=local(2026, 6, 1, 10, 0)), desk_officer)
        decision = record_hold(detainer, desk_officer)
    with time_machine.travel(local(2026, 6, 1, 10, 0), tick=False):
        decision_review(decision=decision, outcome="approved", comments="", acting_user=supervisor)
    review = Reminder.objects.get(kind=ReminderKind.REVIEW_WAITING)
    assert (review.status, review.cancelled_reason) == (ReminderStatus.CANCELLED, "reviewed")
    assert Reminder.objects.filter(kind=ReminderKind.HOLD_EXPIRED, status=ReminderStatus.SCHEDULED).exists()


def test_it_cancels_the_deadline_reminders_when_the_person_is_released(agency, desk_officer):
    with time_machine.travel(local(2026, 6, 1, 9, 0), tick=False):
        case = book(agency, releasable_at=local(2026, 6, 1, 10, 0))
        detainer = log_detainer(case, desk_officer)
        record_hold(detainer, desk_officer)
    with time_machine.travel(local(2026, 6, 1, 11, 0), tick=False):
        services.case_release(case=case, at=timezone.now(), reason="Bond posted.", acting_user=desk_officer)
    hold_kinds = Reminder.objects.filter(group_key=group_of(case)).exclude(kind=ReminderKind.REVIEW_WAITING)
    hold_kinds = hold_kinds.exclude(cancelled_reason="decision recorded")
    assert {r.status for r in hold_kinds} == {ReminderStatus.CANCELLED}
    assert {r.cancelled_reason for r in hold_kinds} == {"case released"}
    # The decision still needs its review after the person left.
    assert Reminder.objects.get(kind=ReminderKind.REVIEW_WAITING).status == ReminderStatus.SCHEDULED


def test_it_cancels_the_decision_reminders_when_the_person_is_transferred(agency, desk_officer):
    with time_machine.travel(local(2026, 6, 1, 9, 0), tick=False):
        case = book(agency, releasable_at=local(2026, 6, 1, 20, 0))
        log_detainer(case, desk_officer)
        services.case_transfer(
            case=case, to_ice=False, at=timezone.now(), reason="Court order.", destination="Bridgeport CC",
            acting_user=desk_officer,
        )  # fmt: skip
    assert set(Reminder.objects.filter(group_key=group_of(case)).values_list("status", flat=True)) == {
        ReminderStatus.CANCELLED
    }


def test_reminder_texts_carry_the_zone_so_the_two_1_30s_of_the_fall_night_differ():
    import datetime as dt

    from trustportal.common.views import local_datetime_text

    first = dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # 01:30 EDT
    second = first + dt.timedelta(hours=1)  # 01:30 EST
    assert local_datetime_text(first) == "Sun 01 Nov 2026 01:30 EDT"
    assert local_datetime_text(second) == "Sun 01 Nov 2026 01:30 EST"
