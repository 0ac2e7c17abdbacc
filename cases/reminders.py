"""The cases app's reminders (DESIGN §6): whom to remind of what, and when, as detainers,
release times, decisions and reviews come and go.

The services call ``reminders_for_*`` inside their own transactions, so a reminder exists if
and only if the event that caused it was committed. Planning goes through the floor's
scheduling API (``trustportal.notifications.scheduling``); delivery is the floor's sweep,
which first asks ``cases.reminder_relevance`` whether the reason is still there.

A reminder's target is the most specific of its decision, detainer and case; its group is
the case, so leaving custody cancels them all. Dedupe keys keep their original format
(``decision_due:t<detainer>:<UTC minute>:<recipient>``), so rows planned before still match.
"""

import datetime as dt

from django.utils import timezone

from cases.models import CaseReminderKind as Kind
from cases.models import Decision, DecisionAction, DetainerStatus, ReminderPolicy, ReviewOutcome
from cases.reminder_relevance import DECISION_KINDS, DECISION_TARGET, RELEASE_KINDS
from trustportal.accounts.roles import Role, roles_of
from trustportal.common.views import local_datetime_text
from trustportal.notifications.scheduling import (
    Target,
    cancel,
    group_of,
    key_time,
    recipient_key,
    schedule,
    settle,
)

# Kinds that stop when the person leaves custody (a decision still awaits review).
DEADLINE_KINDS = tuple(kind for kind in Kind if kind not in (Kind.REVIEW_WAITING, Kind.REVIEW_RETURNED))


def _local(moment) -> str:
    return local_datetime_text(moment)  # with the zone: two 01:30s on the night clocks go back


def _hours(text: str) -> list[int]:
    return sorted({int(h) for h in text.split(",") if h.strip().isdigit()}, reverse=True)


def policy_for(agency) -> ReminderPolicy:
    policy = ReminderPolicy.objects.filter(agency=agency).first()
    return policy or ReminderPolicy(agency=agency)


def decision_link(detainer) -> str:
    return f"/cases/detainers/{detainer.pk}/decision/"


def _schedule(*, kind, due_at, case, detainer=None, decision=None, user=None, role="", **text) -> None:
    """One reminder about the most specific of decision, detainer and case, in the case's group."""
    short = f"d{decision.pk}" if decision else f"t{detainer.pk}" if detainer else f"c{case.pk}"
    schedule(
        kind=kind,
        due_at=due_at,
        user=user,
        role=role,
        target=Target.of(decision or detainer or case),
        group=group_of(case),
        dedupe_key=f"{kind}:{short}:{key_time(due_at)}:{recipient_key(user, role)}",
        **text,
    )


def _officer_and_desk(**common):
    """The detainer's officer (when known) and the desk officers' role."""
    officer = common.pop("officer", None)
    if officer is not None and Role.DESK_OFFICER not in roles_of(officer):
        _schedule(user=officer, **common)
    _schedule(role=Role.DESK_OFFICER, **common)


# --- planning, called by services inside their transactions ------------------------------


def _detainer_common(detainer) -> dict:
    case = detainer.case
    return dict(
        agency=case.agency,
        case=case,
        detainer=detainer,
        officer=detainer.created_by,
        link=decision_link(detainer),
    )


def reminders_for_new_detainer(*, detainer) -> None:
    """A detainer arrived: remind before the release time, or ask for the release time."""
    _plan_decision(detainer)


def _plan_decision(detainer) -> None:
    case, common = detainer.case, _detainer_common(detainer)
    if case.releasable_at is None:
        _officer_and_desk(
            kind=Kind.RELEASABLE_MISSING,
            due_at=timezone.now(),
            title=f"Enter the release time for {case.person.full_name}",
            body="A detainer was logged but the case has no 'would otherwise be released "
            "at' time. The decision deadline and the 48-hour limit count from it.",
            **common,
        )
        return
    _decision_reminders(case, common)


