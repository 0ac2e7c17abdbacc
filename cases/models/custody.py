"""Custody cases (bookings), charges and convictions."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Replace, Upper
from django.db.models.lookups import GreaterThan
from simple_history.models import HistoricalRecords

from cases.models.catalogue import STATUTE_VALIDATOR, SUBDIVISION_VALIDATOR, FelonyClass
from cases.models.people import Person

# How long after its release time a booking was closed (immutable, so it may index).
RELEASE_DELAY = ExpressionWrapper(F("closed_at") - F("releasable_at"), output_field=DurationField())


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


def booking_key(booking_number: str) -> str:
    """A booking number as the search and the look-alike warning compare it: 'hpd 100' -> 'HPD100'."""
    return (booking_number or "").replace(" ", "").upper()


# The same in SQL, served by the index case_booking_key.
BOOKING_KEY = Upper(Replace(F("booking_number"), Value(" "), Value("")))


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
            models.Index(BOOKING_KEY, name="case_booking_key"),
            # Who is in custody, by release time, then booking number (the dashboard's bookings
            # still in custody past their release time, reports.dashboard._late).
            models.Index(
                fields=["agency", "releasable_at", "booking_number"],
                name="case_board_deadline_idx",
                condition=Q(status=CaseStatus.IN_CUSTODY),
            ),
            # The agency's facilities (the dashboard's filter): a few index probes, one per
            # facility, instead of reading every booking (reports.dashboard.facilities).
            models.Index(fields=["agency", "facility"], name="case_agency_facility_idx"),
            # Released or transferred more than an hour after the release time (the dashboard's
            # releases past their time, reports.dashboard._late): the few such bookings only.
            models.Index(
                fields=["agency", "releasable_at"],
                name="case_released_late_idx",
                condition=Q(GreaterThan(RELEASE_DELAY, dt.timedelta(hours=1))),
            ),
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


class ConvictionSource(models.TextChoices):
    COURT_RECORD = "court_record", "Court record"
    CRIMINAL_HISTORY = "criminal_history", "Criminal history report"
    NCIC = "ncic", "NCIC / III"
    OTHER = "other", "Other"


class Participation(models.TextChoices):
    PRINCIPAL = "principal", "Committed the offense (principal)"
    ATTEMPT = "attempt", "Attempt (§ 53a-49, class under § 53a-51)"
    CONSPIRACY = "conspiracy", "Conspiracy (§ 53a-48, class under § 53a-51)"
    ACCESSORY = "accessory", "Accessory (§ 53a-8)"


class SeriousInjury(models.TextChoices):
    UNKNOWN = "unknown", "Not known"
    YES = "yes", "Yes"
    NO = "no", "No"


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
    serious_physical_injury = models.CharField(
        "caused serious physical injury",
        max_length=8,
        choices=SeriousInjury.choices,
        default=SeriousInjury.UNKNOWN,
        help_text="Only where the class depends on it (e.g. § 53a-60).",
    )
    participation = models.CharField(
        max_length=12, choices=Participation.choices, default=Participation.PRINCIPAL
    )
    offense_date = models.DateField(
        "date of the offense", null=True, blank=True, help_text="The class is the one in force on this date."
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
