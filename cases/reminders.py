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

Other apps (training) write their own Reminder rows (with ``target_type``/``target_id``);
the sweep delivers them like any other.
"""

import datetime as dt
import logging
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import (
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
from trustportal.accounts.models import User
from trustportal.accounts.roles import Role, roles_of

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


def decision_link(detainer) -> str:
    return f"/cases/detainers/{detainer.pk}/decision/"


def _target_key(case, detainer, decision) -> str:
    return f"d{decision.pk}" if decision else f"t{detainer.pk}" if detainer else f"c{case.pk}"


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
) -> Reminder:
    """Create one reminder unless an identical one exists (the dedupe key).

    An identical reminder that was cancelled (the plan changed and then changed back) is
    scheduled again; one already sent is never sent twice.
    """
    who = f"u{user.pk}" if user else f"r{role}"
    when = f"{due_at.astimezone(dt.UTC):%Y%m%dT%H%M}"
    key = f"{kind}:{_target_key(case, detainer, decision)}:{when}:{who}"[:200]
    fields = dict(title=title[:200], body=body, link=link)
    reminder, created = Reminder.objects.get_or_create(
        dedupe_key=key,
        defaults=dict(
            kind=kind,
            due_at=due_at,
            agency=agency,
            recipient_user=user,
            recipient_role=role,
            case=case,
            detainer=detainer,
            decision=decision,
            **fields,
        ),
    )
    if not created and reminder.status == ReminderStatus.CANCELLED:
        revived = Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.CANCELLED).update(
            status=ReminderStatus.SCHEDULED, cancelled_reason="", **fields
        )
        if revived:
            reminder.refresh_from_db()
    return reminder


def _officer_and_desk(**common):
    """The detainer's officer (when known) and the desk officers' role."""
    officer = common.pop("officer", None)
    if officer is not None and Role.DESK_OFFICER not in roles_of(officer):
        _schedule(user=officer, **common)
    _schedule(role=Role.DESK_OFFICER, **common)


# --- creation, called by services inside their transactions ------------------------------


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
            kind=ReminderKind.RELEASABLE_MISSING,
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
            kind=ReminderKind.DECISION_DUE,
            due_at=deadline - dt.timedelta(hours=hours),
            title=f"Detainer decision due in {hours} h: {name}",
            body=body,
            **common,
        )
    if deadline > now and len(future) < len(leads):
        # Logged inside the reminder window: tell the desk at once.
        _officer_and_desk(
            kind=ReminderKind.DECISION_DUE,
            due_at=now,
            title=f"Detainer decision due by {timezone.localtime(deadline):%H:%M}: {name}",
            body=body,
            **common,
        )
    common = {k: v for k, v in common.items() if k != "officer"}
    _schedule(
        kind=ReminderKind.DECISION_OVERDUE,
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
        _cancel(Q(detainer=detainer, kind__in=DECISION_KINDS), "release time changed")
        _plan_decision(detainer)


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
    """The person left custody: no more deadline reminders (a decision still awaits review)."""
    _cancel(Q(case=case) & ~Q(kind=ReminderKind.REVIEW_WAITING), f"case {case.get_status_display().lower()}")


def _cancel(condition: Q, reason: str) -> int:
    return Reminder.objects.filter(condition, status=ReminderStatus.SCHEDULED).update(
        status=ReminderStatus.CANCELLED, cancelled_reason=reason[:200]
    )


# --- the sweep -------------------------------------------------------------------------


def _still_relevant(reminder: Reminder) -> str:
    """'' when the reminder should go out; else why its reason has gone."""
    case, kind = reminder.case, reminder.kind
    if case is not None and case.status != CaseStatus.IN_CUSTODY and kind != ReminderKind.REVIEW_WAITING:
        return "case closed"
    if kind in DECISION_KINDS:
        return _decision_reason_gone(reminder)
    if kind in HOLD_KINDS:
        return _hold_reason_gone(reminder)
    if kind == ReminderKind.REVIEW_WAITING and reminder.decision is not None:
        decision = reminder.decision
        if hasattr(decision, "review") or Decision.objects.filter(supersedes=decision).exists():
            return "reviewed"
    return ""


def _decision_reason_gone(reminder: Reminder) -> str:
    detainer = reminder.detainer
    if detainer is not None and detainer.status != DetainerStatus.OPEN:
        return "decision recorded"
    if reminder.kind == ReminderKind.RELEASABLE_MISSING and reminder.case and reminder.case.releasable_at:
        return "release time entered"
    return ""


def _hold_reason_gone(reminder: Reminder) -> str:
    if reminder.detainer is not None and reminder.detainer.status != DetainerStatus.DECIDED:
        return f"detainer {reminder.detainer.get_status_display().lower()}"
    if reminder.decision_id and Decision.objects.filter(supersedes_id=reminder.decision_id).exists():
        return "decision corrected"
    return ""


def _recipients(reminder: Reminder, cache: dict) -> list[User]:
    """Active recipients; a role's members are looked up once per batch."""
    if reminder.recipient_user_id:
        user = reminder.recipient_user
        return [user] if user.is_active else []
    key = (reminder.agency_id, reminder.recipient_role)
    if key not in cache:
        members = User.objects.filter(agency_id=key[0], is_active=True, groups__name=key[1])
        cache[key] = list(members.distinct().order_by("pk"))
    return cache[key]


