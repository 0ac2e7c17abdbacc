"""The facts the rule engine sees for a detainer, built from the case's records.

``scenario_for_detainer`` returns a scenario dict exactly as contracts/SCENARIOS.md defines
it, so the decision screen, the CLI and training all feed the engine the same shape. The
catalogue the engine reads with it comes from ``cases.catalogue.provider.current_catalogue``.
"""

from django.utils import timezone

from cases.models import ChargeStatus


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
    }


def scenario_for_detainer(detainer, *, decided_at, rule_set=None, convictions=None, charges=None) -> dict:
    """The scenario for ``detainer`` as of ``decided_at``.

    ``convictions`` and ``charges`` may be passed already loaded (the decision screen
    prefetches them); otherwise they are read from the case and person.
    """
    case = detainer.case
    convictions = list(case.person.convictions.all()) if convictions is None else convictions
    charges = list(case.charges.all()) if charges is None else charges
    return {
        "decided_at": _iso(decided_at),
        "rule_set": rule_set,
        "releasable_at": _iso(case.releasable_at),
        "interview_consent": detainer.interview_consent_at is not None,
        "agency_policy": {"interview_requires_consent": True},  # SCENARIOS.md v2: the default
        "detainer": {
            "form": detainer.form,
            "documents": [
                {"kind": d.kind, "form": d.form, "signed_by": d.signed_by} for d in detainer.documents.all()
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
        },
    }
