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


# --- daily figures ------------------------------------------------------------------------------
# Counts of cases' records per agency and local (America/New_York) day, kept by
# ``reports/figures``: refreshed for the days a write touched (cases' figures hooks, the
# policy-impact hook) and rebuilt by the recompute and ``manage.py rebuild_report_figures``.
# The dashboard and the policy-impact page sum a period's rows instead of counting every record.


class DayFigure(models.Model):
    """A count of one agency's records on one local day with the same values (the subclass's)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    n = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} {self.day}: {self.n}"


class DetainerDay(DayFigure):
    """Detainers received on ``day`` (local), by the case's facility and the detainer's status."""

    facility = models.CharField(max_length=120)
    status = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["agency", "day"], name="figures_detainer_day")]


class DecisionDay(DayFigure):
    """Current decisions (not since corrected) recorded on ``day`` (local), by everything the
    dashboard's decision tables count: facility, rule set, verdict on holding, actions, grounds,
    override, review outcome, whether it is the first decision and its time-to-decision band."""

    facility = models.CharField(max_length=120)
    rule_set = models.CharField(max_length=16)
    verdict = models.CharField(max_length=32, null=True)
    actions = models.JSONField(null=True)
    grounds = models.JSONField(null=True)
    is_override = models.BooleanField()
    review = models.CharField(max_length=16, null=True)
    first = models.BooleanField()
    band = models.SmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["agency", "day"], name="figures_decision_day")]


class IceAccessDay(DayFigure):
    """ICE access given on ``day`` (local), by the case's facility, type and basis."""

    facility = models.CharField(max_length=120)
    access_type = models.CharField(max_length=8)
    basis = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["agency", "day"], name="figures_ice_day")]


class EvaluationDay(DayFigure):
    """Stored evaluations of the current decisions recorded on ``day`` (local), by rule set,
    versions and the four verdicts (the policy-impact verdict table)."""

    rule_set = models.CharField(max_length=16)
    engine_version = models.CharField(max_length=32)
    catalogue_version = models.CharField(max_length=64)
    detain = models.CharField(max_length=16)
    notify_release = models.CharField(max_length=16)
    transfer = models.CharField(max_length=16)
    interview = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["agency", "day"], name="figures_evaluation_day")]


class EvaluationChangeDay(DayFigure):
    """Of those, the evaluations under an alternative rule set whose verdicts differ from the
    ones under the law in force (``was_*``), by offense (the policy-impact differences table)."""

    rule_set = models.CharField(max_length=16)
    offense = models.CharField(max_length=120)
    detain = models.CharField(max_length=16)
    notify_release = models.CharField(max_length=16)
    transfer = models.CharField(max_length=16)
    interview = models.CharField(max_length=16)
    was_detain = models.CharField(max_length=16)
    was_notify_release = models.CharField(max_length=16)
    was_transfer = models.CharField(max_length=16)
    was_interview = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["agency", "day"], name="figures_change_day")]
