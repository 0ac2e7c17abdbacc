"""ICE access (C.G.S. § 54-192h(a)(6)) and what must come before it: a supervisor-approved
override, the agency head's review of a notification request ((c)), and the notices the
person is given ((e)(1)).

Every action that gives ICE access is one ``IceAccess`` row: a public record ((e)(2)) and a
line of the semiannual OPM report ((e)(3)). The gate that allows or refuses each action is
``cases/ice/gates.py``; the writes are ``cases/ice/services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models.custody import CustodyCase
from cases.models.decisions import Decision
from cases.models.detainers import Detainer
from cases.models.people import Language, Person


class AccessType(models.TextChoices):
    """The six kinds of ICE access, (a)(6)(A)–(F). Fingerprints to AFIS and NCIC queries are
    not ICE access ((b)(2)) and are not recorded here."""

    RESPOND = "A", "(A) Responded to a detainer or notification request"
    RELEASE_NOTICE = "B", "(B) Told ICE the person is being or will be released at a date and time"
    NON_PUBLIC_INFO = "C", "(C) Gave ICE a non-public release date or time, home or work address"
    INTERVIEW = "D", "(D) Let ICE interview the person"
    FACILITY = "E", "(E) Let ICE use the facility or resources (interviews, proceedings, enforcement)"
    PROBATION = "F", "(F) Gave ICE probation or parole dates or compliance information"


class AccessBasis(models.TextChoices):
    """Whether the access was given in compliance with a detainer or through other means ((e)(3))."""

    DETAINER = "detainer", "In compliance with a detainer"
    OTHER = "other", "Through other means (no detainer)"


class AccessMethod(models.TextChoices):
    PHONE = "phone", "Telephone call"
    EMAIL = "email", "E-mail"
    FAX = "fax", "Fax"
    IN_PERSON = "in_person", "In person"
    CUSTODY = "custody", "ICE took custody (transfer)"
    OTHER = "other", "Other"


class OverrideStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a supervisor"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class OverrideRequest(models.Model):
    """An officer's request to act against, or beyond, the guidance (an action the engine
    prohibits or that needs legal review), with the reason. A supervisor other than the
    requester approves or rejects it; only an approved request lets a decision include those
    actions. Declining a detainer never needs one."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    detainer = models.ForeignKey(Detainer, on_delete=models.PROTECT, related_name="override_requests")
    actions = models.JSONField(help_text="DecisionAction values the override would allow.")
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=OverrideStatus.choices, default=OverrideStatus.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_request_needs_reason"),
            models.CheckConstraint(
                condition=Q(status="pending", reviewed_by__isnull=True, reviewed_at__isnull=True)
                | (~Q(status="pending") & Q(reviewed_by__isnull=False, reviewed_at__isnull=False)),
                name="override_request_reviewed_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_comments=""),
                name="override_rejection_needs_comments",
            ),
        ]

    def __str__(self):
        return f"Override request #{self.pk} on detainer #{self.detainer_id} ({self.get_status_display()})"


class HeadReviewOutcome(models.TextChoices):
    ANSWER = "answer", "The request may be answered as the decision permits"
    DO_NOT_ANSWER = "do_not_answer", "Do not answer the request"