def _decision_reminders(case, common) -> None:
    now, name, deadline = timezone.now(), case.person.full_name, case.releasable_at
    body = (
        f"{name} would otherwise be released at {_local(deadline)}. Record the detainer decision before then."
    )
    leads = _hours(policy_for(case.agency).decision_lead_hours)
    future = [h for h in leads if deadline - dt.timedelta(hours=h) > now]
    for hours in future:
        _officer_and_desk(
            kind=Kind.DECISION_DUE,
            due_at=deadline - dt.timedelta(hours=hours),
            title=f"Detainer decision due in {hours} h: {name}",
            body=body,
            **common,
        )
    if deadline > now and len(future) < len(leads):
        # Logged inside the reminder window: tell the desk at once.
        _officer_and_desk(
            kind=Kind.DECISION_DUE,
            due_at=now,
            title=f"Detainer decision due by {timezone.localtime(deadline):%H:%M}: {name}",
            body=body,
            **common,
        )
    common = {k: v for k, v in common.items() if k != "officer"}
    _schedule(
        kind=Kind.DECISION_OVERDUE,
        due_at=deadline,
        role=Role.SUPERVISOR,
        title=f"Overdue: no detainer decision for {name}",
        body=f"{name} became releasable at {_local(deadline)} and no decision is recorded.",
        **common,
    )


def reminders_for_releasable_change(*, case) -> None:
    """The release time was set, changed or cleared: re-plan the open detainers' reminders."""
    open_detainers = case.detainers.filter(status=DetainerStatus.OPEN).select_related(
        "created_by", "case__person", "case__agency"
    )
    for detainer in open_detainers:
        cancel(target=Target.of(detainer), kinds=DECISION_KINDS, reason="release time changed")
        _plan_decision(detainer)
    decided = Decision.objects.filter(
        detainer__case=case,
        detainer__status__in=(DetainerStatus.DECIDED, DetainerStatus.DECLINED),
        superseded_by__isnull=True,
    ).select_related("detainer__case__person", "detainer__case__agency", "recorded_by")
    for decision in decided:
        if releases_at_release_time(decision):
            cancel(target=Target.of(decision), kinds=RELEASE_KINDS, reason="release time changed")
            if case.releasable_at:
                common = dict(agency=case.agency, case=case, detainer=decision.detainer, decision=decision,
                              link=f"/cases/decisions/{decision.pk}/")  # fmt: skip
                _release_reminders(decision, case, common, policy_for(case.agency))


def reminders_for_decision(*, decision: Decision) -> None:
    """A decision was recorded: stop the decision reminders, plan hold and review reminders."""
    detainer, case = decision.detainer, decision.detainer.case
    cancel(target=Target.of(detainer), kinds=DECISION_KINDS, reason="decision recorded")
    settle(target=Target.of(detainer), kinds=DECISION_KINDS)  # "decision due" is no longer new
    if decision.supersedes_id:
        cancel(target=Target(DECISION_TARGET, decision.supersedes_id), reason="decision corrected")
    common = dict(
        agency=case.agency,
        case=case,
        detainer=detainer,
        decision=decision,
        link=f"/cases/decisions/{decision.pk}/",
    )
    policy = policy_for(case.agency)
    _schedule(
        kind=Kind.REVIEW_WAITING,
        role=Role.SUPERVISOR,
        due_at=decision.recorded_at + dt.timedelta(hours=policy.review_wait_hours),
        title=f"Decision waiting for review: {case.person.full_name}",
        body="A detainer decision has waited more than "
        f"{policy.review_wait_hours} h for a supervisor's review.",
        **common,
    )
    if DecisionAction.HOLD in decision.actions and decision.hold_until:
        _hold_reminders(decision, case, common, policy)
    elif releases_at_release_time(decision) and case.releasable_at:
        _release_reminders(decision, case, common, policy)


# Escalations to supervisors after a limit passes, repeated until the person leaves custody
# (each one is dropped by the sweep once the case is closed).
ESCALATE_AFTER = (dt.timedelta(hours=1), dt.timedelta(hours=2), dt.timedelta(hours=4),
                  dt.timedelta(hours=8), dt.timedelta(hours=24))  # fmt: skip


def releases_at_release_time(decision: Decision) -> bool:
    """A decision that declines the detainer or only permits telling ICE: the person is released
    when otherwise releasable (no hold, no transfer)."""
    return not ({DecisionAction.HOLD, DecisionAction.TRANSFER} & set(decision.actions))


