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

    # found by the unique (decision, rule set) index: no index of its own (the recompute
    # rewrites every row; each index is work for each of them)
    decision = models.ForeignKey(
        "cases.Decision", on_delete=models.PROTECT, related_name="policy_evaluations", db_index=False
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


# --- figures: per day, month and year ------------------------------------------------------------
# Counts of cases' records per agency and local (America/New_York) day, month and year (``span``;
# a month's or a year's row is dated its first day), kept by ``reports/figures``: refreshed for
# the months a write touched (cases' figures hooks, the policy-impact hook) and rebuilt by the
# recompute and ``manage.py rebuild_report_figures``. The dashboard and the policy-impact page sum
# a period's rows (whole years and months, plus or minus a few days) instead of every record.


class Span(models.IntegerChoices):
    DAY = 0, "day"
    MONTH = 1, "month"
    YEAR = 2, "year"


class Figure(models.Model):
    """A count of one agency's records on one local day (or month, or year) with the same values."""

    # Derived rows, written only by ``reports.figures`` from records that carry the agency's key
    # (and counted again from them on demand): no constraint of their own, which cost the
    # recompute 0.2 s of deferred checks on its 60,000 rows at commit, and no index of their
    # own, which each table's (agency, span, day) index already leads with. Django still
    # deletes an agency's figures with it (CASCADE).
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    day = models.DateField(help_text="The local day; for a month's or a year's row, its first day.")
    span = models.PositiveSmallIntegerField(choices=Span.choices, default=Span.DAY)
    n = models.IntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} {Span(self.span).label} {self.day}: {self.n}"


class DetainerFigure(Figure):
    """Detainers received, by the case's facility and the detainer's status."""

    facility = models.CharField(max_length=120)
    status = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["agency", "span", "day"], name="figures_detainer_idx")]


class DecisionFigure(Figure):
    """Current decisions (not since corrected) recorded, by facility and rule set, counted along
    one ``dimension`` of the dashboard's decision tables at a time: ``verdict`` (on holding),
    ``action`` (each action taken), ``ground`` (each exception; "" for none), ``override``
    ("override"/"guidance" and the review outcome) and ``band`` (time to decide, first decisions)."""

    facility = models.CharField(max_length=120)
    rule_set = models.CharField(max_length=16)
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["agency", "span", "day"], name="figures_decision_idx")]


class IceAccessFigure(Figure):
    """ICE access given, by the case's facility, type and basis."""

    facility = models.CharField(max_length=120)
    access_type = models.CharField(max_length=8)
    basis = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["agency", "span", "day"], name="figures_ice_idx")]


class EvaluationFigure(Figure):
    """Stored evaluations of the current decisions, by rule set, versions and the four verdicts
    (the policy-impact verdict table)."""

    rule_set = models.CharField(max_length=16)
    engine_version = models.CharField(max_length=32)
    catalogue_version = models.CharField(max_length=64)
    detain = models.CharField(max_length=16)
    notify_release = models.CharField(max_length=16)
    transfer = models.CharField(max_length=16)
    interview = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["agency", "span", "day"], name="figures_evaluation_idx")]


class EvaluationChangeFigure(Figure):
    """Evaluations under an alternative rule set whose verdicts differ from the ones under the law
    in force, by offense: ``change`` "" counts the decisions that differ, "action:was:would"
    each verdict that changes (the policy-impact differences table)."""

    rule_set = models.CharField(max_length=16)
    offense = models.CharField(max_length=120)
    change = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["agency", "span", "day"], name="figures_change_idx")]
