"""Reminders, in-app notifications and the e-mail outbox (DESIGN §6)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models.custody import CustodyCase
from cases.models.decisions import Decision
from cases.models.detainers import Detainer


class ReminderKind(models.TextChoices):
    DECISION_DUE = "decision_due", "Decision due before release"
    DECISION_OVERDUE = "decision_overdue", "Decision overdue"
    RELEASABLE_MISSING = "releasable_missing", "Release time missing"
    HOLD_EXPIRING = "hold_expiring", "Hold limit approaching"
    HOLD_EXPIRED = "hold_expired", "Hold limit reached: release now"
    HOLD_ESCALATION = "hold_escalation", "Hold limit passed, person still held"
    REVIEW_WAITING = "review_waiting", "Decision waiting for review"
    TRAINING_DUE = "training_due", "Training due"
    TRAINING_OVERDUE = "training_overdue", "Training overdue"
    CERTIFICATE_EXPIRING = "certificate_expiring", "Certificate expiring"


class ReminderStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CANCELLED = "cancelled", "Cancelled"


class Reminder(models.Model):
    """A reminder that must not be lost: written in the transaction of the event that causes
    it, claimed and delivered by the once-a-minute sweep, deduplicated by ``dedupe_key``."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_role = models.CharField(max_length=32, blank=True)
    case = models.ForeignKey(CustodyCase, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    detainer = models.ForeignKey(Detainer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Other apps' targets (e.g. "training.assignment", 42): no cross-app foreign key.
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=ReminderStatus.choices, default=ReminderStatus.SCHEDULED)
    dedupe_key = models.CharField(max_length=200, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_user__isnull=False) | ~Q(recipient_role=""),
                name="reminder_has_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """An in-app notification (the bell). One per reminder and user, created with the
    reminder's sent mark in one transaction."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    reminder = models.ForeignKey(Reminder, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user"], name="notification_once_per_reminder_user"),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (gave up; retry by hand)"


class OutboundEmail(models.Model):
    """The e-mail outbox: written with the notification, sent (and retried) separately."""

    reminder = models.ForeignKey(Reminder, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, related_name="+")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "to"], name="outbox_once_per_reminder_address"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"To {self.to}: {self.subject}"


class ReminderPolicy(models.Model):
    """Per-agency reminder timing; an agency without a row uses the defaults."""

    agency = models.OneToOneField("accounts.Agency", on_delete=models.CASCADE, related_name="reminder_policy")
    decision_lead_hours = models.CharField(
        max_length=40, default="4,1", help_text="Hours before release to remind, comma-separated."
    )
    hold_lead_hours = models.CharField(
        max_length=40, default="6,1", help_text="Hours before the hold limit to remind, comma-separated."
    )
    hold_escalation_minutes = models.PositiveSmallIntegerField(default=15)
    review_wait_hours = models.PositiveSmallIntegerField(default=2)

    def __str__(self):
        return f"Reminder policy of {self.agency}"
