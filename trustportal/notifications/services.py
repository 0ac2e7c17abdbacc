"""What people do with reminders and notifications: acknowledge, mark read, retry an e-mail.
Each is atomic and writes its audit event in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trustportal.audit.actions import NotificationAction
from trustportal.audit.services import audit_record
from trustportal.notifications.models import (
    Notification,
    OutboundEmail,
    OutboxStatus,
    Reminder,
    ReminderStatus,
)


def outbox_retry(*, email: OutboundEmail, acting_user) -> OutboundEmail:
    """A supervisor asks for a failed or waiting e-mail to be tried again now."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == OutboxStatus.SENT:
            raise ValidationError("This e-mail has been sent already.")
        email.status, email.next_attempt_at = OutboxStatus.PENDING, timezone.now()
        email.save(update_fields=["status", "next_attempt_at"])
        audit_record(
            action=NotificationAction.OUTBOX_RETRY,
            acting_user=acting_user,
            obj=email,
            agency=email.agency,
            details={"attempts": email.attempts},
        )
    return email


def reminder_acknowledge(*, reminder: Reminder, acting_user) -> Reminder:
    """Someone who received the reminder says it is being dealt with (once; who and when)."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if reminder.status == ReminderStatus.SENT:
            reminder.status = ReminderStatus.ACKNOWLEDGED
            reminder.acknowledged_by, reminder.acknowledged_at = acting_user, timezone.now()
            reminder.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
            audit_record(
                action=NotificationAction.REMINDER_ACKNOWLEDGE,
                acting_user=acting_user,
                obj=reminder,
                agency=reminder.agency,
            )
            Notification.objects.filter(reminder=reminder, user=acting_user, read_at__isnull=True).update(
                read_at=reminder.acknowledged_at
            )
    return reminder


def notifications_mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; audited (who saw what)."""
    with transaction.atomic():
        unread = Notification.objects.filter(user=user, read_at__isnull=True)
        if notification is not None:
            unread = unread.filter(pk=notification.pk)
        ids = list(unread.values_list("pk", flat=True))
        count = Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
        if count:
            audit_record(
                action=NotificationAction.NOTIFICATION_READ,
                acting_user=user,
                obj=notification,
                agency=user.agency,
                details={"notifications": ids},
            )
    return count
