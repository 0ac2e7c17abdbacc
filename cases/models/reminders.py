"""This app's reminders: their kinds and the per-agency timings (DESIGN §6). The reminders
themselves, their delivery and the bell belong to the floor (``trustportal.notifications``);
``cases.reminders`` plans them."""

from django.db import models


class CaseReminderKind(models.TextChoices):
    """Registered with the floor in apps.py."""

    DECISION_DUE = "decision_due", "Decision due before release"
    DECISION_OVERDUE = "decision_overdue", "Decision overdue"
    RELEASABLE_MISSING = "releasable_missing", "Release time missing"
    HOLD_EXPIRING = "hold_expiring", "Hold limit approaching"
    HOLD_EXPIRED = "hold_expired", "Hold limit reached: release now"
    HOLD_ESCALATION = "hold_escalation", "Hold limit passed, person still held"
    REVIEW_WAITING = "review_waiting", "Decision waiting for review"
    REVIEW_RETURNED = "review_returned", "Decision returned by a supervisor"
    RELEASE_DUE = "release_due", "Release time approaching (detainer declined or notice only)"
    RELEASE_NOW = "release_now", "Release now: the release time has come"
    RELEASE_OVERDUE = "release_overdue", "Release time passed, person still held"
    OVERRIDE_WAITING = "override_waiting", "Override request waiting for a supervisor"
    OVERRIDE_DECIDED = "override_decided", "Override request approved or rejected"
    HEAD_REVIEW_WAITING = "head_review_waiting", "Notification request waiting for the agency head"
    HEAD_REVIEW_DONE = "head_review_done", "Notification request reviewed by the agency head"
    NOTICE_UNSERVED = "notice_unserved", "Notice to a detained person not yet served"
    NOTICE_ESCALATION = "notice_escalation", "Notice still not served: supervisors told"


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
