"""The reminder sweep: time to deliver 10,000 due reminders of every kind (budget: < 30 s).

    .venv/bin/python benchmarks/bench_sweep.py [--count 10000]

Runs against PostgreSQL (BENCH_DATABASE_URL, default database trustportal_bench on
127.0.0.1). The reminders cycle through every registered kind, each about a real target as
the apps plan them: decision-due, decision-overdue and release-time-missing about a detainer,
hold-expiring/expired/escalation and review waiting/returned about a decision, training due
and overdue about an assignment's taker, certificate expiring about a certificate. A tenth
of the cases are released and a fifth of the detainers decided, so the relevance checks
cancel some reminders on every path. Half the reminders go to one user, half to a role of
5 users; the sweep checks relevance, writes the notifications and queues the e-mails (one
transaction per batch of 100); then the outbox sends the e-mails through Django's in-memory
backend.
"""

import argparse
import datetime as dt
import itertools
import time
from collections import Counter

from _django import setup

TARGET_CASES = 1_000


def targets(agency, officer):
    """(open detainers, decisions) of the sweep's own bookings ("SW…"), made once."""
    from bench_pages import _fill_decisions
    from django.utils import timezone

    from cases.models import CaseStatus, CustodyCase, Decision, Detainer, DetainerStatus, Person

    cases = CustodyCase.objects.filter(agency=agency, booking_number__startswith="SW")
    if not cases.exists():
        now = timezone.now()
        people = Person.objects.bulk_create(
            [
                Person(
                    agency=agency, last_name=f"Sweep{i}", first_name="Sam", date_of_birth=dt.date(1980, 1, 1)
                )
                for i in range(TARGET_CASES)
            ]
        )
        made = CustodyCase.objects.bulk_create(
            [
                CustodyCase(
                    agency=agency,
                    person=p,
                    booking_number=f"SW{i:06d}",
                    booked_at=now - dt.timedelta(days=2),
                    facility="Bench",
                    releasable_at=None if i % 7 == 0 else now + dt.timedelta(hours=i % 48),
                    status=CaseStatus.RELEASED if i % 10 == 9 else CaseStatus.IN_CUSTODY,
                    closed_at=now if i % 10 == 9 else None,
                )
                for i, p in enumerate(people)
            ]
        )
        detainers = Detainer.objects.bulk_create(
            [
                Detainer(
                    case=c,
                    received_at=now - dt.timedelta(days=1),
                    issued_on=now.date(),
                    created_by=officer,
                    status=DetainerStatus.DECIDED if i % 5 == 0 else DetainerStatus.OPEN,
                )
                for i, c in enumerate(made)
            ]
        )
        _fill_decisions(agency, officer, [d for d in detainers if d.status == DetainerStatus.DECIDED], now)
    detainers = list(Detainer.objects.filter(case__in=cases).order_by("pk").values_list("pk", flat=True))
    decisions = Decision.objects.filter(detainer__case__in=cases).order_by("pk")
    return detainers, list(decisions.values_list("pk", flat=True))


def plan(agency, users, count, detainers, decisions):
    """``count`` due reminders cycling through every kind, as the apps would plan them."""
    from django.utils import timezone

    from cases.models import CaseReminderKind as Case
    from training.models import Assignment, Certificate
    from training.reminders import MEMBER_GROUP
    from training.reminders import TrainingReminderKind as Training
    from trustportal.accounts.roles import Role
    from trustportal.notifications.models import Reminder

    detainer_kinds = (Case.DECISION_DUE, Case.DECISION_OVERDUE, Case.RELEASABLE_MISSING)
    decision_kinds = (
        Case.HOLD_EXPIRING,
        Case.HOLD_EXPIRED,
        Case.HOLD_ESCALATION,
        Case.REVIEW_WAITING,
        Case.REVIEW_RETURNED,
    )
    kinds = [*detainer_kinds, *decision_kinds, Training.TRAINING_DUE, Training.TRAINING_OVERDUE]
    kinds.append(Training.CERTIFICATE_EXPIRING)
    detainer_ids, decision_ids = itertools.cycle(detainers), itertools.cycle(decisions)
    now = timezone.now()
    rows = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind in detainer_kinds:
            target_type, target_id, group = "cases.detainer", next(detainer_ids), ""
        elif kind in decision_kinds:
            target_type, target_id, group = "cases.decision", next(decision_ids), ""
        elif kind == Training.CERTIFICATE_EXPIRING:
            target_type, target_id, group = Certificate._meta.label_lower, i, ""
        else:
            target_type, target_id, group = Assignment._meta.label_lower, i % 50, f"{MEMBER_GROUP}{i}"
        rows.append(
            Reminder(
                agency=agency,
                kind=kind,
                due_at=now - dt.timedelta(minutes=i % 90),
                recipient_user=users[0] if i % 2 else None,
                recipient_role="" if i % 2 else Role.DESK_OFFICER,
                target_type=target_type,
                target_id=target_id,
                group_key=group,
                title=f"Bench reminder {i}",
                body="Benchmark.",
                dedupe_key=f"bench:{i}",
            )
        )
    Reminder.objects.bulk_create(rows, batch_size=2000)
    return Counter(r.kind for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--no-outbox", action="store_true", help="time the sweep only")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.contrib.auth.models import Group

    from trustportal.accounts.models import Agency, User
    from trustportal.accounts.roles import Role
    from trustportal.notifications.models import Notification, OutboundEmail, Reminder
    from trustportal.notifications.outbox import outbox_deliver
    from trustportal.notifications.sweep import reminders_sweep

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    Reminder.objects.all().delete()
    agency, _ = Agency.objects.get_or_create(ori="CT0077700", defaults={"name": "Bench PD"})
    desk = Group.objects.get(name=Role.DESK_OFFICER)
    users = []
    for i in range(6):
        user, _ = User.objects.get_or_create(
            username=f"bench{i}", defaults={"agency": agency, "email": f"bench{i}@example.test"}
        )
        users.append(user)
    for user in users[1:]:
        user.groups.add(desk)
    detainers, decisions = targets(agency, users[0])
    kinds = plan(agency, users, args.count, detainers, decisions)
    started = time.perf_counter()
    counts = reminders_sweep()
    swept = time.perf_counter() - started
    notifications = Notification.objects.count()
    emails = OutboundEmail.objects.count()
    sent, mailed = {"sent": 0}, 0.0
    if not args.no_outbox:
        started = time.perf_counter()
        sent = outbox_deliver(limit=emails + 1)
        mailed = time.perf_counter() - started
    print(f"kinds: {len(kinds)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print(
        f"reminders: {args.count}  sent: {counts['sent']}  cancelled: {counts['cancelled']}  "
        f"failed: {counts['failed']}  notifications: {notifications}  e-mails queued: {emails}"
    )
    print(f"sweep: {swept:.1f} s ({args.count / swept:,.0f} reminders/s)  budget: 30 s for 10,000")
    print(f"outbox: {sent['sent']} e-mails in {mailed:.1f} s ({sent['sent'] / max(mailed, 1e-9):,.0f}/s)")


if __name__ == "__main__":
    main()
