"""Detainers (I-247A), their documents and scans. What the agency gives ICE is ``ice.IceAccess``."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from simple_history.models import HistoricalRecords

from cases.models.custody import CustodyCase

LAST_DAY_OF_OLD_DETAINER_FORMS = dt.date(2017, 4, 1)  # I-247A only from 2017-04-02


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
    # The hold limit of the current decision, copied by decision_record (decisions are
    # immutable, so it changes only with a new decision): the board's deadline for a detainer
    # being held, read in the order of the index below instead of a subquery per detainer.
    hold_until = models.DateTimeField(null=True, blank=True, editable=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords(excluded_fields=["hold_until"])

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=["I-247A", "other"]) | Q(issued_on__lte=LAST_DAY_OF_OLD_DETAINER_FORMS),
                name="detainer_old_forms_before_2017_04_02",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "case"]),
            # "Has an open detainer" (the custody list's filter and count): one probe per case.
            models.Index(
                fields=["case"],
                name="detainer_open_case_idx",
                condition=Q(status__in=[DetainerStatus.OPEN, DetainerStatus.DECIDED]),
            ),
            # The search box's detainer look-ups (cases.detainers.selectors.detainers_matching):
            # Subject ID and Event # case-insensitively, the A-number exactly.
            models.Index(Upper("subject_id"), name="detainer_subject_id_idx"),
            models.Index(Upper("event_number"), name="detainer_event_number_idx"),
            models.Index(fields=["file_number"], name="detainer_file_number_idx"),
            # Every hold by its limit (the dashboard's holds past their limit, reports.dashboard).
            models.Index(
                fields=["hold_until"], name="detainer_hold_until_idx", condition=Q(hold_until__isnull=False)
            ),
        ]

    def __str__(self):
        return f"{self.form} received {self.received_at:%Y-%m-%d}"

    @property
    def agency(self):
        return self.case.agency


class DocumentKind(models.TextChoices):
    JUDICIAL_WARRANT = "judicial_warrant", "Judicial warrant (signed by a judge)"
    ADMINISTRATIVE_WARRANT = "administrative_warrant", "Administrative warrant (ICE/DHS form)"
    INTERVIEW_COURT_ORDER = "interview_court_order", "Court order under 8 U.S.C. § 1225(d)(4)(B)"
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
