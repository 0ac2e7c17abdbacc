"""One access helper per object kind: a person's own notifications, the reminders delivered
to them, their agency's e-mails. Anything else is a 404, exactly like a missing row."""

from django.shortcuts import get_object_or_404

from trustportal.accounts.access import get_scoped_or_404
from trustportal.notifications.models import Notification, OutboundEmail, Reminder


def notifications_for_user(user):
    """A person's own notifications only (not even a colleague's in the same agency)."""
    return Notification.objects.filter(user=user).select_related("reminder", "reminder__acknowledged_by")


def get_notification_for_user(user, pk) -> Notification:
    return get_object_or_404(notifications_for_user(user), pk=pk)


def get_notified_reminder_for_user(user, pk) -> Reminder:
    """A reminder of the user's agency that was delivered to this user (404 otherwise)."""
    mine = Notification.objects.filter(user=user).values("reminder_id")
    return get_scoped_or_404(Reminder.objects.filter(pk__in=mine), user, pk=pk)


def get_outbound_email_for_user(user, pk) -> OutboundEmail:
    return get_scoped_or_404(OutboundEmail.objects.all(), user, pk=pk)
