"""Decisions (immutable), supervisor reviews and counsel sign-off of rule sets."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models.detainers import Detainer
from trustportal.immutable import InsertOnlyModel


class DecisionAction(models.TextChoices):
    """What the officer did. Each maps to one engine action (or none, for decline)."""

    HOLD = "hold", "Hold for ICE (up to the 48-hour limit)"
    NOTIFY = "notify", "Notify ICE of the release date and time"
    TRANSFER = "transfer", "Transfer to ICE custody"
    INTERVIEW = "interview", "Allow an ICE interview (signed consent)"
    DECLINE = "decline", "Decline the detainer: release when otherwise releasable"


ENGINE_ACTION = {
    DecisionAction.HOLD: "detain",
    DecisionAction.NOTIFY: "notify_release",
    DecisionAction.TRANSFER: "transfer",
    DecisionAction.INTERVIEW: "interview",
}


class Decision(InsertOnlyModel):
    """What the law permitted (the engine's result) and what the officer did. Immutable.

    A correction is a new Decision whose ``supersedes`` points at the old one. Review is a
    separate record (DecisionReview).
    """

    refusal = "Decisions are immutable; record a correction instead."

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    detainer = models.ForeignKey(Detainer, on_delete=models.PROTECT, related_name="decisions")
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    rule_set = models.CharField(max_length=16)
    engine_version = models.CharField(max_length=32)
    facts = models.JSONField(help_text="The scenario given to the rule engine, as it was.")
    result = models.JSONField(help_text="The engine's full result, with its trace.")
    actions = models.JSONField(help_text="DecisionAction values the officer took.")
    hold_until = models.DateTimeField(null=True, blank=True)
    rationale = models.TextField()
    is_override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    override_request = models.ForeignKey(
        "cases.OverrideRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="The supervisor-approved override that lets this decision depart from the guidance.",
    )
    person_informed = models.BooleanField("person told that ICE asked for their detention", default=False)
    copy_given = models.BooleanField("person given a copy of the detainer", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_override=False) | ~Q(override_reason=""), name="decision_override_needs_reason"
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="decision_needs_rationale"),
        ]
        indexes = [models.Index(fields=["agency", "recorded_at"])]

    def __str__(self):
        return f"Decision #{self.pk} on detainer #{self.detainer_id}"

    @property
    def action_labels(self):
        return [DecisionAction(a).label for a in self.actions]


class DecisionDuty(InsertOnlyModel):
    """Whether a duty the engine listed for a decision (``result["duties"]``) was done. Immutable.

    Recording a decision inserts one row per duty, done or not; a duty done later (the copy
    served an hour after) adds a row with ``done`` true: the latest row of a duty says its state.
    """

    refusal = "Duty records are never changed; mark the duty done again with a new row."

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="duty_marks")
    duty = models.CharField(max_length=64, help_text="The engine's duty id, e.g. give_detainer_copy.")
    done = models.BooleanField(default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done=False, done_by__isnull=True, done_at__isnull=True)
                | Q(done=True, done_by__isnull=False, done_at__isnull=False),
                name="decision_duty_done_has_who_and_when",
            ),
        ]

    def __str__(self):
        return f"{self.duty} on decision #{self.decision_id}: {'done' if self.done else 'not done'}"


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned with comments"


class DecisionReview(models.Model):
    """A supervisor's review of a decision. Nobody reviews their own (enforced in services)."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="review")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    comments = models.TextField(blank=True)
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="approved") | ~Q(comments=""), name="review_return_needs_comments"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} by {self.reviewer}"


class ReviewWaiting(models.Model):
    """A decision waiting for a supervisor's review: recorded, not reviewed, not superseded.

    One row per waiting decision, kept by database triggers on ``cases_decision`` and
    ``cases_decisionreview`` (migration ``0024_review_waiting``), so every path that records,
    corrects or reviews a decision keeps it right: the services, bulk inserts (the demo's
    history, the benchmarks) and raw SQL. Python never writes it. The review queue, its count
    and the "waiting for review" reminders read it: the queue costs what is waiting, not every
    decision ever recorded. ``priority`` is 0 for an override or a decision where the guidance
    said "needs review" (listed first), else 1.
    """

    FLAGGED, PLAIN = 0, 1

    decision = models.OneToOneField(
        Decision, on_delete=models.DO_NOTHING, primary_key=True, related_name="waiting"
    )
    # the queue's index starts with the agency: no index of its own
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    priority = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["agency", "priority", "recorded_at", "decision"], name="review_waiting_queue_idx"
            )
        ]

    def __str__(self):
        return f"Decision #{self.decision_id} waiting for review"


class RuleSetSignOff(models.Model):
    """Agency counsel's sign-off of a rule set, recorded by an agency admin."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    rule_set = models.CharField(max_length=16)
    counsel_name = models.CharField(max_length=200)
    signed_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]

    def __str__(self):
        return f"{self.rule_set} signed off by {self.counsel_name} on {self.signed_on}"