class NotificationReview(models.Model):
    """The agency head's review of a request to be told the release date and time, required
    before anyone answers it (C.G.S. § 54-192h(c))."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    detainer = models.ForeignKey(Detainer, on_delete=models.PROTECT, related_name="notification_reviews")
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=HeadReviewOutcome.choices, blank=True)
    comments = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-forwarded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", reviewed_by__isnull=True, reviewed_at__isnull=True)
                | (~Q(outcome="") & Q(reviewed_by__isnull=False, reviewed_at__isnull=False)),
                name="notification_review_reviewed_has_who_and_when",
            ),
        ]

    def __str__(self):
        return f"Notification request review #{self.pk} on detainer #{self.detainer_id}"

    @property
    def pending(self) -> bool:
        return not self.outcome


class IceAccess(models.Model):
    """One act that gave ICE access, (a)(6)(A)–(F). A public record ((e)(2)); never edited."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ice_accesses")
    case = models.ForeignKey(CustodyCase, on_delete=models.PROTECT, related_name="ice_accesses")
    detainer = models.ForeignKey(
        Detainer, on_delete=models.PROTECT, null=True, blank=True, related_name="ice_accesses"
    )
    access_type = models.CharField("type of access", max_length=1, choices=AccessType.choices)
    basis = models.CharField(max_length=10, choices=AccessBasis.choices)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ice_accesses",
        help_text="The decision that permits it (access in compliance with a detainer).",
    )
    override = models.ForeignKey(
        OverrideRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="ice_accesses"
    )
    notification_review = models.ForeignKey(
        NotificationReview, on_delete=models.PROTECT, null=True, blank=True, related_name="ice_accesses"
    )
    at = models.DateTimeField("when")
    method = models.CharField(max_length=12, choices=AccessMethod.choices)
    ice_contact_name = models.CharField("ICE officer or office", max_length=200, blank=True)
    communication = models.TextField(
        help_text="What was asked and what was said or sent (every communication is a public record)."
    )
    staff_minutes = models.PositiveIntegerField(
        "staff minutes", null=True, blank=True, help_text="Resources the agency spent on it ((e)(2))."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    migrated_from_contact = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="The ICE contact log row it was before typed access."
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "ICE access"
        verbose_name_plural = "ICE access records"
        constraints = [
            models.CheckConstraint(
                condition=Q(basis="other") | Q(detainer__isnull=False),
                name="ice_access_detainer_basis_has_detainer",
            ),
            models.CheckConstraint(condition=~Q(communication=""), name="ice_access_needs_communication"),
        ]
        indexes = [
            models.Index(fields=["agency", "at"]),
            models.Index(fields=["agency", "access_type", "at"]),
        ]

    def __str__(self):
        return f"ICE access {self.access_type} at {self.at:%Y-%m-%d %H:%M}"


class NoticeKind(models.TextChoices):
    DETAINER_RECEIVED = "detainer_received", "Notice of a detainer and whether the agency will comply"
    RELEASE_NOTIFIED = "release_notified", "Copy of the release notification to ICE, with the reason"


class NoticeRecipient(models.TextChoices):
    PERSON = "person", "The detained person"
    ATTORNEY = "attorney", "The person's attorney"
    DESIGNEE = "designee", "A person they designated"


class DeliveryMethod(models.TextChoices):
    IN_HAND = "in_hand", "Handed to them"
    MAIL = "mail", "Mailed"
    EMAIL = "email", "E-mailed"
    FAX = "fax", "Faxed"
    ATTEMPT = "attempt", "Good-faith attempt, not reached"


class DetainerNotice(models.Model):
    """A notice the law requires the agency to give ((e)(1)), printed in the recipient's
    language, and its delivery: who served it, when and how (or the good-faith attempt)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    detainer = models.ForeignKey(Detainer, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    recipient = models.CharField(
        max_length=10, choices=NoticeRecipient.choices, default=NoticeRecipient.PERSON
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ice_access = models.ForeignKey(
        IceAccess, on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    served_at = models.DateTimeField(null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delivery = models.CharField(max_length=10, choices=DeliveryMethod.choices, blank=True)
    delivery_note = models.TextField(blank=True)
    printed_at = models.DateTimeField("last printed at", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(served_at__isnull=True, served_by__isnull=True, delivery="")
                | Q(served_at__isnull=False, served_by__isnull=False) & ~Q(delivery=""),
                name="notice_served_has_who_when_how",
            ),
            models.CheckConstraint(
                condition=~Q(delivery="attempt") | ~Q(delivery_note=""),
                name="notice_attempt_needs_note",
            ),
        ]
        indexes = [models.Index(fields=["detainer", "kind"])]

    def __str__(self):
        recipient = self.get_recipient_display().lower()
        return f"{self.get_kind_display()} for {recipient} (detainer #{self.detainer_id})"
