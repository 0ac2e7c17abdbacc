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