def _release_reminders(decision, case, common, policy) -> None:
    """Release is a duty too: the same reminders as a hold's limit, at the release time."""
    name, due = case.person.full_name, case.releasable_at
    now = timezone.now()
    for hours in _hours(policy.hold_lead_hours):
        if due - dt.timedelta(hours=hours) > now:
            _officer_and_desk(
                kind=Kind.RELEASE_DUE,
                due_at=due - dt.timedelta(hours=hours),
                officer=decision.recorded_by,
                title=f"Release at {timezone.localtime(due):%H:%M}: {name}",
                body=f"The detainer decision does not allow holding {name}. Release at {_local(due)}.",
                **common,
            )
    _officer_and_desk(
        kind=Kind.RELEASE_NOW,
        due_at=due,
        officer=decision.recorded_by,
        title=f"Release now: {name}",
        body=f"{name} became releasable at {_local(due)} and the detainer decision does not allow "
        "holding them. Holding longer is unlawful detention.",
        **common,
    )
    first = dt.timedelta(minutes=policy.hold_escalation_minutes)
    for after in (first, *ESCALATE_AFTER):
        _schedule(
            kind=Kind.RELEASE_OVERDUE,
            role=Role.SUPERVISOR,
            due_at=due + after,
            title=f"Escalation: {name} not released",
            body=f"{name} should have been released at {_local(due)} and the case is still open.",
            **common,
        )


def _hold_reminders(decision, case, common, policy) -> None:
    name, limit = case.person.full_name, decision.hold_until
    now = timezone.now()
    officer = decision.recorded_by
    for hours in _hours(policy.hold_lead_hours):
        due = limit - dt.timedelta(hours=hours)
        if due > now:
            _officer_and_desk(
                kind=Kind.HOLD_EXPIRING,
                due_at=due,
                officer=officer,
                title=f"Hold limit in {hours} h: {name}",
                body=f"The hold for ICE ends at {_local(limit)}. Release {name} then "
                "unless ICE has taken custody.",
                **common,
            )
    _officer_and_desk(
        kind=Kind.HOLD_EXPIRED,
        due_at=limit,
        officer=officer,
        title=f"Release now: hold limit reached for {name}",
        body=f"The 48-hour limit ended at {_local(limit)}. Release {name} now unless ICE "
        "has taken custody. Holding longer is unlawful detention.",
        **common,
    )
    first = dt.timedelta(minutes=policy.hold_escalation_minutes)
    for after in (first, *ESCALATE_AFTER):  # until the person is released or transferred
        _schedule(
            kind=Kind.HOLD_ESCALATION,
            role=Role.SUPERVISOR,
            due_at=limit + after,
            title=f"Escalation: {name} still held past the limit",
            body=f"The hold limit ended at {_local(limit)} and the case is still open.",
            **common,
        )


def reminders_for_review(*, decision: Decision) -> None:
    """Reviewed: the supervisors' "waiting for review" is done; a returned decision goes back
    to the officer who recorded it, at once, with the supervisor's comments."""
    cancel(target=Target.of(decision), kinds=[Kind.REVIEW_WAITING], reason="reviewed")
    settle(target=Target.of(decision), kinds=[Kind.REVIEW_WAITING])
    review = decision.review
    if review.outcome != ReviewOutcome.RETURNED:
        return
    case = decision.detainer.case
    _schedule(
        kind=Kind.REVIEW_RETURNED,
        user=decision.recorded_by,
        due_at=review.reviewed_at,
        agency=case.agency,
        case=case,
        decision=decision,
        title=f"Decision returned: {case.person.full_name}",
        body=f"{review.reviewer.get_full_name() or review.reviewer.username} returned it: {review.comments}",
        link=f"/cases/decisions/{decision.pk}/",
    )


def reminders_cancel_for_case(*, case) -> None:
    """The person left custody: no more deadline reminders (a decision still awaits review)."""
    cancel(group=group_of(case), kinds=DEADLINE_KINDS, reason=f"case {case.get_status_display().lower()}")


# --- override requests and the agency head's review ((c)) ----------------------------------


