"""People, custody cases, criminal history, the offense catalogue and detainers.

Fields, constraints and small properties only: every write goes through services.py.
"""

import datetime as dt
import re

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from trustportal.immutable import InsertOnlyModel

from .rules.catalogue import STATUTE_PATTERN as STATUTE_RE

A_NUMBER_RE = re.compile(r"^A?-?(\d{3})-?(\d{3})-?(\d{2,3})$")
STATUTE_VALIDATOR = RegexValidator(
    STATUTE_RE, "Enter a Connecticut statute like 53a-55 or 53-21 (title-section, no §)."
)
SUBDIVISION_VALIDATOR = RegexValidator(
    r"^[a-z]\d{0,2}[a-z]?$", "Enter a subdivision like a1 or a2 (letters and digits, no brackets)."
)
LAST_DAY_OF_OLD_DETAINER_FORMS = dt.date(2017, 4, 1)  # I-247A only from 2017-04-02


def normalise_a_number(value: str) -> str:
    """'A 012-345-678', '12345678', 'A012345678' -> 'A012345678'; '' stays ''."""
    cleaned = re.sub(r"\s", "", value or "").upper()
    if not cleaned:
        return ""
    match = A_NUMBER_RE.match(cleaned)
    if not match:
        raise ValueError("An A-number is the letter A and 8 or 9 digits, e.g. A012345678.")
    return "A" + "".join(match.groups()).zfill(9)


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    X = "X", "Non-binary / X"
    UNKNOWN = "U", "Unknown"


class Person(models.Model):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="people")
    last_name = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    aliases = models.TextField(blank=True, help_text="Other names used, one per line.")
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship = models.CharField(max_length=100, blank=True, help_text="Country, as reported.")
    state_id = models.CharField("State ID (SPBI)", max_length=32, blank=True)
    fbi_number = models.CharField("FBI number", max_length=32, blank=True)
    a_number = models.CharField(
        "A-number",
        max_length=10,
        blank=True,
        db_index=True,
        validators=[RegexValidator(r"^A\d{9}$", "An A-number is A and 9 digits, e.g. A012345678.")],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "date_of_birth"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "a_number"], condition=~Q(a_number=""), name="person_a_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(a_number="") | Q(a_number__regex=r"^A\d{9}$"), name="person_a_number_format"
            ),
        ]
        indexes = [models.Index(fields=["agency", "last_name", "first_name"])]

    def __str__(self):
        return f"{self.last_name}, {self.first_name} ({self.date_of_birth:%Y-%m-%d})"

    @property
    def full_name(self):
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def alias_list(self):
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]


class CaseStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", "In custody"
    RELEASED = "released", "Released"
    TRANSFERRED_ICE = "transferred_ice", "Transferred to ICE"
    TRANSFERRED_AGENCY = "transferred_agency", "Transferred to another agency"


class ReleasableReason(models.TextChoices):
    BOND_POSTED = "bond_posted", "Bond posted"
    CHARGES_DISMISSED = "charges_dismissed", "Charges dismissed"
    SENTENCE_SERVED = "sentence_served", "Sentence served"
    COURT_ORDER = "court_order", "Court-ordered release"
    OTHER = "other", "Other"


