"""Planning reminders, for every app: ``schedule``, ``cancel``, ``revive``.

Call them inside the transaction of the event that causes (or ends) the reminder, so a
reminder exists if and only if its event was committed. A reminder is about a *target*
("cases.detainer", 7) and belongs to a *group* ("cases.custodycase:3") that can be cancelled
at once; both are plain strings, so the floor needs no foreign key to any app.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from trustportal.notifications.kinds import is_registered
from trustportal.notifications.models import Notification, Reminder, ReminderStatus


@dataclass(frozen=True)
class Target:
    """What a reminder is about: a model label ("cases.detainer") and a primary key."""

    type: str
    id: int

    @classmethod
    def of(cls, obj) -> "Target":
        return cls(obj._meta.label_lower, obj.pk)

    def __str__(self) -> str:
        return f"{self.type}:{self.id}"


def group_of(obj) -> str:
    """The group key of every reminder about ``obj`` and the things under it."""
    return str(Target.of(obj))


def key_time(moment: dt.datetime) -> str:
    """A due time as it appears in dedupe keys (UTC, to the minute)."""
    return f"{moment.astimezone(dt.UTC):%Y%m%dT%H%M}"


def recipient_key(user=None, role: str = "") -> str:
    return f"u{user.pk}" if user is not None else f"r{role}"


def default_key(kind: str, target: Target, due_at: dt.datetime, user=None, role: str = "") -> str:
    return f"{kind}:{target}:{key_time(due_at)}:{recipient_key(user, role)}"


def schedule(
    *,
    kind: str,
    due_at: dt.datetime,
    agency,
    title: str,
    target: Target,
    group: str = "",
    user=None,
    role: str = "",
    body: str = "",
    link: str = "",
    dedupe_key: str = "",
) -> Reminder:
    """Create the reminder unless one with the same dedupe key exists (idempotent).

    The key defaults to kind, target, due time and recipient; an app whose rows predate this
    API passes its own. An identical reminder that was cancelled (the plan changed and then
    changed back) is scheduled again; one already sent is never sent twice.
    """
    if not is_registered(kind):
        raise ValueError(f"reminder kind {kind!r} is not registered by any app")
    if user is None and not role:
        raise ValueError("a reminder needs a recipient: a user or a role")
    key = (dedupe_key or default_key(kind, target, due_at, user, role))[:200]
    text = dict(title=title[:200], body=body, link=link)
    defaults = dict(
        kind=kind, due_at=due_at, agency=agency, recipient_user=user, recipient_role=role,
        target_type=target.type, target_id=target.id, group_key=group or str(target), **text,
    )  # fmt: skip
    reminder, created = Reminder.objects.get_or_create(dedupe_key=key, defaults=defaults)
    if not created and reminder.status == ReminderStatus.CANCELLED and revive(dedupe_key=key, **text):
        reminder.refresh_from_db()
    return reminder


def revive(
    *, dedupe_key: str, title: str | None = None, body: str | None = None, link: str | None = None
) -> bool:
    """Schedule again the cancelled reminder with this key, because its reason came back
    (with its text brought up to date). A reminder sent or still scheduled is left alone."""
    given = {"title": title[:200] if title is not None else None, "body": body, "link": link}
    text = {name: value for name, value in given.items() if value is not None}
    revived = Reminder.objects.filter(dedupe_key=dedupe_key, status=ReminderStatus.CANCELLED).update(
        status=ReminderStatus.SCHEDULED, cancelled_reason="", **text
    )
    return bool(revived)


def cancel(
    *, reason: str, target: Target | None = None, group: str = "", kinds: Iterable[str] | None = None
) -> int:
    """Cancel the scheduled reminders about ``target`` and/or in ``group`` (only those of
    ``kinds`` when given), saying why. Sent reminders stay sent. Returns how many."""
    if target is None and not group:
        raise ValueError("say which reminders to cancel: a target or a group")
    rows = Reminder.objects.filter(status=ReminderStatus.SCHEDULED)
    if target is not None:
        rows = rows.filter(target_type=target.type, target_id=target.id)
    if group:
        rows = rows.filter(group_key=group)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return rows.update(status=ReminderStatus.CANCELLED, cancelled_reason=reason[:200])


def settle(*, target: Target, kinds: Iterable[str], at: dt.datetime | None = None) -> int:
    """What the sent reminders about ``target`` asked for has been done (e.g. the decision
    was recorded): their unread notifications are marked read, so nobody is left with a
    "decision due" that is no longer due. Returns how many."""
    reminders = Reminder.objects.filter(
        target_type=target.type, target_id=target.id, kind__in=list(kinds), status=ReminderStatus.SENT
    )
    return Notification.objects.filter(reminder__in=reminders, read_at__isnull=True).update(
        read_at=at or timezone.now()
    )
