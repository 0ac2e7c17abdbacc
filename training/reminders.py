"""Training's reminders (DESIGN §7): before and after an assignment's due date, and before a
certificate expires. Planned through the floor's scheduling API
(``trustportal.notifications.scheduling``) inside the services' transactions, and delivered
by its sweep, which asks ``reasons_gone`` first.

Dedupe keys keep the format they had before the API existed, so rows planned earlier are
still recognised: ``training_due:a<assignment>:u<user>:<UTC minute>`` and so on.
"""

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from trustportal.common.views import local_datetime_text
from trustportal.notifications.scheduling import Target, cancel, group_of, key_time, schedule

from .models import Assignment, AssignmentMember, Certificate

DUE_LEAD_DAYS = (3, 1)
CERTIFICATE_WARNING_DAYS = 30
ASSIGNMENT_TARGET = Assignment._meta.label_lower  # "training.assignment"
CERTIFICATE_TARGET = Certificate._meta.label_lower  # "training.certificate"
MEMBER_GROUP = AssignmentMember._meta.label_lower + ":"  # one taker's reminders of an assignment


class TrainingReminderKind(models.TextChoices):
    TRAINING_DUE = "training_due", "Training due"
    TRAINING_OVERDUE = "training_overdue", "Training overdue"
    CERTIFICATE_EXPIRING = "certificate_expiring", "Certificate expiring"


Kind = TrainingReminderKind


def _local(moment) -> str:
    return local_datetime_text(moment)  # with the zone: two 01:30s on the night clocks go back


def assignment_reminders_plan(member: AssignmentMember, now) -> None:
    """Remind the taker before the due date and when overdue, and tell the trainer who
    assigned it when the taker is overdue. All in the member's group."""
    assignment, user = member.assignment, member.user
    quiz, due = assignment.quiz, assignment.due_at
    key = f"a{assignment.pk}:u{user.pk}"
    common: dict[str, Any] = dict(
        agency=assignment.agency, target=Target.of(assignment), group=group_of(member)
    )
    link = reverse("training:quiz_detail", args=[quiz.pk])
    for days in DUE_LEAD_DAYS:
        at = due - dt.timedelta(days=days)
        if at > now:
            schedule(
                kind=Kind.TRAINING_DUE, due_at=at, user=user, link=link,
                title=f"Training due in {days} day{'s' if days > 1 else ''}: {quiz.title}",
                body=f"Pass the quiz “{quiz.title}” by {_local(due)}.",
                dedupe_key=f"training_due:{key}:{key_time(at)}", **common,
            )  # fmt: skip
    schedule(
        kind=Kind.TRAINING_OVERDUE, due_at=due, user=user, link=link,
        title=f"Training overdue: {quiz.title}",
        body=f"The quiz “{quiz.title}” was due {_local(due)}. Take it as soon as you can.",
        dedupe_key=f"training_overdue:{key}:{key_time(due)}", **common,
    )  # fmt: skip
    schedule(
        kind=Kind.TRAINING_OVERDUE, due_at=due, user=assignment.assigned_by,
        link=reverse("training:report_overdue"),
        title=f"Overdue: {user} has not passed {quiz.title}",
        body=f"{user} had not passed the quiz “{quiz.title}” by {_local(due)}, when it was due.",
        dedupe_key=f"training_overdue:{key}:to{assignment.assigned_by_id}:{key_time(due)}", **common,
    )  # fmt: skip


def assignment_reminders_cancel(member: AssignmentMember, reason: str) -> int:
    """The taker passed: no more reminders to them, nor to the trainer about them."""
    return cancel(group=group_of(member), reason=reason)


def certificate_reminders_plan(certificate: Certificate, now) -> None:
    """Warn before the new certificate expires; the older certificates' warnings stop."""
    older = Certificate.objects.filter(user_id=certificate.user_id, module_id=certificate.module_id)
    for pk in older.exclude(pk=certificate.pk).values_list("pk", flat=True):
        cancel(target=Target(CERTIFICATE_TARGET, pk), reason="certificate renewed")
    module = certificate.module
    warn_at = max(certificate.expires_at - dt.timedelta(days=CERTIFICATE_WARNING_DAYS), now)
    schedule(
        kind=Kind.CERTIFICATE_EXPIRING, due_at=warn_at, agency=module.agency, user=certificate.user,
        title=f"Certificate expiring: {module.title}",
        body=f"Your certificate for “{module.title}” expires "
        f"{timezone.localtime(certificate.expires_at):%d %b %Y}. Pass the quiz again to renew it.",
        link=reverse("training:quiz_detail", args=[certificate.quiz_id]),
        target=Target.of(certificate),
        dedupe_key=f"certificate_expiring:c{certificate.pk}:u{certificate.user_id}:{key_time(warn_at)}",
    )  # fmt: skip


# --- the sweep's check before sending ---------------------------------------------------


def _member_id(group_key: str) -> int | None:
    value = group_key.removeprefix(MEMBER_GROUP)
    return int(value) if value != group_key and value.isdigit() else None


def reasons_gone(reminders) -> dict[int, str]:
    """Registered for training's targets: an assignment's reminders stop once the taker has
    passed, a certificate's once a newer certificate replaced it."""
    members = {_member_id(r.group_key) for r in reminders if r.target_type == ASSIGNMENT_TARGET}
    passed = set(
        AssignmentMember.objects.filter(pk__in=members - {None}, completed_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    newer = Certificate.objects.filter(
        user=OuterRef("user"), module=OuterRef("module"), pk__gt=OuterRef("pk")
    )
    certificates = {r.target_id for r in reminders if r.target_type == CERTIFICATE_TARGET}
    renewed = set(Certificate.objects.filter(Exists(newer), pk__in=certificates).values_list("pk", flat=True))
    reasons = {}
    for reminder in reminders:
        if reminder.target_type == ASSIGNMENT_TARGET and _member_id(reminder.group_key) in passed:
            reasons[reminder.pk] = "training passed"
        elif reminder.target_type == CERTIFICATE_TARGET and reminder.target_id in renewed:
            reasons[reminder.pk] = "certificate renewed"
    return reasons
