"""The offense catalogue (statewide reference data): offenses and their felony classes, and the
2025 candidate list. The statute syntax itself lives in the rule engine."""

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cases.catalogue.syntax import STATUTE_MESSAGE, SUBDIVISION_MESSAGE
from cases.rules.catalogue import STATUTE_PATTERN, SUBDIVISION_PATTERN

STATUTE_VALIDATOR = RegexValidator(STATUTE_PATTERN, STATUTE_MESSAGE)
SUBDIVISION_VALIDATOR = RegexValidator(SUBDIVISION_PATTERN, SUBDIVISION_MESSAGE)


class FelonyClass(models.TextChoices):
    A = "A", "Class A felony"
    B = "B", "Class B felony"
    C = "C", "Class C felony"
    D = "D", "Class D felony"
    E = "E", "Class E felony"
    UNCLASSIFIED = "unclassified", "Unclassified felony"
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
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(r"^victim_age(<|<=|>|>=)\d{1,3}$", "A condition looks like victim_age<16.")
        ],
    )
    felony_class = models.CharField(max_length=12, choices=FelonyClass.choices)
    title = models.CharField(max_length=255)
    confidence = models.CharField(max_length=8, choices=Confidence.choices, default=Confidence.HIGH)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["statute", "subdivision", "condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["statute", "subdivision", "condition"], name="offense_unique_row"
            ),
        ]

    def __str__(self):
        sub = f"({self.subdivision})" if self.subdivision else ""
        cond = f" [{self.condition}]" if self.condition else ""
        return f"§ {self.statute}{sub}{cond}: {self.title} ({self.felony_class})"


class Candidate2025(models.Model):
    """Offenses reported as added by the 2025 amendment; pending counsel review until confirmed."""

    statute = models.CharField(max_length=20, validators=[STATUTE_VALIDATOR])
    subdivision = models.CharField(max_length=8, blank=True, validators=[SUBDIVISION_VALIDATOR])
    title = models.CharField(max_length=255)
    status = models.CharField(max_length=40, default="pending counsel review")
    history = HistoricalRecords()

    class Meta:
        ordering = ["statute", "subdivision"]
        verbose_name = "2025 candidate offense"
        constraints = [
            models.UniqueConstraint(fields=["statute", "subdivision"], name="candidate2025_unique"),
        ]

    def __str__(self):
        return f"§ {self.statute} {self.title} ({self.status})"
