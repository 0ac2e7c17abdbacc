"""Is a due reminder of this app still worth sending? Registered with the floor's sweep
(``trustportal.notifications.relevance``) for the case, detainer and decision targets.

The sweep passes a claimed batch; its targets are loaded in at most four queries, and each
reminder is checked against its case, detainer and decision as they are now.
"""

from django.db.models import Exists, OuterRef

from cases.models import CaseReminderKind as Kind
from cases.models import (
    CaseStatus,
    CustodyCase,
    Decision,
    Detainer,
    DetainerNotice,
    DetainerStatus,
    NotificationReview,
    OverrideRequest,
    ReviewWaiting,
)

CASE_TARGET = CustodyCase._meta.label_lower  # "cases.custodycase"
DETAINER_TARGET = Detainer._meta.label_lower
DECISION_TARGET = Decision._meta.label_lower
NOTICE_TARGET = DetainerNotice._meta.label_lower
TARGET_TYPES = (CASE_TARGET, DETAINER_TARGET, DECISION_TARGET, NOTICE_TARGET)
DECISION_KINDS = (Kind.DECISION_DUE, Kind.DECISION_OVERDUE, Kind.RELEASABLE_MISSING)
HOLD_KINDS = (Kind.HOLD_EXPIRING, Kind.HOLD_EXPIRED, Kind.HOLD_ESCALATION)
RELEASE_KINDS = (Kind.RELEASE_DUE, Kind.RELEASE_NOW, Kind.RELEASE_OVERDUE)
NOTICE_KINDS = (Kind.NOTICE_UNSERVED, Kind.NOTICE_ESCALATION)


def _ids(reminders, target_type) -> set[int]:
    return {r.target_id for r in reminders if r.target_type == target_type}


def _subjects(reminders) -> dict[tuple[str, int], tuple]:
    """(target type, id) -> (case, detainer, decision) for the batch's targets (a notice
    stands in the detainer's place: its ``served_at`` is what matters)."""
    decisions = Decision.objects.filter(pk__in=_ids(reminders, DECISION_TARGET)).select_related(
        "detainer__case"
    )
    decisions = decisions.annotate(
        awaiting_review=Exists(ReviewWaiting.objects.filter(decision=OuterRef("pk"))),
        superseded=Exists(Decision.objects.filter(supersedes=OuterRef("pk"))),
    )
    detainers = Detainer.objects.filter(pk__in=_ids(reminders, DETAINER_TARGET)).select_related("case")
    detainers = detainers.annotate(
        override_pending=Exists(OverrideRequest.objects.filter(detainer=OuterRef("pk"), status="pending")),
        head_review_pending=Exists(NotificationReview.objects.filter(detainer=OuterRef("pk"), outcome="")),
    )
    cases = CustodyCase.objects.filter(pk__in=_ids(reminders, CASE_TARGET))
    notices = DetainerNotice.objects.filter(pk__in=_ids(reminders, NOTICE_TARGET)).select_related(
        "detainer__case"
    )
    found = {(DECISION_TARGET, d.pk): (d.detainer.case, d.detainer, d) for d in decisions}
    found |= {(DETAINER_TARGET, d.pk): (d.case, d, None) for d in detainers}
    found |= {(CASE_TARGET, c.pk): (c, None, None) for c in cases}
    found |= {(NOTICE_TARGET, n.pk): (n.detainer.case, n, None) for n in notices}
    return found


def reasons_gone(reminders) -> dict[int, str]:
    """{reminder id: why its reason has gone} for the reminders that should not go out."""
    subjects = _subjects(reminders)
    reasons = {}
    for reminder in reminders:
        subject = subjects.get((reminder.target_type, reminder.target_id))
        reasons[reminder.pk] = _reason(reminder.kind, *subject) if subject else "no longer on record"
    return reasons


def _reason(kind, case, detainer, decision) -> str:
    """'' when the reminder should go out; else why its reason has gone."""
    if case.status != CaseStatus.IN_CUSTODY and kind not in (Kind.REVIEW_WAITING, Kind.REVIEW_RETURNED):
        return "case closed"
    if kind in NOTICE_KINDS:
        notice = detainer  # a notice's reminder: the notice stands in the detainer's place
        return "notice served" if isinstance(notice, DetainerNotice) and notice.served_at else ""
    if kind == Kind.OVERRIDE_WAITING and detainer is not None and not detainer.override_pending:
        return "override reviewed"
    if kind == Kind.HEAD_REVIEW_WAITING and detainer is not None and not detainer.head_review_pending:
        return "reviewed by the agency head"
    if kind == Kind.REVIEW_RETURNED and decision is not None and decision.superseded:
        return "corrected"
    if kind in DECISION_KINDS:
        return _decision_reason_gone(kind, case, detainer)
    if kind in HOLD_KINDS:
        return _hold_reason_gone(detainer, decision)
    if kind in RELEASE_KINDS and decision is not None and decision.superseded:
        return "decision corrected"
    if kind == Kind.REVIEW_WAITING and decision is not None and not decision.awaiting_review:
        return "reviewed"  # or superseded: no longer in the review queue
    return ""


def _decision_reason_gone(kind, case, detainer) -> str:
    if detainer is not None and detainer.status != DetainerStatus.OPEN:
        return "decision recorded"
    if kind == Kind.RELEASABLE_MISSING and case.releasable_at:
        return "release time entered"
    return ""


def _hold_reason_gone(detainer, decision) -> str:
    if detainer is not None and detainer.status != DetainerStatus.DECIDED:
        return f"detainer {detainer.get_status_display().lower()}"
    if decision is not None and decision.superseded:
        return "decision corrected"
    return ""
