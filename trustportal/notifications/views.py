"""In-app notifications (the bell and its page), acknowledging reminders, and the
supervisors' page of e-mails and reminders that could not be delivered."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trustportal.accounts.access import scope_to_agency
from trustportal.accounts.roles import Cap, require_capability
from trustportal.common.pagination import CappedPaginator
from trustportal.common.views import poll_seconds
from trustportal.notifications import services
from trustportal.notifications.access import (
    get_notification_for_user,
    get_notified_reminder_for_user,
    get_outbound_email_for_user,
    notifications_for_user,
)
from trustportal.notifications.models import OutboundEmail, OutboxStatus, Reminder, ReminderStatus

PAGE_SIZE = 50
FAILED_LIMIT = 200


def _local_path(link: str) -> str:
    """Only links inside this site are shown as links (not //host or /\\host)."""
    return link if link.startswith("/") and link[1:2] not in ("/", "\\") else ""


def _unread(user) -> int:
    return notifications_for_user(user).filter(read_at__isnull=True).count()


def notification_list(request):
    page = CappedPaginator(notifications_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for note in page:
        note.safe_link = _local_path(note.link)
    return render(
        request, "notifications/notifications.html", {"page": page, "unread": _unread(request.user)}
    )


def bell(request):
    """The bell's unread count: polled by the page (never renews the idle timeout)."""
    context = {"unread": _unread(request.user), "poll_seconds": poll_seconds()}
    return render(request, "notifications/_bell.html", context)


def _back_to_notifications(request):
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(reverse("notifications:list") + suffix)


@require_POST
def notification_read(request, pk):
    note = get_notification_for_user(request.user, pk)
    services.notifications_mark_read(user=request.user, notification=note)
    return _back_to_notifications(request)


@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return _back_to_notifications(request)


@require_POST
def reminder_acknowledge(request, pk):
    reminder = get_notified_reminder_for_user(request.user, pk)
    reminder = services.reminder_acknowledge(reminder=reminder, acting_user=request.user)
    if reminder.acknowledged_by_id == request.user.pk:
        messages.success(request, "Acknowledged: your colleagues see that you are dealing with it.")
    elif reminder.acknowledged_by_id:
        messages.info(request, f"Already acknowledged by {reminder.acknowledged_by.get_full_name()}.")
    return redirect("notifications:list")


@require_capability(Cap.REVIEW_DECISIONS)
def failed_deliveries(request):
    emails = scope_to_agency(OutboundEmail.objects.all(), request.user).filter(
        status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED], attempts__gt=0
    )
    problems = scope_to_agency(Reminder.objects.all(), request.user).filter(
        status__in=[ReminderStatus.SCHEDULED, ReminderStatus.SENT]
    )
    problems = problems.exclude(last_error="")
    context = {
        "emails": list(emails.order_by("status", "next_attempt_at", "id")[:FAILED_LIMIT]),
        "failed_reminders": list(problems.order_by("-due_at", "-id")[:FAILED_LIMIT]),
        "limit": FAILED_LIMIT,
    }
    return render(request, "notifications/failed_deliveries.html", context)


@require_POST
@require_capability(Cap.REVIEW_DECISIONS)
def outbox_retry(request, pk):
    email = get_outbound_email_for_user(request.user, pk)
    try:
        services.outbox_retry(email=email, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The e-mail to {email.to} will be sent again within a minute.")
    return redirect("notifications:failed_deliveries")