class CustodyCase(models.Model):
    """A booking: one stay in custody, from booking to release or transfer."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    booking_number = models.CharField(max_length=32)
    booked_at = models.DateTimeField()
    facility = models.CharField(max_length=120)
    arresting_officer = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.IN_CUSTODY)
    releasable_at = models.DateTimeField(
        "would otherwise be released at",
        null=True,
        blank=True,
        help_text="When the person would be released but for a detainer: bond posted, charges "
        "dismissed, sentence served or court order. Starts the 48-hour clock.",
    )
    releasable_reason = models.CharField(max_length=24, choices=ReleasableReason.choices, blank=True)
    releasable_note = models.CharField(max_length=255, blank=True)
    # Facts the officer checked, used by the rule engine (LAW.md §1.2, §1.4).
    tsdb_possible_match = models.BooleanField(
        "possible match in the Terrorist Screening Database", default=False
    )
    outstanding_ct_warrant = models.BooleanField("outstanding Connecticut arrest warrant", default=False)
    gang_database_match = models.BooleanField(
        "known gang member (NCIC or similar) or DOC Security Risk Group member", default=False
    )
    final_order_of_removal = models.BooleanField(
        "subject to a final order of deportation or removal", default=False
    )
    public_safety_risk = models.BooleanField(
        "officer judges an unacceptable risk to public safety (2013 law; supervisor decides)", default=False
    )
    facts_note = models.TextField("how these facts were checked", blank=True)
    closed_at = models.DateTimeField("released or transferred at", null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    transferred_to = models.CharField(max_length=200, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-booked_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "booking_number"], name="case_booking_number_unique"),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.IN_CUSTODY, closed_at__isnull=True)
                | (~Q(status=CaseStatus.IN_CUSTODY) & Q(closed_at__isnull=False)),
                name="case_closed_iff_not_in_custody",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("booked_at")),
                name="case_closed_after_booking",
            ),
            models.CheckConstraint(
                condition=Q(releasable_at__isnull=True) | Q(releasable_at__gte=models.F("booked_at")),
                name="case_releasable_after_booking",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "-booked_at"]),
            models.Index(fields=["agency", "releasable_at"]),
        ]

    def __str__(self):
        return f"Booking {self.booking_number}"

    @property
    def is_open(self):
        return self.status == CaseStatus.IN_CUSTODY


class ChargeStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CONVICTED = "convicted", "Convicted"
    DISMISSED = "dismissed", "Dismissed"
    NOLLE = "nolle", "Nolle prosequi"


class Charge(models.Model):
    case = models.ForeignKey(CustodyCase, on_delete=models.CASCADE, related_name="charges")
    statute = models.CharField(max_length=20, validators=[STATUTE_VALIDATOR])
    subdivision = models.CharField(max_length=8, blank=True, validators=[SUBDIVISION_VALIDATOR])
    description = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=ChargeStatus.choices, default=ChargeStatus.PENDING)
    bond_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    bond_posted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bond_amount__isnull=True) | Q(bond_amount__gte=0), name="charge_bond_not_negative"
            ),
        ]

    def __str__(self):
        sub = f"({self.subdivision})" if self.subdivision else ""
        return f"§ {self.statute}{sub} {self.description}".strip()


class Jurisdiction(models.TextChoices):
    CT = "CT", "Connecticut"
    OTHER_STATE = "other_state", "Another state"
    FEDERAL = "federal", "Federal"
    FOREIGN = "foreign", "Foreign"


class FelonyClass(models.TextChoices):
    A = "A", "Class A felony"
    B = "B", "Class B felony"
    C = "C", "Class C felony"
    D = "D", "Class D felony"
    E = "E", "Class E felony"
    UNCLASSIFIED = "unclassified", "Unclassified felony"
    MISDEMEANOR = "misdemeanor", "Misdemeanor"


class ConvictionSource(models.TextChoices):
    COURT_RECORD = "court_record", "Court record"
    CRIMINAL_HISTORY = "criminal_history", "Criminal history report"
    NCIC = "ncic", "NCIC / III"
    OTHER = "other", "Other"


class Conviction(models.Model):
    """A prior conviction (or juvenile adjudication) in the person's criminal history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="convictions")
    statute = models.CharField(max_length=20, validators=[STATUTE_VALIDATOR])
    subdivision = models.CharField(max_length=8, blank=True, validators=[SUBDIVISION_VALIDATOR])
    description = models.CharField(max_length=200, blank=True)
    victim_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="Only where the class depends on it (e.g. § 53a-70(a)(1)).",
    )
    convicted_on = models.DateField(null=True, blank=True)
    jurisdiction = models.CharField(max_length=12, choices=Jurisdiction.choices, default=Jurisdiction.CT)
    juvenile = models.BooleanField("juvenile adjudication", default=False)
    felony_class_override = models.CharField(
        "class entered by hand",
        max_length=12,
        choices=FelonyClass.choices,
        blank=True,
        help_text="Only when the catalogue has no row for this offense; give the reason.",
    )
    override_reason = models.CharField(max_length=255, blank=True)
    source = models.CharField(
        max_length=20, choices=ConvictionSource.choices, default=ConvictionSource.CRIMINAL_HISTORY
    )
    source_detail = models.CharField(max_length=200, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["convicted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(felony_class_override="") | ~Q(override_reason=""),
                name="conviction_override_needs_reason",
            ),
        ]

    def __str__(self):
        sub = f"({self.subdivision})" if self.subdivision else ""
        return f"§ {self.statute}{sub} {self.description}".strip()


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


