"""The reminder sweep: time to deliver 10,000 due reminders (budget: under a minute).

    .venv/bin/python benchmarks/bench_sweep.py [--count 10000]

Runs against PostgreSQL (BENCH_DATABASE_URL, default database trustportal_bench on
127.0.0.1). Half the reminders go to one user, half to a role of 5 users; the sweep writes
the notifications and queues the e-mails (one transaction per batch of 100), then the
outbox sends the e-mails through Django's in-memory backend.
"""

import argparse
import datetime as dt
import time

from _django import setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from training.reminders import TrainingReminderKind
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
    now = timezone.now()
    Reminder.objects.bulk_create(
        [
            Reminder(
                agency=agency,
                kind=TrainingReminderKind.TRAINING_DUE,
                due_at=now - dt.timedelta(minutes=i % 90),
                recipient_user=users[0] if i % 2 else None,
                recipient_role="" if i % 2 else Role.DESK_OFFICER,
                title=f"Bench reminder {i}",
                body="Benchmark.",
                dedupe_key=f"bench:{i}",
            )
            for i in range(args.count)
        ],
        batch_size=2000,
    )
    started = time.perf_counter()
    counts = reminders_sweep()
    swept = time.perf_counter() - started
    notifications = Notification.objects.count()
    emails = OutboundEmail.objects.count()
    started = time.perf_counter()
    sent = outbox_deliver(limit=emails + 1)
    mailed = time.perf_counter() - started
    print(
        f"reminders: {args.count}  sent: {counts['sent']}  "
        f"notifications: {notifications}  e-mails queued: {emails}"
    )
    print(f"sweep: {swept:.1f} s ({args.count / swept:,.0f} reminders/s)  budget: 60 s for 10,000")
    print(f"outbox: {sent['sent']} e-mails in {mailed:.1f} s ({sent['sent'] / max(mailed, 1e-9):,.0f}/s)")


if __name__ == "__main__":
    main()
