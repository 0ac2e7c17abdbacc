"""The facts the rule engine sees for a detainer, built from the case's records.

``scenario_for_detainer`` returns a scenario dict exactly as contracts/SCENARIOS.md defines
it, so the decision screen, the CLI and training all feed the engine the same shape. The
catalogue the engine reads with it comes from ``cases.catalogue.provider.current_catalogue``.
"""

from django.utils import timezone

from cases.models import ChargeStatus, DocumentKind, SeriousInjury
from cases.models.policy import interview_requires_consent

# Documents the engine reads as a detainer document; a court order under 8 U.S.C.
# § 1225(d)(4)(B) is a fact about the interview instead (subject.interview_court_order).
ENGINE_DOCUMENT_KINDS = (
    DocumentKind.JUDICIAL_WARRANT,
    DocumentKind.ADMINISTRATIVE_WARRANT,
    DocumentKind.UNCLEAR,
)


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def conviction_facts(conviction) -> dict:
    return {
        "statute": conviction.statute,
        "subdivision": conviction.subdivision or None,
        "victim_age": conviction.victim_age,
        "felony_class": conviction.felony_class_override or None,
        "jurisdiction": conviction.jurisdiction,
        "juvenile": conviction.juvenile,
        "participation": conviction.participation or "principal",
        "offense_date": conviction.offense_date.isoformat() if conviction.offense_date else None,
        # recorded for the catalogue's serious_physical_injury condition; contract v2 has no
        # field for it, so the engine ignores it (unknown extra fields are ignored)
        "serious_physical_injury": _yes_no(conviction.serious_physical_injury),
    }


def _yes_no(value):
    return {SeriousInjury.YES: True, SeriousInjury.NO: False}.get(value)


def _policy(agency_id) -> dict:
    return {"interview_requires_consent": interview_requires_consent(agency_id)}


def scenario_for_detainer(
    detainer, *, decided_at, rule_set=None, convictions=None, charges=None, policy=None
) -> dict:
    """The scenario for ``detainer`` as of ``decided_at``.

    ``convictions``, ``charges`` and the agency's ``policy`` (``agency_policy``) may be passed
    already loaded (the decision screen prefetches them); otherwise they are read.
    """
    case = detainer.case
    convictions = list(case.person.convictions.all()) if convictions is None else convictions
    charges = list(case.charges.all()) if charges is None else charges
    documents = list(detainer.documents.all())
    return {
        "decided_at": _iso(decided_at),
        "rule_set": rule_set,
        "releasable_at": _iso(case.releasable_at),
        "interview_consent": detainer.interview_consent_at is not None,
        "agency_policy": _policy(case.agency_id) if policy is None else policy,
        "detainer": {
            "form": detainer.form,
            "requests_notification": detainer.request_notify,
            "documents": [
                {"kind": d.kind, "form": d.form, "signed_by": d.signed_by}
                for d in documents
                if d.kind in ENGINE_DOCUMENT_KINDS
            ],
        },
        "subject": {
            "convictions": [conviction_facts(c) for c in convictions],
            "pending_charges": [
                {"statute": c.statute, "subdivision": c.subdivision or None, "bond_posted": c.bond_posted}
                for c in charges
                if c.status == ChargeStatus.PENDING
            ],
            "tsdb_possible_match": case.tsdb_possible_match,
            "outstanding_ct_warrant": case.outstanding_ct_warrant,
            "gang_database_match": case.gang_database_match,
            "final_order_of_removal": case.final_order_of_removal,
            "public_safety_risk": case.public_safety_risk,
            "interview_court_order": any(d.kind == DocumentKind.INTERVIEW_COURT_ORDER for d in documents),
        },
    }
