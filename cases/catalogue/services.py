"""Writes on the offense catalogue, audited in the same transaction."""

from django.db import transaction

from cases.audit_actions import CatalogueAction as A
from cases.models import (
    Offense,
)
from trustportal.audit.services import audit_record
from trustportal.common.services import apply_changes, save_valid

OFFENSE_FIELDS = (
    "statute", "subdivision", "condition", "felony_class", "title", "confidence",
    "effective_from", "effective_to", "source",
)  # fmt: skip

# --- the offense catalogue ------------------------------------------------------------


@transaction.atomic
def offense_save(*, offense: Offense, data: dict, acting_user) -> Offense:
    creating = offense.pk is None
    changes = apply_changes(offense, data, OFFENSE_FIELDS)
    save_valid(offense)
    audit_record(
        action=A.OFFENSE_CREATE if creating else A.OFFENSE_UPDATE,
        acting_user=acting_user,
        obj=offense,
        agency=acting_user.agency,
        details={"changes": {} if creating else changes},
    )
    return offense
