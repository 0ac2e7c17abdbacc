"""What the reports app stores: the public-records exports made (with their redactions)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class FoiaExport(models.Model):
    """One public-records (FOIA, C.G.S. § 54-192h(e)(2)) export of the agency's ICE access
    records for a date range, and the columns it redacted, each with the reason. Made once by
    ``foia_export_create`` (audited) and never changed: a new request is a new export."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    first_day = models.DateField()
    last_day = models.DateField()
    request_reference = models.CharField(
        "request reference", max_length=100, blank=True, help_text="The agency's number for the FOIA request."
    )
    redactions = models.JSONField(
        default=dict, blank=True, help_text="Redacted column -> the reason (the exemption relied on)."
    )
    rows = models.PositiveIntegerField(default=0, help_text="How many ICE access records it holds.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "public-records export"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="foia_export_range_order"
            ),
        ]
        indexes = [models.Index(fields=["agency", "-created_at"])]

    def __str__(self):
        return f"Public-records export #{self.pk} ({self.first_day} to {self.last_day})"


class PolicyEvaluation(models.Model):
    """One recorded decision's facts (its snapshot, ``Decision.facts``) evaluated under one rule
    set: the verdict of each action, with the engine and catalogue versions that gave them.
    Written when the decision is recorded (``cases.decisions.hooks``) and rewritten by the
    recompute (``reports/policy/recompute.py``) when either version changes. Never read from a
    request that evaluates: the policy-impact page only counts these rows."""

    decision = models.ForeignKey(
        "cases.Decision", on_delete=models.PROTECT, related_name="policy_evaluations"
    )
    rule_set = models.CharField(max_length=16)
    in_force = models.BooleanField(help_text="This is the rule set the decision was recorded under.")
    detain = models.CharField(max_length=16)
    notify_release = models.CharField(max_length=16)
    transfer = models.CharField(max_length=16)
    interview = models.CharField(max_length=16)
    offense = models.CharField(
        max_length=120,
        help_text="The offense the detainer is counted under: its first conviction, else charge.",
    )
    engine_version = models.CharField(max_length=32)
    catalogue_version = models.CharField(max_length=64)

    class Meta:
        verbose_name = "policy-impact evaluation"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "rule_set"], name="policy_evaluation_one_per_rule_set"
            ),
        ]

    def __str__(self):
        return f"Decision #{self.decision_id} under {self.rule_set}"


class RecomputeStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class PolicyRecompute(models.Model):
    """One run of the background recompute of every stored policy-impact evaluation. At most
    one is queued or running (``active`` is true only then: a unique column)."""

    status = models.CharField(max_length=8, choices=RecomputeStatus.choices, default=RecomputeStatus.QUEUED)
    active = models.BooleanField(null=True, default=True, unique=True)
    engine_version = models.CharField(max_length=32)
    catalogue_version = models.CharField(max_length=64)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    unreadable = models.PositiveIntegerField(
        default=0, help_text="Decisions whose facts the engine cannot read."
    )
    reason = models.CharField(max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "policy-impact recompute"

    def __str__(self):
        return f"Policy-impact recompute #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, int(100 * self.done / self.total))
