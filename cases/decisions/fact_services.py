"""Correcting the record from the decision screen: one officer-checked fact (or the written
interview consent), with a reason, audited. The change itself goes through the case's or the
detainer's own service (its audit row shows before and after); this adds the row that says
it was a correction on the decision screen, and why. A what-if never comes here: it changes
nothing (cases.decisions.hypothetical)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit_actions import DecisionAuditAction
from cases.custody.services import case_update
from cases.decisions.presenters import OFFICER_FACTS
from cases.detainers.services import detainer_update
from trustportal.audit.services import audit_record

INTERVIEW_CONSENT = "interview_consent"
CORRECTABLE_FACTS = (*OFFICER_FACTS, INTERVIEW_CONSENT)


@transaction.atomic
def decision_fact_correct(*, detainer, fact: str, value: bool, reason: str, acting_user) -> None:
    """Set one fact of the record to ``value``. Refused without a reason, for a person no
    longer in custody, or for a fact that is not correctable here."""
    if fact not in CORRECTABLE_FACTS:
        raise ValidationError("This fact cannot be corrected here.")
    if not detainer.case.is_open:
        raise ValidationError("This person is no longer in custody: the facts can no longer be changed here.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the record is wrong (what you checked)."})
    if fact == INTERVIEW_CONSENT:
        before = detainer.interview_consent_at is not None
        consent_at = (detainer.interview_consent_at or timezone.now()) if value else None
        detainer_update(detainer=detainer, data={"interview_consent_at": consent_at}, acting_user=acting_user)
    else:
        before = getattr(detainer.case, fact)
        case_update(case=detainer.case, data={fact: value}, acting_user=acting_user)
    audit_record(
        action=DecisionAuditAction.FACT_CORRECT,
        acting_user=acting_user,
        obj=detainer,
        agency=detainer.case.agency,
        details={
            "fact": fact,
            "from": before,
            "to": value,
            "reason": reason.strip(),
            "case": detainer.case_id,
        },
    )
