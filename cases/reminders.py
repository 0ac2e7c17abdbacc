"""Reminders that cannot be lost (DESIGN §6).

The database is the source of truth and Celery beat is the clock:
- services call ``reminders_for_*`` inside their own transaction, so a reminder exists if
  and only if the event that caused it was committed;
- ``reminders_sweep`` (every minute) claims due rows with ``SELECT … FOR UPDATE SKIP
  LOCKED`` in small batches and, in the same transaction, writes the in-app notifications,
  queues the e-mails in the outbox and marks the reminder sent: a crash before commit
  leaves the reminder due, a crash after leaves it sent with its notifications;
- ``outbox_deliver`` sends queued e-mails one per transaction, retrying failures with
  backoff. A worker killed between sending and committing re-sends that one e-mail: at
  most one duplicate e-mail per crash per worker process, never a lost one.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from trustportal.accounts.models import User
from trustportal.accounts.roles import Role, roles_of

from .models import (
    CaseStatus,
    Decision,
    DecisionAction,
    DetainerStatus,
    Notification,
    OutboundEmail,
    OutboxStatus,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    ReminderStatus,
)

log = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_EMAIL_ATTEMPTS = 8
DECISION_KINDS = (ReminderKind.DECISION_DUE, ReminderKind.DECISION_OVERDUE, ReminderKind.RELEASABLE_MISSING)
HOLD_KINDS = (ReminderKind.HOLD_EXPIRING, ReminderKind.HOLD_EXPIRED, ReminderKind.HOLD_ESCALATION)


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%a %d %b %Y %H:%M}"


def _hours(text: str) -> list[int]:
    return sorted({int(h) for h in text.split(",") if h.strip().isdigit()}, reverse=True)


def policy_for(agency) -> ReminderPolicy:
    policy = ReminderPolicy.objects.filter(agency=agency).first()
    return policy or ReminderPolicy(agency=agency)


def _schedule(
    *,
    kind,
    due_at,
    agency,
    title,
    body="",
    link="",
    user=None,
    role="",
    case=None,
    detainer=None,
    decision=None,
    extra_key="",
) -> Reminder | None:
    """Create one reminder unless an identical one exists (the dedupe key)."""
    target = f"d{decision.pk}" if decision else f"t{detainer.pk}" if detainer else f"c{case.pk}"
    who = f"u{user.pk}" if user else f"r{role}"
    key = f"{kind}:{target}:{due_at.astimezone(dt.UTC):%Y%m%dT%H%M}:{who}{extra_key}"
    reminder, _ = Reminder.objects.get_or_create(
        dedupe_key=key[:200],
        defaults=dict(
            kind=kind,
            due_at=due_at,
            agency=agency,
            title=title[:200],
            body=body,
            link=link,
            recipient_user=user,
            recipient_role=role,
            case=case,
            detainer=detainer,
            decision=decision,
        ),
    )
    return reminder


def _officer_and_desk(**common):
    """The detainer's officer (when known) and the desk officers' role."""
    officer = common.pop("officer", None)
    if officer is not None and Role.DESK_OFFICER not in roles_of(officer):
        _schedule(user=officer, **common)
    _schedule(role=Role.DESK_OFFICER, **common)


# --- creation, called by services inside their transactions ------------------------------


def reminders_for_new_detainer(*, detainer) -> None:
    """A detainer arrived: remind before the release time, or ask for the release time."""
    case = detainer.case
    common = dict(
        agency=case.agency,
        case=case,
        detainer=detainer,
        officer=detainer.created_by,
        link=f"/cases/detainers/{detainer.pk}/decision/",
    )
    if case.releasable_at is None:
        _officer_and_desk(
            kind=ReminderKind.RELEASABLE_MISSING,
            due_at=timezone.now(),
            title=f"Enter the release time for {case.person.full_name}",
            body="A detainer was logged but the case has no 'would otherwise be released "
            "at' time. The decision deadline and the 48-hour limit count from it.",
            **common,
        )
        return
    _decision_reminders(case, detainer, common)


def _decision_reminders(case, detainer, common) -> None:
    now = timezone.now()
    name = case.person.full_name
    for hours in _hours(policy_for(case.agency).decision_lead_hours):
        due = case.releasable_at - dt.timedelta(hours=hours)
        if due > now:
            _officer_and_desk(
                kind=ReminderKind.DECISION_DUE,
                due_at=due,
                title=f"Detainer decision due in {hours} h: {name}",
                body=f"{name} would otherwise be released at {_local(case.releasable_at)}. "
                "Record the detainer decision before then.",
                **common,
            )
    common = {k: v for k, v in common.items() if k != "officer"}
    _schedule(
        kind=ReminderKind.DECISION_OVERDUE,
        due_at=case.releasable_at,
        role=Role.SUPERVISOR,
        title=f"Overdue: no detainer decision for {name}",
        body=f"{name} became releasable at {_local(case.releasable_at)} and no decision is recorded.",
        **common,
    )


def reminders_for_releasable_change(*, case) -> None:
    """The release time was set or changed: re-plan the decision reminders of open detainers."""
    open_detainers = case.detainers.filter(status=DetainerStatus.OPEN).select_related("created_by")
    for detainer in open_detainers:
        _cancel(Q(detainer=detainer, kind__in=DECISION_KINDS), "release time changed")
        if case.releasable_at is not None:
            common = dict(
                agency=case.agency,
                case=case,
                detainer=detainer,
                officer=detainer.created_by,
                link=f"/cases/detainers/{detainer.pk}/decision/",
            )
            _decision_reminders(case, detainer, common)


def reminders_for_decision(*, decision: Decision) -> None:
    """A decision was recorded: stop the decision reminders, plan hold and review reminders."""
    detainer, case = decision.detainer, decision.detainer.case
    _cancel(Q(detainer=detainer, kind__in=DECISION_KINDS), "decision recorded")
    if decision.supersedes_id:
        _cancel(Q(decision_id=decision.supersedes_id), "decision corrected")
    common = dict(
        agency=case.agency,
        case=case,
        detainer=detainer,
        decision=decision,
        link=f"/cases/decisions/{decision.pk}/",
    )
    policy = policy_for(case.agency)
    _schedule(
        kind=ReminderKind.REVIEW_WAITING,
        role=Role.SUPERVISOR,
        due_at=decision.recorded_at + dt.timedelta(hours=policy.review_wait_hours),
        title=f"Decision waiting for review: {case.person.full_name}",
        body="A detainer decision has waited more than "
        f"{policy.review_wait_hours} h for a supervisor's review.",
        **common,
    )
    if DecisionAction.HOLD in decision.actions and decision.hold_until:
        _hold_reminders(decision, case, common, policy)


def _hold_reminders(decision, case, common, policy) -> None:
    name, limit = case.person.full_name, decision.hold_until
    now = timezone.now()
    officer = decision.recorded_by
    for hours in _hours(policy.hold_lead_hours):
        due = limit - dt.timedelta(hours=hours)
        if due > now:
            _officer_and_desk(
                kind=ReminderKind.HOLD_EXPIRING,
                due_at=due,
                officer=officer,
                title=f"Hold limit in {hours} h: {name}",
                body=f"The hold for ICE ends at {_local(limit)}. Release {name} then "
                "unless ICE has taken custody.",
                **common,
            )
    _officer_and_desk(
        kind=ReminderKind.HOLD_EXPIRED,
        due_at=limit,
        officer=officer,
        title=f"Release now: hold limit reached for {name}",
        body=f"The 48-hour limit ended at {_local(limit)}. Release {name} now unless ICE "
        "has taken custody. Holding longer is unlawful detention.",
        **common,
    )
    _schedule(
        kind=ReminderKind.HOLD_ESCALATION,
        role=Role.SUPERVISOR,
        due_at=limit + dt.timedelta(minutes=policy.hold_escalation_minutes),
        title=f"Escalation: {name} still held past the limit",
        body=f"The hold limit ended at {_local(limit)} and the case is still open.",
        **common,
    )


def reminders_for_review(*, decision: Decision) -> None:
    _cancel(Q(decision=decision, kind=ReminderKind.REVIEW_WAITING), "reviewed")


def reminders_cancel_for_case(*, case) -> None:
    _cancel(Q(case=case), f"case {case.get_status_display().lower()}")


def _cancel(condition: Q, reason: str) -> int:
    return Reminder.objects.filter(condition, status=ReminderStatus.SCHEDULED).update(
        status=ReminderStatus.CANCELLED, cancelled_reason=reason[:200]
    )


# --- the sweep -------------------------------------------------------------------------


def _still_relevant(reminder: Reminder) -> str:
    """'' when the reminder should go out; else why its reason has gone."""
    case = reminder.case
    if (
        case is not None
        and case.status != CaseStatus.IN_CUSTODY
        and reminder.kind not in (ReminderKind.REVIEW_WAITING,)
    ):
        return "case closed"
    detainer = reminder.detainer
    if reminder.kind in DECISION_KINDS and detainer is not None and detainer.status != DetainerStatus.OPEN:
        return "decision recorded"
    if reminder.kind == ReminderKind.REVIEW_WAITING and reminder.decision is not None:
        decision = reminder.decision
        if hasattr(decision, "review") or Decision.objects.filter(supersedes=decision).exists():
            return "reviewed"
    return ""


def _recipients(reminder: Reminder) -> list[User]:
    if reminder.recipient_user_id:
        user = reminder.recipient_user
        return [user] if user.is_active else []
    return list(
        User.objects.filter(
            agency_id=reminder.agency_id, is_active=True, groups__name=reminder.recipient_role
        ).distinct()
    )


def _deliver(reminder: Reminder, now) -> None:
    """Write the notifications and queue the e-mails; the caller marks the reminder sent."""
    users = _recipients(reminder)
    Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                reminder=reminder,
                title=reminder.title,
                body=reminder.body,
                link=reminder.link,
                created_at=now,
            )
            for u in users
        ],
        ignore_conflicts=True,
    )
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                reminder=reminder,
                agency_id=reminder.agency_id,
                to=u.email,
                subject=f"[TrustPortal] {reminder.title}"[:200],
                body=_email_body(reminder),
                next_attempt_at=now,
                created_at=now,
            )
            for u in users
            if u.email
        ],
        ignore_conflicts=True,
    )
    if not users:
        reminder.last_error = f"No active recipient for {reminder.recipient_role or 'the user'}."


def _email_body(reminder: Reminder) -> str:
    link = f"\n\nOpen: {settings.SITE_URL.rstrip('/')}{reminder.link}" if reminder.link else ""
    return f"{reminder.body}{link}\n\nSign in to TrustPortal to see the case."


def _claim_batch(now, batch_size):
    return list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("case", "detainer", "decision", "recipient_user")
        .filter(status=ReminderStatus.SCHEDULED, due_at__lte=now)
        .order_by("due_at", "id")[:batch_size]
    )


def reminders_sweep(*, batch_size: int = BATCH_SIZE, max_batches: int = 1000) -> dict:
    """Deliver every due reminder; safe to run twice or on several workers at once."""
    counts = {"sent": 0, "cancelled": 0}
    for _ in range(max_batches):
        with transaction.atomic():
            now = timezone.now()
            batch = _claim_batch(now, batch_size)
            for reminder in batch:
                reason = _still_relevant(reminder)
                if reason:
                    reminder.status, reminder.cancelled_reason = ReminderStatus.CANCELLED, reason
                    counts["cancelled"] += 1
                else:
                    _deliver(reminder, now)
                    reminder.status, reminder.sent_at = ReminderStatus.SENT, now
                    counts["sent"] += 1
                reminder.attempts += 1
                reminder.save(
                    update_fields=["status", "sent_at", "attempts", "last_error", "cancelled_reason"]
                )
        if len(batch) < batch_size:
            break
    return counts


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def outbox_deliver(*, limit: int = 500) -> dict:
    """Send queued e-mails, one row per transaction; failures wait and are retried."""
    counts = {"sent": 0, "failed": 0}
    for _ in range(limit):
        with transaction.atomic():
            email = (
                OutboundEmail.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if email is None:
                break
            try:
                send_mail(email.subject, email.body, None, [email.to], fail_silently=False)
            except Exception as exc:  # noqa: BLE001 - any backend error is recorded and retried
                email.attempts += 1
                email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                email.next_attempt_at = timezone.now() + _backoff(email.attempts)
                if email.attempts >= MAX_EMAIL_ATTEMPTS:
                    email.status = OutboxStatus.FAILED
                counts["failed"] += 1
                log.warning(
                    "e-mail %s to %s failed (attempt %s): %s", email.pk, email.to, email.attempts, exc
                )
            else:
                email.attempts += 1
                email.status, email.sent_at = OutboxStatus.SENT, timezone.now()
                counts["sent"] += 1
            email.save(update_fields=["attempts", "last_error", "next_attempt_at", "status", "sent_at"])
    return counts


def outbox_retry(*, email: OutboundEmail, acting_user) -> None:
    """A supervisor asks for a failed e-mail to be tried again."""
    from trustportal.audit.services import audit_record

    with transaction.atomic():
        email.status, email.next_attempt_at = OutboxStatus.PENDING, timezone.now()
        email.save(update_fields=["status", "next_attempt_at"])
        audit_record(action="outbox.retry", acting_user=acting_user, obj=email, agency=email.agency)


def reminder_acknowledge(*, reminder: Reminder, acting_user) -> Reminder:
    from trustportal.audit.services import audit_record

    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if reminder.status == ReminderStatus.SENT:
            reminder.status = ReminderStatus.ACKNOWLEDGED
            reminder.acknowledged_by, reminder.acknowledged_at = acting_user, timezone.now()
            reminder.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
            audit_record(
                action="reminder.acknowledge", acting_user=acting_user, obj=reminder, agency=reminder.agency
            )
    return reminder


def reminders_status() -> dict:
    now = timezone.now()
    scheduled = Reminder.objects.filter(status=ReminderStatus.SCHEDULED)
    return {
        "due": scheduled.filter(due_at__lte=now).count(),
        "overdue": scheduled.filter(due_at__lte=now - dt.timedelta(minutes=5)).count(),
        "scheduled": scheduled.count(),
        "emails_pending": OutboundEmail.objects.filter(status=OutboxStatus.PENDING).count(),
        "emails_retrying": OutboundEmail.objects.filter(status=OutboxStatus.PENDING, attempts__gt=0).count(),
        "emails_failed": OutboundEmail.objects.filter(status=OutboxStatus.FAILED).count(),
    }
