"""The offense catalogue (statewide reference data): offenses and their felony classes, and the
2025 candidate list. The statute syntax itself lives in the rule engine."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cases.catalogue.syntax import CONDITION_MESSAGE, STATUTE_MESSAGE, SUBDIVISION_MESSAGE
from cases.rules.catalogue import STATUTE_PATTERN, SUBDIVISION_PATTERN

STATUTE_RE = STATUTE_PATTERN  # the engine's one statute syntax (a pattern string)
STATUTE_VALIDATOR = RegexValidator(STATUTE_PATTERN, STATUTE_MESSAGE)
# victim_age<16 (or <=, >, >=) or a named fact such as serious_physical_injury
CONDITION_PATTERN = r"^(victim_age(<|<=|>|>=)\d{1,3}|[a-z][a-z0-9_]*)$"
SUBDIVISION_VALIDATOR = RegexValidator(SUBDIVISION_PATTERN, SUBDIVISION_MESSAGE)


class FelonyClass(models.TextChoices):
    A = "A", "Class A felony"
    B = "B", "Class B felony"
    C = "C", "Class C felony"
    D = "D", "Class D felony"
    E = "E", "Class E felony"
    UNCLASSIFIED = "unclassified", "Unclassified felony"
    CAPITAL = "capital", "Capital felony (§ 53a-54b before 25 Apr 2012)"
    MISDEMEANOR = "misdemeanor", "Misdemeanor"


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low (class treated as unknown)"


class Offense(models.Model):
    """The statewide offense catalogue: statute, subdivision, condition -> felony class."""

    statute = models.CharField(max_length=20, validators=[STATUTE_VALIDATOR])
    subdivision = models.CharField(max_length=8, blank=True, validators=[SUBDIVISION_VALIDATOR])
    condition = models.CharField(
        max_length=60,
        blank=True,
        validators=[RegexValidator(CONDITION_PATTERN, CONDITION_MESSAGE)],
    )
    felony_class = models.CharField(max_length=12, choices=FelonyClass.choices)
    title = models.CharField(max_length=255)
    confidence = models.CharField(max_length=8, choices=Confidence.choices, default=Confidence.HIGH)
    effective_from = models.DateField(
        null=True, blank=True, help_text="First day the row is in force; empty: since any date."
    )
    effective_to = models.DateField(
        null=True, blank=True, help_text="Last day the row is in force (inclusive); empty: still in force."
    )
    source = models.TextField(blank=True, help_text="Where the class comes from, e.g. text: 53a-54a(c).")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["statute", "subdivision", "condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["statute", "subdivision", "condition", "effective_from", "effective_to"],
                name="offense_unique_row_dated",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True)
                | Q(effective_to__isnull=True)
                | Q(effective_from__lte=F("effective_to")),
                name="offense_dates_in_order",
            ),
        ]

    def __str__(self):
        sub = f"({self.subdivision})" if self.subdivision else ""
        cond = f" [{self.condition}]" if self.condition else ""
        return f"§ {self.statute}{sub}{cond}: {self.title} ({self.felony_class})"

    @property
    def period(self) -> str:
        """When the row is in force, in words."""
        start, end = self.effective_from, self.effective_to
        if start and end:
            return f"{start:%d %b %Y} to {end:%d %b %Y}"
        if start:
            return f"from {start:%d %b %Y}"
        if end:
            return f"until {end:%d %b %Y}"
        return "any date"


class Candidate2025(models.Model):
    """Offenses reported as added by the 2025 amendment; pending counsel review until confirmed."""

    statute = models.CharField(max_length=20, validators=[STATUTE_VALIDATOR])
    subdivision = models.CharField(max_length=8, blank=True, validators=[SUBDIVISION_VALIDATOR])
    title = models.CharField(max_length=255)
    status = models.CharField(max_length=40, default="pending counsel review")
    evidence = models.TextField(blank=True, help_text="Why the offense is thought to be on the 2025 list.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["statute", "subdivision"]
        verbose_name = "2025 candidate offense"
        constraints = [
            models.UniqueConstraint(fields=["statute", "subdivision"], name="candidate2025_unique"),
        ]

    def __str__(self):
        return f"§ {self.statute} {self.title} ({self.status})"


class CatalogueImport(models.Model):
    """One load of a shipped catalogue version into the database, with what it kept."""

    at = models.DateTimeField(auto_now_add=True)
    version = models.CharField(max_length=40, help_text="e.g. ct_offenses.csv v2")
    added = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)
    kept = models.JSONField(default=list, blank=True, help_text="Rows an agency admin added or corrected.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.version} loaded {self.at:%Y-%m-%d}: {len(self.kept)} rows kept"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the catalogue steward"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class CatalogueProposal(models.Model):
    """An agency admin's proposed correction of a catalogue row (or a new row when ``offense``
    is empty). The statewide catalogue steward accepts it (the change is then saved through the
    catalogue's save service) or rejects it with a comment."""

    offense = models.ForeignKey(
        Offense, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals",
        help_text="The row to correct; empty: a row to add.",
    )  # fmt: skip
    changes = models.JSONField(help_text="The proposed values of the row's fields.")
    reason = models.TextField()
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]

    def __str__(self):
        what = (
            f"§ {self.offense.statute}" if self.offense_id else f"new row § {self.changes.get('statute', '')}"
        )
        return f"Proposal {self.pk} ({what}): {self.get_status_display()}"
