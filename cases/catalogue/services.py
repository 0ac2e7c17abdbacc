"""Writes on the statewide offense catalogue, audited in the same transaction.

Only the catalogue steward (``Cap.EDIT_CATALOGUE``, a statewide role) changes a row; the
change applies to every agency and is audited as statewide (no agency). An agency admin
proposes a correction (``proposals.py``); the steward's acceptance saves it through here."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cases.audit_actions import CatalogueAction as A
from cases.models import (
    Offense,
)
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record
from trustportal.common.services import apply_changes, save_valid

OFFENSE_FIELDS = (
    "statute", "subdivision", "condition", "felony_class", "title", "confidence",
    "effective_from", "effective_to", "source",
)  # fmt: skip

ONLY_THE_STEWARD = (
    "The offense catalogue is statewide: only the catalogue steward changes it. "
    "Propose a correction instead; the steward accepts or rejects it."
)

# --- the offense catalogue ------------------------------------------------------------


@transaction.atomic
def offense_save(*, offense: Offense, data: dict, acting_user, proposal=None) -> Offense:
    if not user_can(acting_user, Cap.EDIT_CATALOGUE):
        raise PermissionDenied(ONLY_THE_STEWARD)
    creating = offense.pk is None
    changes = apply_changes(offense, data, OFFENSE_FIELDS)
    save_valid(offense)
    details: dict = {"changes": {} if creating else changes}
    if proposal is not None:
        details["proposal"] = proposal.pk
    audit_record(
        action=A.OFFENSE_CREATE if creating else A.OFFENSE_UPDATE,
        acting_user=acting_user,
        obj=offense,
        statewide=True,
        details=details,
    )
    return offense