def reminders_for_override(*, request) -> None:
    """An override request waits for a supervisor now; once reviewed, its officer is told."""
    detainer = request.detainer
    case = detainer.case
    common = dict(
        agency=case.agency, case=case, detainer=detainer, link=decision_link(detainer) + "#overrides"
    )
    if request.status == "pending":
        _schedule(
            kind=Kind.OVERRIDE_WAITING,
            role=Role.SUPERVISOR,
            due_at=request.requested_at,
            title=f"Override request to approve: {case.person.full_name}",
            body=f"{_name(request.requested_by)} asks to depart from the guidance: {request.reason}",
            **common,
        )
        return
    cancel(target=Target.of(detainer), kinds=[Kind.OVERRIDE_WAITING], reason="override reviewed")
    settle(target=Target.of(detainer), kinds=[Kind.OVERRIDE_WAITING])
    _schedule(
        kind=Kind.OVERRIDE_DECIDED,
        user=request.requested_by,
        due_at=request.reviewed_at,
        title=f"Override {request.get_status_display().lower()}: {case.person.full_name}",
        body=f"{_name(request.reviewed_by)}: {request.review_comments or request.get_status_display()}",
        **common,
    )


def reminders_for_head_review(*, review) -> None:
    """A notification request waits for the agency head; once reviewed, the desk is told."""
    detainer = review.detainer
    case = detainer.case
    common = dict(
        agency=case.agency, case=case, detainer=detainer, link=f"/cases/detainers/{detainer.pk}/#ice-access"
    )
    if review.pending:
        _schedule(
            kind=Kind.HEAD_REVIEW_WAITING,
            role=Role.AGENCY_HEAD,
            due_at=review.forwarded_at,
            title=f"Release-date request to review: {case.person.full_name}",
            body="ICE asked to be told the release date and time. The law asks the head of the "
            "agency to review the request before anyone answers it (C.G.S. § 54-192h(c)).",
            **common,
        )
        return
    cancel(target=Target.of(detainer), kinds=[Kind.HEAD_REVIEW_WAITING], reason="reviewed by the agency head")
    settle(target=Target.of(detainer), kinds=[Kind.HEAD_REVIEW_WAITING])
    _schedule(
        kind=Kind.HEAD_REVIEW_DONE,
        user=review.forwarded_by,
        due_at=review.reviewed_at,
        title=f"Release-date request reviewed: {case.person.full_name}",
        body=f"{_name(review.reviewed_by)}: {review.get_outcome_display()}. {review.comments}".strip(),
        **common,
    )


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "Someone"


# --- notices to the person and their attorney ((e)(1)) -------------------------------------

NOTICE_KINDS = (Kind.NOTICE_UNSERVED, Kind.NOTICE_ESCALATION)
NOTICE_FIRST_REMINDER = dt.timedelta(minutes=30)
NOTICE_ESCALATE_AFTER = (dt.timedelta(hours=2), dt.timedelta(hours=8), dt.timedelta(hours=24),
                         dt.timedelta(hours=48))  # fmt: skip


def reminders_for_notice(*, notice) -> None:
    """A notice was prepared: remind the desk to serve it, then the supervisors, again and
    again, until it is served (or the good-faith attempt recorded) or the person leaves
    custody. Served: its reminders stop."""
    target = Target.of(notice)
    if notice.served_at is not None:
        cancel(target=target, kinds=NOTICE_KINDS, reason="notice served")
        settle(target=target, kinds=NOTICE_KINDS)
        return
    detainer = notice.detainer
    case = detainer.case
    name, whom = case.person.full_name, notice.get_recipient_display().lower()
    what = (
        "the notice of the detainer"
        if notice.kind == "detainer_received"
        else "the copy of the release notification"
    )
    common = dict(agency=case.agency, target=target, group=group_of(case),
                  link=f"/cases/detainers/{detainer.pk}/#notices")  # fmt: skip
    first = notice.created_at + NOTICE_FIRST_REMINDER
    title = f"Serve {what} on {whom}: {name}"
    body = (
        "The law requires it (C.G.S. § 54-192h(e)(1)). Print it from the detainer page, serve it, record how."
    )
    creator = notice.created_by
    if Role.DESK_OFFICER not in roles_of(creator):
        schedule(kind=Kind.NOTICE_UNSERVED, due_at=first, user=creator, title=title, body=body, **common)
    schedule(
        kind=Kind.NOTICE_UNSERVED, due_at=first, role=Role.DESK_OFFICER, title=title, body=body, **common
    )
    for after in NOTICE_ESCALATE_AFTER:
        schedule(
            kind=Kind.NOTICE_ESCALATION,
            due_at=notice.created_at + after,
            role=Role.SUPERVISOR,
            title=f"Escalation: {what} not served on {whom}: {name}",
            body=f"Prepared at {_local(notice.created_at)} and still neither served nor attempted.",
            **common,
        )