def _email_body(reminder: Reminder) -> str:
    link = f"\n\nOpen: {settings.SITE_URL.rstrip('/')}{reminder.link}" if reminder.link else ""
    return f"{reminder.body}{link}\n\nSign in to TrustPortal to see the case."


def default_batch_size() -> int:
    """Rows claimed per transaction; TRUSTPORTAL_SWEEP_BATCH_SIZE overrides (tests use 10)."""
    value = os.environ.get("TRUSTPORTAL_SWEEP_BATCH_SIZE", "")
    return int(value) if value.isdigit() and int(value) > 0 else BATCH_SIZE


def _claim_batch(now, batch_size, skip_ids):
    return list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("case", "detainer", "decision", "recipient_user")
        .filter(status=ReminderStatus.SCHEDULED, due_at__lte=now)
        .exclude(pk__in=skip_ids)
        .order_by("due_at", "id")[:batch_size]
    )


class _Delivery:
    """What one transaction writes for the reminders it settles: their notifications, their
    queued e-mails and their new status, in three bulk statements."""

    FIELDS = ["status", "sent_at", "attempts", "last_error", "cancelled_reason"]

    def __init__(self, now):
        self.now, self.cache = now, {}
        self.reminders, self.notifications, self.emails = [], [], []
        self.counts = {"sent": 0, "cancelled": 0, "failed": 0}

    def settle(self, reminder: Reminder) -> None:
        """Decide (reads only) whether the reminder goes out, and to whom."""
        reason = _still_relevant(reminder)
        users = [] if reason else _recipients(reminder, self.cache)
        reminder.attempts += 1
        if reason:
            reminder.status, reminder.cancelled_reason = ReminderStatus.CANCELLED, reason[:200]
        else:
            reminder.status, reminder.sent_at = ReminderStatus.SENT, self.now
            nobody = f"No active recipient ({reminder.recipient_role or 'user'})."
            reminder.last_error = "" if users else nobody
            self._queue(reminder, users)
        self.reminders.append(reminder)
        self.counts["cancelled" if reason else "sent"] += 1

    def _queue(self, reminder, users) -> None:
        common = dict(reminder=reminder, created_at=self.now)
        self.notifications += [
            Notification(user=u, title=reminder.title, body=reminder.body, link=reminder.link, **common)
            for u in users
        ]
        subject, body = f"[TrustPortal] {reminder.title}"[:200], _email_body(reminder)
        self.emails += [
            OutboundEmail(agency_id=reminder.agency_id, to=address, subject=subject, body=body,
                          next_attempt_at=self.now, **common)
            for address in dict.fromkeys(u.email for u in users if u.email)
        ]  # fmt: skip

    def write(self) -> None:
        Notification.objects.bulk_create(self.notifications, ignore_conflicts=True)
        OutboundEmail.objects.bulk_create(self.emails, ignore_conflicts=True)
        Reminder.objects.bulk_update(self.reminders, self.FIELDS)


def _sweep_batch(batch: list[Reminder], now) -> dict:
    """Settle a claimed batch in one savepoint; if anything fails, one reminder at a time, so
    a reminder that cannot be delivered is recorded and retried at the next sweep instead of
    blocking the rest."""
    snapshot = [{f: getattr(r, f) for f in _Delivery.FIELDS} for r in batch]
    try:
        with transaction.atomic():
            delivery = _Delivery(now)
            for reminder in batch:
                delivery.settle(reminder)
            delivery.write()
            return delivery.counts
    except Exception:  # noqa: BLE001 - retried one by one below
        for reminder, fields in zip(batch, snapshot, strict=True):
            for name, value in fields.items():
                setattr(reminder, name, value)
    counts = {"sent": 0, "cancelled": 0, "failed": 0}
    for reminder in batch:
        outcome = _sweep_one(reminder, now)
        counts[outcome] += 1
    return counts


def _sweep_one(reminder: Reminder, now) -> str:
    attempts = reminder.attempts
    try:
        with transaction.atomic():
            delivery = _Delivery(now)
            delivery.settle(reminder)
            delivery.write()
            return "sent" if delivery.counts["sent"] else "cancelled"
    except Exception as exc:  # noqa: BLE001 - recorded on the reminder, shown to supervisors
        log.exception("reminder %s could not be delivered", reminder.pk)
        reminder.status, reminder.attempts = ReminderStatus.SCHEDULED, attempts + 1
        reminder.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        reminder.save(update_fields=["status", "attempts", "last_error"])
        return "failed"


