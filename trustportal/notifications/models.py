"""Reminders, in-app notifications and the e-mail outbox (DESIGN §6).

The tables keep the names they had when the cases app owned them (``cases_reminder`` …):
the models moved, the rows did not. A reminder points at what it is about with a generic
target (``target_type`` "app.model", ``target_id``) and a ``group_key`` ("cases.custodycase:42")
that cancels every reminder of a group at once: no foreign key to any app's models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from trustportal.notifications import kinds


class ReminderStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CANCELLED = "cancelled", "Cancelled"


class Reminder(models.Model):
    """A reminder that must not be lost: written in the transaction of the event that causes
    it, claimed and delivered by the once-a-minute sweep, deduplicated by ``dedupe_key``."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=kinds.MAX_LENGTH, help_text="A kind an app registered (kinds.py).")
    due_at = models.DateTimeField()
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_role = models.CharField(max_length=32, blank=True)
    target_type = models.CharField(max_length=40, blank=True)  # "cases.detainer", "training.assignment"
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    group_key = models.CharField(max_length=100, blank=True, db_index=True)  # "cases.custodycase:42"
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
        db_table = "cases_reminder"
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_user__isnull=False) | ~Q(recipient_role=""),
                name="reminder_has_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="cases_remin_status_4da2b8_idx"),
            models.Index(fields=["agency", "status"], name="cases_remin_agency__cc6fc3_idx"),
            models.Index(fields=["target_type", "target_id"], name="cases_remin_target__0840f1_idx"),
        ]

    def __str__(self):
        return f"{self.kind_label} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def kind_label(self) -> str:
        return kinds.label_of(self.kind)


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
        db_table = "cases_notification"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user"], name="notification_once_per_reminder_user"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="cases_notif_user_id_e14563_idx")]

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
        db_table = "cases_outboundemail"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "to"], name="outbox_once_per_reminder_address"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="cases_outbo_status_906c7a_idx")]

    def __str__(self):
        return f"To {self.to}: {self.subject}"


class Heartbeat(models.Model):
    """When a periodic job last ran (``sweep``): the operator's and the banner's proof that
    deadlines are being watched. One row per job, overwritten by each run."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
