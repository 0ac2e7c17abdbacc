"""Proposed corrections of the statewide catalogue: an agency admin proposes, the catalogue
steward accepts (the change is saved through ``services.offense_save``) or rejects with a
comment. Each step is audited: the proposal under the proposer's agency, the decision and
the change as statewide."""

import copy
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit_actions import CatalogueAction as A
from cases.catalogue.services import OFFENSE_FIELDS, offense_save
from cases.models import CatalogueProposal, Offense, ProposalStatus
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record
from trustportal.common.services import allowed, create_audited

DATE_FIELDS = ("effective_from", "effective_to")


def _to_json(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


def proposed_data(proposal: CatalogueProposal) -> dict:
    """The proposal's values as the catalogue's save service takes them."""
    return {
        k: (dt.date.fromisoformat(v) if k in DATE_FIELDS and v else v)
        for k, v in allowed(proposal.changes, OFFENSE_FIELDS).items()
    }


def proposed_rows(proposal: CatalogueProposal) -> list[dict]:
    """Field by field: the row as it is now and as proposed (what the pages show)."""
    offense = proposal.offense
    return [
        {"field": f, "now": getattr(offense, f) if offense else None, "proposed": proposal.changes[f]}
        for f in OFFENSE_FIELDS
        if f in proposal.changes
    ]


@transaction.atomic
def proposal_create(*, offense: Offense | None, data: dict, reason: str, acting_user) -> CatalogueProposal:
    if not user_can(acting_user, Cap.PROPOSE_CATALOGUE):
        raise PermissionDenied("Only an agency administrator proposes catalogue corrections.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the row should change, with its source."})
    data = allowed(data, OFFENSE_FIELDS)
    if offense is not None:
        data = {k: v for k, v in data.items() if getattr(offense, k) != v}
        if not data:
            raise ValidationError("The proposal changes nothing: change at least one field.")
    candidate = copy.copy(offense) if offense is not None else Offense()
    for field, value in data.items():
        setattr(candidate, field, value)
    candidate.full_clean()  # a proposal the steward could not save is refused now, in plain words
    proposal = CatalogueProposal(offense=offense, changes=_to_json(data), reason=reason.strip(),
                                 agency=acting_user.agency, proposed_by=acting_user)  # fmt: skip
    return create_audited(proposal, action=A.PROPOSAL_CREATE, acting_user=acting_user,
                          agency=acting_user.agency, details={"changes": proposal.changes})  # fmt: skip


def _decide(proposal: CatalogueProposal, *, status: str, comments: str, acting_user):
    if not user_can(acting_user, Cap.EDIT_CATALOGUE):
        raise PermissionDenied("Only the catalogue steward accepts or rejects proposals.")
    proposal = CatalogueProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(f"This proposal was already {proposal.get_status_display().lower()}.")
    proposal.status, proposal.comments = status, comments.strip()
    proposal.reviewed_by, proposal.reviewed_at = acting_user, timezone.now()
    proposal.save(update_fields=["status", "comments", "reviewed_by", "reviewed_at"])
    audit_record(action=A.PROPOSAL_ACCEPT if status == ProposalStatus.ACCEPTED else A.PROPOSAL_REJECT,
                 acting_user=acting_user, obj=proposal, statewide=True,
                 details={"comments": proposal.comments, "proposer_agency": proposal.agency_id})  # fmt: skip
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: CatalogueProposal, comments: str, acting_user) -> CatalogueProposal:
    """Apply the proposed change to the catalogue (statewide) and close the proposal."""
    proposal = _decide(proposal, status=ProposalStatus.ACCEPTED, comments=comments, acting_user=acting_user)
    offense = (
        Offense.objects.select_for_update().get(pk=proposal.offense_id) if proposal.offense_id else Offense()
    )
    saved = offense_save(
        offense=offense, data=proposed_data(proposal), acting_user=acting_user, proposal=proposal
    )
    if proposal.offense_id is None:
        proposal.offense = saved
        proposal.save(update_fields=["offense"])
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: CatalogueProposal, comments: str, acting_user) -> CatalogueProposal:
    if not comments.strip():
        raise ValidationError({"comments": "Say why the proposal is rejected: the agency reads it."})
    return _decide(proposal, status=ProposalStatus.REJECTED, comments=comments, acting_user=acting_user)