class DetainerForm(models.TextChoices):
    I247A = "I-247A", "I-247A (Immigration Detainer – Notice of Action)"
    I247D = "I-247D", "I-247D (issued before 2 Apr 2017)"
    I247N = "I-247N", "I-247N (issued before 2 Apr 2017)"
    I247X = "I-247X", "I-247X (issued before 2 Apr 2017)"
    OTHER = "other", "Other form"


class DetainerStatus(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Decided"
    HONORED = "honored", "Honored"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Lapsed"
    CANCELLED = "cancelled", "Cancelled"


class Detainer(models.Model):
    """An immigration detainer received for a person in custody (DHS Form I-247A fields)."""

    case = models.ForeignKey(CustodyCase, on_delete=models.PROTECT, related_name="detainers")
    received_at = models.DateTimeField()
    form = models.CharField(max_length=8, choices=DetainerForm.choices, default=DetainerForm.I247A)
    subject_id = models.CharField("Subject ID", max_length=32, blank=True)
    event_number = models.CharField("Event #", max_length=32, blank=True)
    file_number = models.CharField("File No. (A-number)", max_length=10, blank=True)
    issued_on = models.DateField("date issued")
    issuing_office = models.CharField("from (DHS office)", max_length=200, blank=True)
    pc_final_order = models.BooleanField("Box 1: final order of removal", default=False)
    pc_removal_proceedings = models.BooleanField("Box 1: pending removal proceedings", default=False)
    pc_biometric = models.BooleanField("Box 1: biometric confirmation and database check", default=False)
    pc_statements = models.BooleanField("Box 1: statements or other evidence", default=False)
    pc_transferred = models.BooleanField("Box 2: transferred from DHS custody", default=False)
    request_notify = models.BooleanField("Requests: notify DHS before release", default=True)
    request_maintain_custody = models.BooleanField("Requests: maintain custody up to 48 hours", default=True)
    served_at = models.DateTimeField("served on the person at", null=True, blank=True)
    interview_consent_at = models.DateTimeField(
        "written consent to an ICE interview signed at",
        null=True,
        blank=True,
        help_text="Only after telling the person the interview is voluntary and that they may "
        "decline or have an attorney present.",
    )
    status = models.CharField(max_length=12, choices=DetainerStatus.choices, default=DetainerStatus.OPEN)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=["I-247A", "other"]) | Q(issued_on__lte=LAST_DAY_OF_OLD_DETAINER_FORMS),
                name="detainer_old_forms_before_2017_04_02",
            ),
        ]
        indexes = [models.Index(fields=["status", "case"])]

    def __str__(self):
        return f"{self.form} received {self.received_at:%Y-%m-%d}"

    @property
    def agency(self):
        return self.case.agency


class DocumentKind(models.TextChoices):
    JUDICIAL_WARRANT = "judicial_warrant", "Judicial warrant (signed by a judge)"
    ADMINISTRATIVE_WARRANT = "administrative_warrant", "Administrative warrant (ICE/DHS form)"
    UNCLEAR = "unclear", "Unclear – needs review"


class DetainerDocument(models.Model):
    """A document that came with the detainer (I-200, I-205, a judicial warrant, ...)."""

    detainer = models.ForeignKey(Detainer, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    form = models.CharField(max_length=40, blank=True, help_text="e.g. I-200, I-205, NTA.")
    signed_by = models.CharField(max_length=200, blank=True)
    court = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.form}".strip()


def scan_path(instance, filename):
    return f"scans/{instance.detainer.case.agency_id}/{instance.detainer_id}/{filename}"


class DetainerScan(models.Model):
    detainer = models.ForeignKey(Detainer, on_delete=models.CASCADE, related_name="scans")
    file = models.FileField(upload_to=scan_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class ContactNature(models.TextChoices):
    PHONE = "phone", "Telephone call"
    EMAIL = "email", "E-mail"
    FAX = "fax", "Fax"
    IN_PERSON = "in_person", "In person"
    NOTIFICATION = "notification", "Release notification sent"
    CUSTODY = "custody", "ICE took custody"
    OTHER = "other", "Other"


class IceContact(models.Model):
    """One interaction with ICE about a detainer (Trust Act: record every one)."""

    detainer = models.ForeignKey(Detainer, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField()
    nature = models.CharField(max_length=16, choices=ContactNature.choices)
    details = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_nature_display()} at {self.at:%Y-%m-%d %H:%M}"


# --- decisions and review (the decision screen) ---------------------------------------


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


# --- reminders and notifications (DESIGN §6) -------------------------------------------


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
