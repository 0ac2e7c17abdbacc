"""The agency's own decision policy: choices the agency makes that the statute does not."""

from django.db import models


class DecisionPolicy(models.Model):
    """Per-agency decision policy; an agency without a row uses the defaults."""

    agency = models.OneToOneField("accounts.Agency", on_delete=models.CASCADE, related_name="decision_policy")
    interview_requires_consent = models.BooleanField(
        "ICE interviews need the person's written consent",
        default=True,
        help_text="Agency policy, not law: § 54-192h(b)(1)(D) asks for no consent. When on, no ICE "
        "interview without the person's written consent, even where the statute permits one.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Decision policy of {self.agency}"


def interview_requires_consent(agency_id) -> bool:
    """The agency's setting, or the default (required) when it has none."""
    value = (
        DecisionPolicy.objects.filter(agency_id=agency_id)
        .values_list("interview_requires_consent", flat=True)
        .first()
    )
    return True if value is None else value