def reminders_sweep(*, batch_size: int | None = None, max_batches: int = 1000) -> dict:
    """Deliver every due reminder; safe to run twice or on several workers at once."""
    batch_size = batch_size or default_batch_size()
    counts = {"sent": 0, "cancelled": 0, "failed": 0}
    failed: set[int] = set()
    for _ in range(max_batches):
        with transaction.atomic():
            now = timezone.now()
            batch = _claim_batch(now, batch_size, failed)
            outcomes = _sweep_batch(batch, now)
        failed |= {r.pk for r in batch if r.status == ReminderStatus.SCHEDULED}
        for key, value in outcomes.items():
            counts[key] += value
        if len(batch) < batch_size:
            break
    return counts


# --- the e-mail outbox -----------------------------------------------------------------


def _backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, … minutes after each failure, at most an hour."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def _claim_email():
    return (
        OutboundEmail.objects.select_for_update(skip_locked=True)
        .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "id")
        .first()
    )


def _send_one(email: OutboundEmail, connection) -> str:
    email.attempts += 1
    try:
        connection.open()  # once: the session then stays open for the next e-mails of the run
        EmailMessage(email.subject, email.body, None, [email.to], connection=connection).send()
    except Exception as exc:  # noqa: BLE001 - any backend error is recorded and retried
        connection.close()  # reconnect for the next e-mail: the server may have hung up
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.next_attempt_at = timezone.now() + _backoff(email.attempts)
        if email.attempts >= MAX_EMAIL_ATTEMPTS:
            email.status = OutboxStatus.FAILED
        log.warning("e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        outcome = "failed"
    else:
        email.status, email.sent_at = OutboxStatus.SENT, timezone.now()
        outcome = "sent"
    email.save(update_fields=["attempts", "last_error", "next_attempt_at", "status", "sent_at"])
    return outcome


def outbox_deliver(*, limit: int = 500) -> dict:
    """Send queued e-mails, one row per transaction; failures wait and are retried.

    The row stays locked while its e-mail is handed to the backend and is marked sent in the
    same transaction: a process killed in between re-sends that one e-mail later. One
    backend connection (one SMTP session) serves the whole run.
    """
    counts = {"sent": 0, "failed": 0}
    connection = get_connection()
    try:
        for _ in range(limit):
            with transaction.atomic():
                email = _claim_email()
                if email is None:
                    break
                counts[_send_one(email, connection)] += 1
    finally:
        connection.close()
    return counts


# --- what people do: acknowledge, read, retry -------------------------------------------


def outbox_retry(*, email: OutboundEmail, acting_user) -> OutboundEmail:
    """A supervisor asks for a failed or waiting e-mail to be tried again now."""
    from trustportal.audit.services import audit_record

    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == OutboxStatus.SENT:
            raise ValidationError("This e-mail has been sent already.")
        email.status, email.next_attempt_at = OutboxStatus.PENDING, timezone.now()
        email.save(update_fields=["status", "next_attempt_at"])
        audit_record(
            action="outbox.retry",
            acting_user=acting_user,
            obj=email,
            agency=email.agency,
            details={"attempts": email.attempts},
        )
    return email


def reminder_acknowledge(*, reminder: Reminder, acting_user) -> Reminder:
    """Someone who received the reminder says it is being dealt with (once; who and when)."""
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
            Notification.objects.filter(reminder=reminder, user=acting_user, read_at__isnull=True).update(
                read_at=reminder.acknowledged_at
            )
    return reminder


def notifications_mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; audited (who saw what)."""
    from trustportal.audit.services import audit_record

    with transaction.atomic():
        unread = Notification.objects.filter(user=user, read_at__isnull=True)
        if notification is not None:
            unread = unread.filter(pk=notification.pk)
        ids = list(unread.values_list("pk", flat=True))
        count = Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
        if count:
            audit_record(
                action="notification.read",
                acting_user=user,
                obj=notification,
                agency=user.agency,
                details={"notifications": ids},
            )
    return count


def reminders_status() -> dict:
    now = timezone.now()
    scheduled = Reminder.objects.filter(status=ReminderStatus.SCHEDULED)
    pending = OutboundEmail.objects.filter(status=OutboxStatus.PENDING)
    return {
        "scheduled": scheduled.count(),
        "due": scheduled.filter(due_at__lte=now).count(),
        "overdue": scheduled.filter(due_at__lte=now - dt.timedelta(minutes=5)).count(),
        "failing": scheduled.exclude(last_error="").count(),
        "emails_pending": pending.count(),
        "emails_retrying": pending.filter(attempts__gt=0).count(),
        "emails_failed": OutboundEmail.objects.filter(status=OutboxStatus.FAILED).count(),
    }
