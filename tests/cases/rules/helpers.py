"""Builders for rule-engine test scenarios (plain dicts, as the contract's JSON)."""

from __future__ import annotations

from datetime import datetime

# A decision time well inside each rule set's period (New York local time).
DECIDED = {
    "none": "2013-06-04T09:00:00-04:00",
    "ct-2013": "2018-06-05T09:00:00-04:00",  # a Tuesday
    "ct-2019": "2024-04-23T09:00:00-04:00",  # a Tuesday
    "ct-2025": "2025-11-04T09:00:00-05:00",  # a Tuesday
}
# Release an hour after the decision, on the same working day.
RELEASABLE = {
    "none": "2013-06-04T10:00:00-04:00",
    "ct-2013": "2018-06-05T10:00:00-04:00",
    "ct-2019": "2024-04-23T10:00:00-04:00",
    "ct-2025": "2025-11-04T10:00:00-05:00",
}

ADMIN = {"kind": "administrative_warrant", "form": "I-205"}
JUDICIAL = {"kind": "judicial_warrant", "signed_by": "United States Magistrate Judge"}
UNCLEAR = {"kind": "unclear"}

ACTIONS = ("detain", "notify_release", "transfer", "interview")
P, X, R = "permitted", "prohibited", "needs_review"


def conviction(
    statute: str,
    subdivision: str | None = None,
    victim_age: int | None = None,
    felony_class: str | None = None,
    jurisdiction: str = "CT",
    juvenile: bool = False,
) -> dict:
    return {
        "statute": statute,
        "subdivision": subdivision,
        "victim_age": victim_age,
        "felony_class": felony_class,
        "jurisdiction": jurisdiction,
        "juvenile": juvenile,
    }


def charge(statute: str, subdivision: str | None = None, bond_posted: bool | None = False) -> dict:
    return {"statute": statute, "subdivision": subdivision, "bond_posted": bond_posted}


def scenario(
    rule_set: str = "ct-2019",
    *,
    forced: bool = False,
    decided_at: str | None = None,
    releasable_at: str | None = "default",
    consent: bool = False,
    documents: list | None = None,
    convictions: list | None = None,
    charges: list | None = None,
    **flags: bool,
) -> dict:
    """A scenario decided during ``rule_set``'s period (or forcing it, with ``forced``)."""
    return {
        "decided_at": decided_at or DECIDED[rule_set],
        "rule_set": rule_set if forced else None,
        "releasable_at": RELEASABLE[rule_set] if releasable_at == "default" else releasable_at,
        "interview_consent": consent,
        "detainer": {"form": "I-247A", "documents": [ADMIN] if documents is None else documents},
        "subject": {
            "convictions": convictions or [],
            "pending_charges": charges or [],
            **flags,
        },
    }


def verdicts(result: dict) -> tuple[str, str, str, str]:
    """The four verdicts in the order detain, notify_release, transfer, interview."""
    return tuple(result["actions"][name]["verdict"] for name in ACTIONS)


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def trace_entry(result: dict, rule_id: str) -> dict:
    matches = [entry for entry in result["trace"] if entry["rule"] == rule_id]
    assert len(matches) == 1, f"{rule_id} appears {len(matches)} times in the trace"
    return matches[0]
